/**
 * The plugin's error catalogue (core's `defineErrors()`, like core's own): every code the plugin
 * throws or reports has a stable code, a one-line message and a hint, built here so wording stays in
 * one place (and tests can pin it). A test greps the sources: no code outside this table.
 */
import { defineErrors } from '@glueflow/core';
import type { ErrorExtras, ErrorText, GlueflowError } from '@glueflow/core';

/** Per-message notes whose line is said where they happen (else: what the code means) and their fix. */
const noted =
  (summary: string, fix: string) =>
  (c: { reason?: string }): ErrorText => ({ message: c.reason ?? summary, hint: fix });

export const emailErrors = defineErrors({
  EEMAIL_PARSE: (c: { item: string; reason: string }) => ({
    message: `Cannot parse the message ${c.item}: ${c.reason}`,
    hint: 'The file is not a readable RFC 5322 message; fix or remove it — the other messages are imported.',
  }),
  EEMAIL_SOURCE_PATH: (c: { path: string; reason: string }) => ({
    message: `The directory source path ${c.path} cannot be read: ${c.reason}`,
    hint: 'Set source.path to an existing folder (relative paths resolve against the config file).',
  }),
  EEMAIL_SOURCE_MISSING: (_: Record<string, never>) => ({
    message: 'No source is configured for email.import',
    hint: 'Set `source` in the step `with:` block or in the plugin options.',
  }),
  EEMAIL_INSECURE_URL: (c: { setting: string; url: string }) => ({
    message: `${c.setting} uses plain http to a non-loopback host (${c.url})`,
    hint: 'Use https://; plain http is only allowed to 127.0.0.1 / localhost for local testing.',
  }),
  EEMAIL_IMAP_AUTH: (c: { host: string; user: string }) => ({
    message: `The IMAP server ${c.host} refused the login of ${c.user}`,
    hint: 'Check source.user and the secret behind source.password (for Microsoft 365 use OAuth, not a password).',
  }),
  EEMAIL_IMAP_CONNECT: (c: { host: string; port: number; reason: string }) => ({
    message: `Cannot talk to the IMAP server ${c.host}:${c.port}: ${c.reason}`,
    hint: 'Check source.host, source.port and source.secure (993 = TLS; 143 = STARTTLS).',
  }),
  EEMAIL_IMAP_MAILBOX: (c: { mailbox: string; reason: string }) => ({
    message: `The IMAP mailbox "${c.mailbox}" cannot be opened: ${c.reason}`,
    hint: 'Check source.mailbox (folder names are case-sensitive except INBOX).',
  }),
  EEMAIL_GRAPH_AUTH: (c: { tenantId: string; clientId: string; reason: string }) => ({
    message: `Microsoft Entra ID refused a token for client ${c.clientId} in tenant ${c.tenantId}: ${c.reason}`,
    hint: 'Check source.tenantId, source.clientId and the secret behind source.clientSecret; the app needs the Mail.Read application permission with admin consent.',
  }),
  EEMAIL_GRAPH_FORBIDDEN: (c: { mailbox: string; reason: string }) => ({
    message: `Microsoft Graph refused access to the mailbox ${c.mailbox}: ${c.reason}`,
    hint: 'Grant the app Mail.Read (application) and check Exchange RBAC for Applications scoping of source.mailbox.',
  }),
  EEMAIL_GRAPH_NOT_FOUND: (c: { what: string }) => ({
    message: `Microsoft Graph has no ${c.what}`,
    hint: 'Check source.mailbox (user id or UPN) and source.folder (a folder id or a well-known name such as inbox).',
  }),
  EEMAIL_GRAPH_REQUEST: (c: { status: number; path: string; reason: string }) => ({
    message: `Microsoft Graph answered ${c.status} to ${c.path}: ${c.reason}`,
    hint: 'Retried where Graph allows it; if it persists, check https://status.cloud.microsoft.',
  }),
  EEMAIL_GRAPH_PUBLIC_URL: (_: Record<string, never>) => ({
    message: 'serve.publicUrl is needed for Graph subscriptions',
    hint: 'Set serve.publicUrl to the https:// address Microsoft Graph reaches glueflow serve at (e.g. behind a reverse proxy), or turn source.subscribe off.',
  }),
  EEMAIL_GRAPH_SUBSCRIPTION: (c: { action: string; mailbox: string; folder: string; reason: string }) => ({
    message: `Cannot ${c.action} the Graph subscription for ${c.mailbox}/${c.folder}: ${c.reason}`,
    hint: 'Retried every few minutes; meanwhile scheduled delta runs still import the mail. Check that serve.publicUrl reaches this serve from the internet and the app has Mail.Read.',
  }),
  EEMAIL_GRAPH_NOTIFICATION: (c: { reason: string }) => ({
    message: `Ignored a Microsoft Graph notification: ${c.reason}`,
    hint: 'Forged or stale (a subscription of an earlier install) notifications are answered 202 and never imported; nothing to do unless it repeats for a current subscription.',
  }),
  EEMAIL_ROUTE_ORGANIZATION: (c: { name: string; setting: string }) => ({
    message: `${c.setting} names the organization "${c.name}", which IT Glue does not have`,
    hint: 'Use the organization name exactly as IT Glue shows it (case does not matter).',
  }),
  EEMAIL_MESSAGE_TOO_LARGE: noted(
    'A message is larger than maxMessageBytes: not read, skipped.',
    'Raise maxMessageBytes to import it (the parser needs several times its size in memory).',
  ),
  EEMAIL_MESSAGE_ID_REUSED: noted(
    'Two different messages share a Message-ID: each is imported as a record of its own.',
    'A sender reused (or forged) a Message-ID. Neither record overwrites the other; check the newer message before trusting it.',
  ),
  EEMAIL_ROUTE_TAG: noted(
    'A subject tag names an organization IT Glue does not have.',
    'Use the organization name exactly as IT Glue shows it in the subject tag.',
  ),
  EEMAIL_UNROUTED: noted(
    'No routing rule gives the message an organization: skipped.',
    'Add the sender to route.map, a subject tag like [Org: Name], or set route.defaultOrganization.',
  ),
  EEMAIL_ATTACHMENT_SKIPPED: noted(
    'A file of a message is left out (denied, not allowed, empty or too large), or IT Glue skipped it.',
    'Change the attachment policy options if such files are wanted.',
  ),
  EEMAIL_ATTACHMENT_LIMIT: noted(
    'A message has more files than maxAttachmentsPerMessage.',
    'Raise maxAttachmentsPerMessage if such mail is expected; a mail with thousands of parts is usually an attack.',
  ),
  EEMAIL_GRAPH_RESYNC: noted(
    'Microsoft Graph expired the folder’s delta link: the folder is listed again in full.',
    'Nothing to do: messages imported before are recognised and not imported twice.',
  ),
});

export type EmailErrorCode = (typeof emailErrors.codes)[number];

export function emailError<C extends EmailErrorCode>(
  code: C,
  context: Parameters<(typeof emailErrors.definitions)[C]>[0],
  extras: Pick<ErrorExtras, 'where' | 'cause'> = {},
): GlueflowError {
  return emailErrors.create(code, context, extras);
}
