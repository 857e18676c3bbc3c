/**
 * Whether a record imported before content digests (keyed by the bare Message-ID) was written from this
 * message: only then may the message take the record over. Checked once per such record, against what
 * IT Glue holds — the fields the import wrote then, the body compared as text (markup may be
 * normalised on the way). A forged message that reuses the Message-ID differs in sender, date, subject
 * or body, and gets a record of its own instead.
 */
import type { Mapping, StepContext } from '@glueflow/core';
import { emailFields } from '../output/email-fields.js';
import type { ParsedMessage } from '../parse/message-types.js';
import type { SameAsBefore } from './message-identities.js';
import type { RecordTarget } from './write-message.js';

export function sameAsBefore(ctx: StepContext, message: ParsedMessage, target: RecordTarget): SameAsBefore {
  return async (mapping: Mapping) => {
    // A document's sections cannot be read through a step's reader: the first message takes it (README).
    if (target.kind !== 'flexible-asset' || mapping.resourceType !== 'flexible_assets') return true;
    const record = await ctx.itglue.read.flexibleAssets.get(mapping.id);
    if (!record) return true; // deleted in IT Glue: nothing to take over, the write gate creates it again
    const traits = (record.traits ?? {}) as Record<string, unknown>;
    const fields = emailFields(message, { key: message.identity, legacy: true });
    const { keys } = target;
    const same = (key: string, value: string | null) => text(traits[key]) === (value ?? '');
    return (
      same(keys.from, fields.from) &&
      same(keys.to, fields.to) &&
      same(keys.subject, fields.subject) &&
      same(keys.messageId, fields.messageId) &&
      same(keys.date, fields.date) &&
      plainText(text(traits[keys.body])) === plainText(fields.body)
    );
  };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : value == null ? '' : String(value);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The words of an HTML fragment: tags, entities and whitespace out of the way. */
function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? whole;
      const point =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : whole;
    })
    .replace(/\s+/g, '');
}
