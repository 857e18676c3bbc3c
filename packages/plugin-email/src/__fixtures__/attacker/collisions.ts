/**
 * Point 8 of issue 17: identity collisions. A forger reuses a real message's Message-ID (another sender,
 * body and file), and monitoring systems send alerts without any Message-ID whose headers are all equal.
 */
import { mail } from './mime.js';

export const REUSED_MESSAGE_ID = 'licence-2026@acme.example';

/** The real vendor mail and a forged one under the same Message-ID and subject. */
export function collidingMessageIds(): { real: Buffer; forged: Buffer } {
  const subject = 'Your licence keys';
  return {
    real: mail({
      from: 'Acme Licensing <licensing@acme.example>',
      subject,
      messageId: REUSED_MESSAGE_ID,
      body: 'Your licence key is AAAA-BBBB-CCCC.',
      files: [{ name: 'licence.txt', type: 'text/plain', content: 'AAAA-BBBB-CCCC\n' }],
    }),
    forged: mail({
      from: 'Acme Billing <billing@acme.example>',
      subject,
      messageId: REUSED_MESSAGE_ID,
      body: 'Please pay the attached invoice to our new bank account.',
      files: [{ name: 'invoice.txt', type: 'text/plain', content: 'IBAN XX00 0000 0000\n' }],
    }),
  };
}

/** Two alerts with identical headers and no Message-ID; only the bodies differ. */
export function alertsWithoutMessageId(): [Buffer, Buffer] {
  const alert = (body: string) =>
    mail({ from: 'monitor@acme.example', subject: 'ALERT: disk space low on SRV01', body });
  return [alert('C: is 91% full.'), alert('D: is 97% full.')];
}
