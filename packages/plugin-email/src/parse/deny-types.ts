/**
 * What is never uploaded unless `denyTypes` says otherwise: files that run code when a person opens
 * them from IT Glue — never documentation, and dangerous to hand to the next reader. Drawn from the
 * types Outlook blocks (its "Level 1" list) and those mail-borne malware uses today (disk images and
 * shortcuts that shed the mark of the web, HTML smuggling), minus what an MSP mails as documentation
 * (certificates, Office files, archives).
 */

const words = (list: string): string[] => list.trim().split(/\s+/);

/** Programs and installers. */
const PROGRAMS = words(`
  .exe .com .scr .pif .cpl .dll .msi .msp .msu .appx .msix .appxbundle .msixbundle .application
  .appref-ms .xbap .gadget .xll .jar .jnlp
`);

/** Scripts and the hosts that run them. */
const SCRIPTS = words(`
  .bat .cmd .ps1 .psm1 .psd1 .ps1xml .ps2 .ps2xml .psc1 .psc2 .vb .vbs .vbe .js .jse .mjs .wsf
  .wsh .wsc .ws .sct .hta .msc .msh .msh1 .msh2 .reg .inf .ins .isp .scf .chm .hlp .py .pyw .pyz
`);

/** Shortcuts and links that open something else (some leak credentials just by being viewed). */
const SHORTCUTS = words('.lnk .url .website .settingcontent-ms .library-ms .search-ms');

/** Containers Windows mounts with one click, whose contents lose the mark of the web. */
const DISK_IMAGES = words('.iso .img .vhd .vhdx');

/** Pages that run script in the browser of whoever opens them (HTML smuggling). */
const WEB_PAGES = words('.html .htm .xhtml .shtml .mht .mhtml .svgz .xht');

/** The same by MIME type, for parts whose name hides what they are. */
const MIME_TYPES = [
  'application/x-msdownload',
  'application/x-msdos-program',
  'application/x-dosexec',
  'application/x-ms-installer',
  'application/x-msi',
  'application/x-ms-shortcut',
  'application/hta',
  'application/java-archive',
  'application/javascript',
  'text/javascript',
  'text/html',
  'application/xhtml+xml',
];

export const DEFAULT_DENY_TYPES: readonly string[] = Object.freeze([
  ...PROGRAMS,
  ...SCRIPTS,
  ...SHORTCUTS,
  ...DISK_IMAGES,
  ...WEB_PAGES,
  ...MIME_TYPES,
]);
