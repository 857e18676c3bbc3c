import { describe, expect, it } from '@jest/globals';
import { isAllowedLink, isSafeImage, refusedLinkScheme, urlScheme } from './url-policy.js';

describe('url policy', () => {
  it('reads schemes the way browsers do', () => {
    expect(urlScheme('MAILTO:a@b.c')).toBe('mailto');
    expect(urlScheme(' \u0001java\tscr\nipt:alert(1)')).toBe('javascript');
    expect(urlScheme('foo):')).toBeUndefined();
    expect(urlScheme('./a.md#x')).toBeUndefined();
    expect(urlScheme('%6Aavascript:x')).toBeUndefined();
  });

  it('keeps http, https, mailto, tel and relative links; drops every other scheme whatever its spelling', () => {
    for (const bad of [
      'javascript:x',
      'JaVaScRiPt:x',
      '  javascript:x',
      'java\nscript:x',
      'vbscript:x',
      'data:text/html,x',
      'ms-msdt:/id PCWDiagnostic',
      'search-ms:query=x&crumb=location:\\\\evil\\s',
      'ms-appinstaller:?source=https://evil/x.appinstaller',
      'file:///c:/windows/system32/calc.exe',
      'rdp://dc01',
    ])
      expect(isAllowedLink(bad)).toBe(false);
    for (const good of [
      'https://a',
      'HTTP://a',
      'MAILTO:a@b.c',
      'tel:+1555',
      '#top',
      'a/b.md',
      '../x',
      '//cdn/a',
      '?q',
    ])
      expect(isAllowedLink(good)).toBe(true);
  });

  it('adds configured schemes, but never a refused one', () => {
    expect(isAllowedLink('rdp://dc01', ['rdp', 'ssh'])).toBe(true);
    expect(isAllowedLink('ssh://fw', ['rdp', 'ssh'])).toBe(true);
    expect(isAllowedLink('ms-msdt:x', ['ms-msdt'])).toBe(false);
    expect(isAllowedLink('javascript:x', ['javascript'])).toBe(false);
    for (const scheme of [
      'javascript',
      'data',
      'file',
      'search-ms',
      'ms-msdt',
      'ms-appinstaller',
      'ms-officecmd',
    ])
      expect(refusedLinkScheme(scheme)).toMatch(/can run code or open local files/);
    expect(refusedLinkScheme('rdp')).toBeUndefined();
  });

  it('keeps only http(s) and relative images', () => {
    expect(isSafeImage('HTTPS://cdn/a.png')).toBe(true);
    expect(isSafeImage('img/a.png')).toBe(true);
    expect(isSafeImage('data:image/png;base64,AA')).toBe(false);
    expect(isSafeImage('file:///c/a.png')).toBe(false);
  });
});
