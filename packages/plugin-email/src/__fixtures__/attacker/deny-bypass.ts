/**
 * Point 15 of issue 17: names and contents that slipped past the attachment deny-list — trailing dots
 * and spaces (Windows drops them on save), invisible and bidi characters, fullwidth letters, types
 * the list did not name, a program under a PDF's name and type, and SVG images that carry script.
 */
import type { FilePart } from './mime.js';
import { mail } from './mime.js';

/** A minimal Windows program header: `MZ`, e_lfanew at 0x3c pointing at `PE\0\0`. */
export function portableExecutable(): Buffer {
  const bytes = Buffer.alloc(256);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\u0000\u0000', 0x80, 'latin1');
  return bytes;
}

const SCRIPTED_SVG = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>';
const HANDLER_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg"><rect width="9" height="9" onload="fetch(1)"/></svg>';
const LINK_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="&#106;ava&#x09;script:alert(1)"><text>x</text></a></svg>';
const CLEAN_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10" fill="#036"/><text x="1" y="8">LAN</text></svg>';

/** Each file the deny-list must refuse, by the name it arrives with. */
export const DENY_BYPASS_FILES: FilePart[] = [
  { name: 'payload.exe.', type: 'application/octet-stream', content: portableExecutable() },
  { name: 'payload2.exe . .', type: 'application/octet-stream', content: 'not really a program' },
  { name: 'payload3.exe\u202c', type: 'application/octet-stream', content: 'pop-directional at the end' },
  { name: 'payload4.e\u200bxe', type: 'application/octet-stream', content: 'zero-width space inside' },
  { name: 'payload5.\uff45\uff58\uff45', type: 'application/octet-stream', content: 'fullwidth exe' },
  { name: 'invoice\u202efdp.exe', type: 'application/octet-stream', content: 'reads as invoiceexe.pdf' },
  { name: 'invoice.pdf.exe', type: 'application/octet-stream', content: 'double extension' },
  { name: 'update.hta', type: 'application/octet-stream', content: '<script>new ActiveXObject(1)</script>' },
  { name: 'shortcut.lnk', type: 'application/octet-stream', content: 'a shell link' },
  { name: 'run.wsf', type: 'text/xml', content: '<job><script language="JScript">1</script></job>' },
  { name: 'login.html', type: 'text/html', content: '<form action="https://evil.example">' },
  { name: 'report.pdf', type: 'application/pdf', content: portableExecutable() },
  { name: 'diagram.svg', type: 'image/svg+xml', content: SCRIPTED_SVG },
  { name: 'rack.svg', type: 'image/svg+xml', content: HANDLER_SVG },
  { name: 'map.svg', type: 'image/svg+xml', content: LINK_SVG },
];

/** Files that must still be imported next to them. */
export const HARMLESS_FILES: FilePart[] = [
  { name: 'network.svg', type: 'image/svg+xml', content: CLEAN_SVG },
  { name: 'notes.txt', type: 'text/plain', content: 'VLAN 10: servers\n' },
];

export function denyBypassMail(): Buffer {
  return mail({
    from: 'Acme IT <it@acme.example>',
    subject: 'Files for the documentation',
    messageId: 'deny-bypass@acme.example',
    body: 'See attached.',
    files: [...DENY_BYPASS_FILES, ...HARMLESS_FILES],
  });
}
