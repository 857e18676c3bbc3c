import { describe, expect, it } from '@jest/globals';
import { DEFAULT_DENY_TYPES } from '../options.js';
import { DEFAULT_MAX_ATTACHMENT_BYTES, decideAttachment } from './attachment-policy.js';
import type { ParsedAttachment } from './message-types.js';

const file = (fileName: string, mimeType: string, size: number, inline = false): ParsedAttachment => ({
  fileName,
  mimeType,
  size,
  sha256: 'x',
  content: new Uint8Array(size),
  inline,
});
const policy = {
  denyTypes: DEFAULT_DENY_TYPES,
  maxAttachmentBytes: DEFAULT_MAX_ATTACHMENT_BYTES,
  minInlineImageBytes: 8192,
};

describe('decideAttachment', () => {
  it('fits the default size into IT Glue 10 MB request after base64', () => {
    expect(Math.ceil(DEFAULT_MAX_ATTACHMENT_BYTES / 3) * 4).toBeLessThan(10 * 1024 * 1024);
    expect(
      decideAttachment(file('big.pdf', 'application/pdf', DEFAULT_MAX_ATTACHMENT_BYTES + 1), policy),
    ).toEqual({
      keep: false,
      notable: true,
      reason: `${DEFAULT_MAX_ATTACHMENT_BYTES + 1} bytes is over maxAttachmentBytes (${DEFAULT_MAX_ATTACHMENT_BYTES})`,
    });
  });

  it('skips tiny inline images and signatures quietly, empty and denied files with a reason', () => {
    expect(decideAttachment(file('logo.png', 'image/png', 500, true), policy)).toMatchObject({
      keep: false,
      notable: false,
    });
    expect(decideAttachment(file('diagram.png', 'image/png', 50_000, true), policy)).toEqual({ keep: true });
    expect(decideAttachment(file('smime.p7s', 'application/pkcs7-signature', 900), policy)).toMatchObject({
      notable: false,
    });
    expect(decideAttachment(file('empty.txt', 'text/plain', 0), policy)).toMatchObject({
      notable: true,
      reason: 'empty (0 bytes)',
    });
    expect(decideAttachment(file('SETUP.EXE', 'application/octet-stream', 10), policy)).toMatchObject({
      keep: false,
      notable: true,
    });
  });

  it('allowTypes takes MIME types, families and extensions', () => {
    const only = { ...policy, allowTypes: ['application/pdf', 'image/*', '.txt'] };
    expect(decideAttachment(file('a.pdf', 'application/pdf', 10), only).keep).toBe(true);
    expect(decideAttachment(file('a.jpg', 'image/jpeg', 10_000), only).keep).toBe(true);
    expect(decideAttachment(file('notes.TXT', 'application/octet-stream', 10), only).keep).toBe(true);
    expect(decideAttachment(file('a.docx', 'application/msword', 10), only)).toMatchObject({ keep: false });
  });

  it.each([
    ['payload.exe.'],
    ['payload.exe . .'],
    ['payload.exe\u00a0'],
    ['payload.exe\u202c'],
    ['payload.e\u200bxe'],
    ['payload.\uff45\uff58\uff45'],
    ['invoice\u202efdp.exe'],
    ['invoice.pdf.exe'],
    ['update.hta'],
    ['shortcut.lnk'],
    ['run.wsf'],
    ['login.html'],
    ['page.HTM'],
    ['disk.iso'],
  ])('denies %j by default: the name as Windows would save it', (name) => {
    expect(decideAttachment(file(name, 'application/octet-stream', 10), policy)).toMatchObject({
      keep: false,
      notable: true,
    });
  });

  it('denies what the bytes reveal: a program under a PDF name and type, an SVG with script', () => {
    const program = { ...file('report.pdf', 'application/pdf', 10), sniffed: '.exe' };
    expect(decideAttachment(program, policy)).toEqual({
      keep: false,
      notable: true,
      reason: 'its content is a .exe file, which is in denyTypes',
    });
    const svg = {
      ...file('diagram.svg', 'image/svg+xml', 10),
      activeContent: 'an SVG image with a <script> element',
    };
    expect(decideAttachment(svg, { ...policy, denyTypes: [] })).toMatchObject({ keep: false });
    expect(decideAttachment(file('network.svg', 'image/svg+xml', 10), policy)).toEqual({ keep: true });
    expect(decideAttachment(file('licence.cer', 'application/pkix-cert', 10), policy)).toEqual({
      keep: true,
    });
  });
});
