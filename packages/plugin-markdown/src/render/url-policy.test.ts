import { describe, expect, it } from '@jest/globals';
import { isSafeImage, isSafeLink, urlScheme } from './url-policy.js';

describe('url policy', () => {
  it('reads schemes the way browsers do', () => {
    expect(urlScheme('MAILTO:a@b.c')).toBe('mailto');
    expect(urlScheme(' \u0001java\tscr\nipt:alert(1)')).toBe('javascript');
    expect(urlScheme('foo):')).toBeUndefined();
    expect(urlScheme('./a.md#x')).toBeUndefined();
    expect(urlScheme('%6Aavascript:x')).toBeUndefined();
  });

  it('drops script-capable links whatever their spelling, keeps runbook schemes', () => {
    for (const bad of [
      'javascript:x',
      'JaVaScRiPt:x',
      '  javascript:x',
      'java\nscript:x',
      'vbscript:x',
      'data:text/html,x',
    ])
      expect(isSafeLink(bad)).toBe(false);
    for (const good of [
      'https://a',
      'rdp://dc01',
      'ssh://fw',
      'tel:+1555',
      'smb://nas/s',
      'anydesk:123',
      '#top',
      'a/b.md',
    ])
      expect(isSafeLink(good)).toBe(true);
  });

  it('keeps only http(s) and relative images', () => {
    expect(isSafeImage('HTTPS://cdn/a.png')).toBe(true);
    expect(isSafeImage('img/a.png')).toBe(true);
    expect(isSafeImage('data:image/png;base64,AA')).toBe(false);
    expect(isSafeImage('file:///c/a.png')).toBe(false);
  });
});
