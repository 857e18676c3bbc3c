/**
 * The attacker corpus of issue 17 (hostile input): generators, not files, so the big cases cost no
 * repository space and every size can be chosen — small in the test suite, full size in
 * bench/email-hostile.mjs.
 */
export { alertsWithoutMessageId, collidingMessageIds, REUSED_MESSAGE_ID } from './collisions.js';
export { DENY_BYPASS_FILES, denyBypassMail, HARMLESS_FILES, portableExecutable } from './deny-bypass.js';
export { smallMessage, writeHugeLineMbox, writeOversizeMail } from './huge.js';
export { manyPartsMail } from './many-parts.js';
export { mail } from './mime.js';
export type { FilePart, MailSpec } from './mime.js';
