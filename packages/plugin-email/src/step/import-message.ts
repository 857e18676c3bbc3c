/**
 * The life of one message: parse → route → filter files → write the record → attach its files.
 * Every problem becomes a message on that item (with a code and a hint); the run goes on.
 */
import type { StepContext } from '@glueflow/core';
import { isGlueflowError } from '@glueflow/core';
import { emailError } from '../errors.js';
import type { AttachmentPolicy } from '../parse/attachment-policy.js';
import { decideAttachment } from '../parse/attachment-policy.js';
import type { ParsedAttachment, ParsedMessage } from '../parse/message-types.js';
import { MessageParseError } from '../parse/parse-message.js';
import type { MessageParser } from '../parse/parser-pool.js';
import type { Resolve, RoutingRules } from '../routing/route-message.js';
import { routeMessage } from '../routing/route-message.js';
import type { MessageOutcome, RawMessage } from '../sources/source-types.js';
import type { RecordTarget } from './write-message.js';
import { writeRecord } from './write-message.js';

export interface ImportSettings {
  rules: RoutingRules;
  resolve: Resolve;
  target: RecordTarget;
  policy: AttachmentPolicy;
  /** Source keys already handled in this run → where (the same message in two files / folders). */
  seen: Map<string, string>;
  parser: MessageParser;
}

const SOURCE = '@glueflow/plugin-email:email.import';

export async function importMessage(
  ctx: StepContext,
  raw: RawMessage,
  settings: ImportSettings,
): Promise<MessageOutcome> {
  const item = raw.where;
  if (raw.error) {
    failed(ctx, item, raw.error);
    return 'retry';
  }
  let message: ParsedMessage;
  try {
    const bytes = raw.raw;
    raw.raw = new Uint8Array(); // the parsed message holds what is needed; big mail frees its bytes now
    message = await settings.parser.parse(bytes);
  } catch (error) {
    if (!(error instanceof MessageParseError)) throw error;
    failed(ctx, item, emailError('EEMAIL_PARSE', { item, reason: error.message }));
    return 'failed-permanently';
  }
  const earlier = settings.seen.get(message.sourceKey);
  if (earlier !== undefined) {
    ctx.report({
      severity: 'info',
      reason: `same message as ${earlier} (Message-ID ${message.sourceKey}); imported once`,
      item,
      source: SOURCE,
    });
    ctx.count('skipped');
    return 'skipped';
  }
  settings.seen.set(message.sourceKey, item);

  const { route, tried, unknownTag } = await routeMessage(message, settings.rules, settings.resolve);
  if (unknownTag)
    ctx.report({
      severity: 'warning',
      code: 'EEMAIL_ROUTE_TAG',
      reason: `the subject tag names "${unknownTag}", which is not an IT Glue organization`,
      item,
      place: 'Subject',
      source: SOURCE,
    });
  if (!route) {
    ctx.report({
      severity: 'warning',
      code: 'EEMAIL_UNROUTED',
      reason: `no organization for "${message.subject || '(no subject)'}" (tried ${tried.join('; ') || 'nothing'})`,
      hint: 'Add the sender to route.map, a subject tag like [Org: Name], or set route.defaultOrganization.',
      item,
      source: SOURCE,
    });
    ctx.count('skipped');
    return 'skipped';
  }
  ctx.logger.debug('routed', { item, organizationId: route.organizationId, via: route.via });

  const files = keptFiles(ctx, item, message.attachments, settings.policy);
  const written = await writeRecord(ctx, message, route.organizationId, settings.target, files);
  if (written.result.action === 'skipped') return 'skipped';
  // A dry run plans a create without an id: its files are planned against a placeholder.
  const recordId = written.result.id ?? `planned:${message.sourceKey}`;
  let ok = true;
  for (const file of files) {
    try {
      const attached = await ctx.itglue.attach({
        resourceType: written.resourceType,
        resourceId: recordId,
        fileName: file.fileName,
        content: file.content,
      });
      if (attached.action === 'skipped')
        ctx.report({
          severity: 'warning',
          code: 'EEMAIL_ATTACHMENT_SKIPPED',
          reason: `${file.fileName}: ${attached.reason ?? 'skipped'}`,
          item,
          source: SOURCE,
        });
    } catch (error) {
      ok = false;
      failed(ctx, item, error, file.fileName);
    }
  }
  return ok ? 'imported' : 'retry';
}

/** The files that go to IT Glue, once each (the same bytes twice in a message are uploaded once). */
function keptFiles(
  ctx: StepContext,
  item: string,
  files: ParsedAttachment[],
  policy: AttachmentPolicy,
): ParsedAttachment[] {
  const kept: ParsedAttachment[] = [];
  const hashes = new Set<string>();
  for (const file of files) {
    const decision = decideAttachment(file, policy);
    if (!decision.keep) {
      if (decision.notable)
        ctx.report({
          severity: 'warning',
          code: 'EEMAIL_ATTACHMENT_SKIPPED',
          reason: `${file.fileName} skipped: ${decision.reason}`,
          item,
          place: file.fileName,
          source: SOURCE,
        });
      continue;
    }
    if (hashes.has(file.sha256)) continue;
    hashes.add(file.sha256);
    kept.push(file);
  }
  return kept;
}

/** An error message, and the item counted as failed (the engine counts only what throws). */
function failed(ctx: StepContext, item: string, error: unknown, place?: string): void {
  ctx.count('failed');
  const known = isGlueflowError(error) ? error : undefined;
  ctx.report({
    severity: 'error',
    reason: known?.message ?? (error instanceof Error ? error.message : String(error)),
    ...(known ? { code: known.code, hint: known.hint } : {}),
    item,
    ...(place ? { place } : {}),
    source: SOURCE,
  });
}
