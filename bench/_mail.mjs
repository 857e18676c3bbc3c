// A vendor mail for the email benches (bench/email.mjs, bench/scale-out.mjs): HTML + text body, an
// inline screenshot and a PDF attachment. Not a bench itself (bench/run.mjs skips files starting with _).

function wrap(base64) {
  return base64.replace(/.{76}/g, '$&\r\n');
}

/** A vendor mail: HTML + text body, an inline screenshot and a PDF attachment. */
export function message(n, pdfBytes, pngBytes) {
  const boundary = `b${n}`;
  return [
    `From: Vendor ${n % 7} <sales${n % 7}@acme.example>`,
    'To: docs@msp.example',
    `Subject: Licence renewal ${n}`,
    'Date: Tue, 03 Mar 2026 09:15:00 +0100',
    `Message-ID: <bench-${n}@acme.example>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    `Content-Type: multipart/related; boundary="r${boundary}"`,
    '',
    `--r${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    '',
    `<p>Hello,</p><p>renewal <b>${n}</b> attached.</p><img src="cid:shot${n}"><table><tr><td>seat</td><td>${n}</td></tr></table>`,
    `--r${boundary}`,
    'Content-Type: image/png; name="screenshot.png"',
    `Content-ID: <shot${n}>`,
    'Content-Transfer-Encoding: base64',
    '',
    wrap(pngBytes.toString('base64')),
    `--r${boundary}--`,
    `--${boundary}`,
    `Content-Type: application/pdf; name="licence-${n}.pdf"`,
    `Content-Disposition: attachment; filename="licence-${n}.pdf"`,
    'Content-Transfer-Encoding: base64',
    '',
    wrap(pdfBytes.toString('base64')),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}
