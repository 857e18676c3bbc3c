/**
 * The life of one message: parse → route → filter files → write the record → attach its files.
 * Every problem becomes a message on that item (with a code and a hint); the run goes on.
 */
import type { StepContext } from '@glueflow/core';
import { isGlueflowError } from '@glueflow/core';
import { emailError } from '../errors.js';
import type { ParsedMessage } from '../parse/message-types.js';
import { MessageParseError } from '../parse/parse-message.js';
import type { MessageParser } from '../parse/parser-pool.js';
import type { Resolve, RoutingRules } from '../routing/route-message.js';
import { routeMessage } from '../routing/route-message.js';
import type { MessageOutcome, RawMessage } from '../sources/source-types.js';
import type { FilePolicy } from './kept-files.js';
import { keptFiles, SOURCE } from './kept-files.js';
import type { MessageIdentities, Owner } from './message-identities.js';
import { sameAsBefore } from './same-as-before.js';
import type { RecordIdentity, RecordTarget } from './write-message.js';
import { writeRecord } from './write-message.js';

export interface ImportSettings {
  rules: RoutingRules;
  resolve: Resolve;
  target: RecordTarget;
  policy: FilePolicy & { maxMessageBytes: number };
  /** Source keys already handled in this run → where (the same message in two files / folders). */
  seen: Map<string, string>;
  /** Which message owns each Message-ID (a reused one is reported, and imported apart). */
  identities: MessageIdentities;
  parser: MessageParser;
}

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
  if (raw.tooLarge !== undefined) {
    ctx.report({
      severity: 'warning',
      code: 'EEMAIL_MESSAGE_TOO_LARGE',
      reason: `the message is ${raw.tooLarge} bytes or more, over maxMessageBytes (${settings.policy.maxMessageBytes}); not read`,
      hint: 'Raise maxMessageBytes to import it (the parser needs several times its size in memory).',
      item,
      source: SOURCE,
    });
    ctx.count('skipped');
    return 'skipped';
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
      reason: `same message as ${earlier} (${idOf(message)}); imported once`,
      item,
      source: SOURCE,
    });
    ctx.count('skipped');
    return 'skipped';
  }
  settings.seen.set(message.sourceKey, item);
  const owner = await settings.identities.ownerOf(message, item, sameAsBefore(ctx, message, settings.target));
  const mine = owner.sourceKey === message.sourceKey;
  if (!mine)
    ctx.report({
      severity: 'warning',
      code: 'EEMAIL_MESSAGE_ID_REUSED',
      reason: `${item} and ${owner.where} are different messages with the same ${idOf(message)}: ${item} is imported as a record of its own`,
      hint: 'A sender reused (or forged) a Message-ID. Neither record overwrites the other; check the newer message before trusting it.',
      item,
      place: 'Message-ID',
      source: SOURCE,
    });

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
  const identity = await recordIdentity(settings.identities, owner, mine, message);
  const written = await writeRecord(ctx, message, route.organizationId, settings.target, files, identity);
  // Every write but a skip answers with an id: a dry run's create with its planned one (planned-records.ts),
  // which its files are then planned against.
  if (written.result.action === 'skipped' || written.result.id === undefined) return 'skipped';
  if (mine) await settings.identities.written(owner, message.identity);
  const recordId = written.result.id;
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

/** The owner of a record imported before content digests keeps that record, its key and its fields. */
async function recordIdentity(
  identities: MessageIdentities,
  owner: Owner,
  mine: boolean,
  message: ParsedMessage,
): Promise<RecordIdentity> {
  if (!mine) return { sourceKey: message.sourceKey, fields: { key: message.sourceKey, legacy: false } };
  const sourceKey = await identities.keyToWrite(owner, message.identity);
  return owner.legacy
    ? { sourceKey, fields: { key: message.identity, legacy: true } }
    : { sourceKey, fields: { key: message.sourceKey, legacy: false } };
}

function idOf(message: ParsedMessage): string {
  return message.messageId ? `Message-ID ${message.messageId}` : 'headers (no Message-ID)';
}

/** An error message on the item: the engine counts the item failed from it. */
function failed(ctx: StepContext, item: string, error: unknown, place?: string): void {
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
