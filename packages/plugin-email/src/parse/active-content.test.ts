import { describe, expect, it } from '@jest/globals';
import { portableExecutable } from '../__fixtures__/attacker/index.js';
import { isSvg, sniffExtension, svgActiveContent } from './active-content.js';

const bytes = (text: string) => Buffer.from(text);

describe('sniffExtension', () => {
  it('tells a Windows program and a shortcut by their bytes, not text that happens to start "MZ"', () => {
    expect(sniffExtension(portableExecutable())).toBe('.exe');
    expect(sniffExtension(bytes(`MZ,Mozambique,${'x'.repeat(100)}`))).toBeUndefined();
    const link = Buffer.alloc(76);
    Buffer.from([0x4c, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0x46]).copy(link);
    expect(sniffExtension(link)).toBe('.lnk');
  });
});

describe('svgActiveContent', () => {
  it.each([
    ['<svg><script>alert(1)</script></svg>', 'an SVG image with a <script> element'],
    ['<svg><svg:script href="x.js"/></svg>', 'an SVG image with a <script> element'],
    ['<svg><rect onclick = "x()"/></svg>', 'an SVG image with an on… event handler'],
    ['<svg><a href="&#106;ava&#x09;script:alert(1)">x</a></svg>', 'an SVG image with a javascript: link'],
    ['<svg><a href="java\nscript:1">x</a></svg>', 'an SVG image with a javascript: link'],
    ['<svg><foreignObject><iframe/></foreignObject></svg>', 'an SVG image with a <foreignobject> element'],
    ['<!DOCTYPE svg [<!ENTITY x "y">]><svg>&x;</svg>', 'an SVG image with XML entity declarations'],
  ])('%j carries script', (svg, reason) => {
    expect(svgActiveContent(bytes(svg))).toBe(reason);
  });

  it('leaves a plain diagram alone, also in UTF-16', () => {
    const plain =
      '<svg xmlns="http://www.w3.org/2000/svg"><rect width="9" height="9"/><text>Turn on</text></svg>';
    expect(svgActiveContent(bytes(plain))).toBeUndefined();
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('<svg><script>1</script></svg>', 'utf16le'),
    ]);
    expect(svgActiveContent(utf16)).toBe('an SVG image with a <script> element');
  });

  it('knows an SVG by type, name or content', () => {
    expect(isSvg(bytes('<?xml version="1.0"?>\n<svg width="1">'), 'image/png', '.png')).toBe(true);
    expect(isSvg(bytes('%PDF-1.7'), 'application/pdf', '.pdf')).toBe(false);
    expect(isSvg(bytes('<!DOCTYPE svg [<!ENTITY a "b">]>\n<svg>'), 'image/png', '.png')).toBe(true);
    expect(isSvg(bytes('How to draw: <svg onload="x">'), 'text/plain', '.txt')).toBe(false);
  });
});
