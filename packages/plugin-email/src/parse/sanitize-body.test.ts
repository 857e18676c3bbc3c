import { describe, expect, it } from '@jest/globals';
import { MAX_BODY_CHARS, sanitizeBody, textToHtml } from './sanitize-body.js';

const none = { inlineNames: new Map<string, string>() };

describe('sanitizeBody', () => {
  it('removes scripts, styles, event handlers, javascript: and data: URLs, frames and forms', () => {
    const html = sanitizeBody(
      `<style>p{}</style><script>x()</script><p onclick="x()" style="color:red">Hi <a href="javascript:x()">a</a>
       <a href="https://ok.example/">b</a></p><img src="data:image/png;base64,AAAA"><iframe src="https://x"></iframe>
       <form action="https://x"><input name="p"></form><svg onload="x()"><circle/></svg>`,
      none,
    );
    for (const banned of [
      '<script',
      'x()',
      'onclick',
      'style=',
      'javascript:',
      'data:',
      '<iframe',
      '<form',
      '<input',
      'onload',
      '<svg',
    ])
      expect(html).not.toContain(banned);
    expect(html).toContain('<a href="https://ok.example/">b</a>');
  });

  it('keeps tables and names cid images after the attachment they were', () => {
    const html = sanitizeBody(
      '<table border="1"><tr><td colspan="2">x</td></tr></table><img src="cid:Logo@X">',
      {
        inlineNames: new Map([['logo@x', 'logo.png']]),
      },
    );
    expect(html).toContain('<td colspan="2">x</td>');
    expect(html).toContain('[image: logo.png]');
    expect(html).not.toContain('cid:');
  });

  it('cuts huge bodies at a block boundary with a note', () => {
    const html = sanitizeBody(
      '<p>' + 'x'.repeat(1000) + '</p>'.repeat(1) + '<p>y</p>'.repeat(MAX_BODY_CHARS / 4),
      none,
    );
    expect(html.length).toBeLessThanOrEqual(MAX_BODY_CHARS + 200);
    expect(html).toMatch(/truncated.*<\/em><\/p>$/);
  });
});

describe('textToHtml', () => {
  it('escapes and keeps paragraphs and line breaks', () => {
    expect(textToHtml('a <b>\nc\n\nd & e')).toBe('<p>a &lt;b&gt;<br>c</p>\n<p>d &amp; e</p>');
  });
});
