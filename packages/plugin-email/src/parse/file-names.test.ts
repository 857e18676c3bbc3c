/** Attachment names from a message can never carry a path: whatever a sender writes, only a base name is kept. */
import { describe, expect, it } from '@jest/globals';
import { safeFileName } from './file-names.js';

describe('safeFileName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\Windows\\System32\\drivers\\hosts', 'hosts'],
    ['/absolute/path/report.pdf', 'report.pdf'],
    ['C:\\Users\\me\\Desktop\\licence.lic', 'licence.lic'],
    ['..', 'attachment-1.pdf'],
    ['.hidden', 'hidden'],
    ['in\u0000voice<1>.pdf', 'in_voice_1_.pdf'],
  ])('%j becomes %j', (name, expected) => {
    const safe = safeFileName(name, 'application/pdf', 'attachment-1');
    expect(safe).toBe(expected);
    expect(safe).not.toMatch(/[\\/]|^\./);
  });

  it('a nameless part gets a stem and an extension from its type', () => {
    expect(safeFileName(null, 'image/png', 'inline-2')).toBe('inline-2.png');
    expect(safeFileName('', 'application/x-unknown', '../up')).toBe('.._up.bin');
  });

  it('cuts very long names but keeps the extension', () => {
    const safe = safeFileName(`${'a'.repeat(400)}.docx`, 'application/msword', 'x');
    expect(safe.length).toBeLessThanOrEqual(180);
    expect(safe.endsWith('.docx')).toBe(true);
  });
});

describe('safeFileName: what a person sees is what the file is', () => {
  it.each([
    ['payload.exe.', 'payload.exe'],
    ['payload.exe . .', 'payload.exe'],
    ['invoice\u202efdp.exe', 'invoicefdp.exe'],
    ['pay\u200bload.pdf', 'payload.pdf'],
  ])('%j becomes %j', (name, expected) => {
    expect(safeFileName(name, 'application/octet-stream', 'attachment-1')).toBe(expected);
  });
});
