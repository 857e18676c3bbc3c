/**
 * The options of `email.import` (keep these names: they are the documented config surface). Every key
 * may also be set on the plugin entry, as defaults for every `email.import` step.
 */
import { onDeletedOption, secret } from '@glueflow/core';
import { z } from 'zod';
import { DEFAULT_MAX_ATTACHMENT_BYTES, DEFAULT_MIN_INLINE_IMAGE_BYTES } from './parse/attachment-policy.js';
import { DEFAULT_DENY_TYPES } from './parse/deny-types.js';

export { DEFAULT_DENY_TYPES };

/** Files uploaded per message at most: one mail with 10,000 parts must not become 10,000 uploads. */
export const DEFAULT_MAX_ATTACHMENTS_PER_MESSAGE = 100;

/**
 * Largest message read (50 MiB). The parser holds a message and its decoded parts in memory at once
 * (several times its size), and no mail server delivers much more than this.
 */
export const DEFAULT_MAX_MESSAGE_BYTES = 50 * 1024 * 1024;

const afterImport = z
  .strictObject({
    flag: z
      .string()
      .min(1)
      .optional()
      .describe('IMAP flag to add to each imported message, e.g. \\Seen or $Imported'),
    moveTo: z
      .string()
      .min(1)
      .optional()
      .describe('Mailbox to move each imported message to, e.g. Archive/IT Glue'),
  })
  .describe('What to do with a message on the server once it is in IT Glue (default: leave it)');

export const directorySourceSchema = z.strictObject({
  type: z.literal('directory'),
  path: z.string().min(1).describe('Folder with .eml and .mbox files (relative to the config file)'),
  recursive: z.boolean().default(true).describe('Also read sub-folders'),
});

export const imapSourceSchema = z.strictObject({
  type: z.literal('imap'),
  host: z.string().min(1).describe('IMAP server host name'),
  port: z.number().int().min(1).max(65535).default(993).describe('993 for TLS, 143 for STARTTLS'),
  secure: z
    .boolean()
    .default(true)
    .describe('TLS from the first byte (port 993); false = STARTTLS, required off loopback'),
  user: z.string().min(1).describe('Login name'),
  password: secret('IMAP password or app password'),
  mailbox: z.string().min(1).default('INBOX').describe('Folder to import from'),
  afterImport: afterImport.optional(),
});

/** Longest subscription lifetime Graph allows for Outlook messages (without resource data), in minutes. */
export const GRAPH_MAX_SUBSCRIPTION_MINUTES = 10_080;

export const graphSubscriptionSchema = z
  .strictObject({
    lifetimeMinutes: z
      .number()
      .int()
      .min(45)
      .max(GRAPH_MAX_SUBSCRIPTION_MINUTES - 10)
      .default(4320)
      .describe(
        'Lifetime asked for each subscription and renewal (default 4320 = 3 days; Graph allows < 7 days)',
      ),
    renewBeforeMinutes: z
      .number()
      .int()
      .min(1)
      .default(1440)
      .describe('Renew this long before the subscription expires (default 1440 = 1 day)'),
  })
  .refine((s) => s.renewBeforeMinutes < s.lifetimeMinutes, {
    message: 'renewBeforeMinutes must be less than lifetimeMinutes',
    path: ['renewBeforeMinutes'],
  });

export const graphSourceSchema = z.strictObject({
  type: z.literal('graph'),
  tenantId: z.string().min(1).describe('Microsoft Entra tenant id or domain'),
  clientId: z.string().min(1).describe('Application (client) id of the app registration'),
  clientSecret: secret('Client secret of the app registration'),
  mailbox: z.string().min(1).describe('User id or UPN of the mailbox, e.g. docs@msp.example'),
  folder: z.string().min(1).default('inbox').describe('Mail folder id or well-known name'),
  authorityHost: z
    .string()
    .url()
    .default('https://login.microsoftonline.com')
    .describe('Token authority (national clouds: https://login.microsoftonline.us …)'),
  graphUrl: z
    .string()
    .url()
    .default('https://graph.microsoft.com/v1.0')
    .describe('Graph endpoint incl. version (national clouds: https://graph.microsoft.us/v1.0 …)'),
  subscribe: z
    .union([z.boolean(), graphSubscriptionSchema])
    .default(false)
    .describe(
      'Under glueflow serve (with serve.publicUrl): subscribe to new mail in the folder and import each message as Graph pushes it; true or { lifetimeMinutes, renewBeforeMinutes }',
    ),
});

export const sourceSchema = z
  .discriminatedUnion('type', [directorySourceSchema, imapSourceSchema, graphSourceSchema])
  .describe('Where the mail comes from: directory, imap or graph');

export const routeSchema = z
  .strictObject({
    map: z
      .record(z.string(), z.string())
      .default({})
      .describe('Sender address or domain → organization name (or id); a domain covers its subdomains'),
    defaultOrganization: z.string().optional().describe('Organization for mail no other rule routes'),
    subjectTag: z
      .union([z.string().min(1), z.literal(false)])
      .default('Org')
      .describe('Label of the subject tag, as in "[Org: Acme]"; false turns subject tags off'),
  })
  .describe('How a message finds its organization; first match wins');

export const stepOptionShape = {
  source: sourceSchema.optional(),
  route: routeSchema.optional(),
  target: z
    .enum(['flexible-asset', 'document'])
    .optional()
    .describe('What each message becomes: a flexible asset (default) or a document'),
  flexibleAssetType: z.string().min(1).optional().describe('Flexible asset type name (default Email)'),
  allowTypes: z
    .array(z.string().min(1))
    .optional()
    .describe('Only these attachment types: MIME types, families (image/*) or extensions (.pdf)'),
  denyTypes: z
    .array(z.string().min(1))
    .optional()
    .describe('Never these attachment types (same forms); replaces the default list of executables'),
  maxAttachmentBytes: z
    .number()
    .int()
    .positive()
    .optional()
    .describe(
      `Largest attachment uploaded (default ${DEFAULT_MAX_ATTACHMENT_BYTES}: IT Glue's 10 MB request after base64)`,
    ),
  minInlineImageBytes: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe(
      `Inline images smaller than this are logos/pixels and skipped (default ${DEFAULT_MIN_INLINE_IMAGE_BYTES})`,
    ),
  maxAttachmentsPerMessage: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe(
      `Files uploaded per message at most; the rest are reported (default ${DEFAULT_MAX_ATTACHMENTS_PER_MESSAGE})`,
    ),
  maxMessageBytes: z
    .number()
    .int()
    .positive()
    .optional()
    .describe(
      `Larger messages are skipped with a warning, never read into memory (default ${DEFAULT_MAX_MESSAGE_BYTES}: 50 MiB)`,
    ),
};

export const stepOptionsSchema = z.strictObject({ ...stepOptionShape, onDeleted: onDeletedOption });
export type StepOptions = z.output<typeof stepOptionsSchema>;

export const pluginOptionsSchema = z
  .strictObject({
    ...stepOptionShape,
    organizationDomains: z
      .record(z.string(), z.array(z.string().min(1)))
      .default({})
      .describe(
        'Organization name → its mail domains, answered for every resolveOrganization domain/email lookup',
      ),
    contactDomains: z
      .boolean()
      .default(true)
      .describe(
        "Route by the domains of IT Glue contacts' e-mail addresses (a domain shared by several organizations never routes)",
      ),
  })
  .default({ organizationDomains: {}, contactDomains: true });
export type PluginOptions = z.output<typeof pluginOptionsSchema>;

export interface ResolvedStepOptions {
  source: z.output<typeof sourceSchema>;
  route: z.output<typeof routeSchema>;
  target: 'flexible-asset' | 'document';
  flexibleAssetType: string;
  allowTypes?: string[];
  denyTypes: readonly string[];
  maxAttachmentBytes: number;
  minInlineImageBytes: number;
  maxAttachmentsPerMessage: number;
  maxMessageBytes: number;
}

/** Step `with:` over plugin-level defaults over built-in defaults; `route` merges key by key. */
export function mergeOptions(
  plugin: PluginOptions,
  step: StepOptions,
): Omit<ResolvedStepOptions, 'source'> & {
  source?: ResolvedStepOptions['source'];
} {
  const route = routeSchema.parse({ ...(plugin.route ?? {}), ...(step.route ?? {}) });
  const allowTypes = step.allowTypes ?? plugin.allowTypes;
  const source = step.source ?? plugin.source;
  return {
    ...(source ? { source } : {}),
    route: { ...route, map: { ...(plugin.route?.map ?? {}), ...(step.route?.map ?? {}) } },
    target: step.target ?? plugin.target ?? 'flexible-asset',
    flexibleAssetType: step.flexibleAssetType ?? plugin.flexibleAssetType ?? 'Email',
    ...(allowTypes ? { allowTypes } : {}),
    denyTypes: step.denyTypes ?? plugin.denyTypes ?? DEFAULT_DENY_TYPES,
    maxAttachmentBytes: step.maxAttachmentBytes ?? plugin.maxAttachmentBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES,
    minInlineImageBytes:
      step.minInlineImageBytes ?? plugin.minInlineImageBytes ?? DEFAULT_MIN_INLINE_IMAGE_BYTES,
    maxAttachmentsPerMessage:
      step.maxAttachmentsPerMessage ?? plugin.maxAttachmentsPerMessage ?? DEFAULT_MAX_ATTACHMENTS_PER_MESSAGE,
    maxMessageBytes: step.maxMessageBytes ?? plugin.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
  };
}
