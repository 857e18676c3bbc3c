/**
 * The tolerant reader (Fowler's, and Postel's "be liberal in what you accept"): what IT Glue sends
 * varies by tenant and by year — its own docs print integer ids inside attributes, a string
 * `parent-id`, unquoted IPs — and a reader that throws on one odd attribute loses the whole page
 * (a real `/logs` answer with `"level": 2` once stopped every `glueflow watch`). So:
 *
 * - attributes a feature depends on (the model's `strict` list) must have their type, or the answer
 *   is EITGLUE_BAD_RESPONSE naming the attribute and the request id;
 * - any other attribute of an unexpected type is set aside (left out of the model, so its type
 *   stays honest) and reported once per answer through `onOddAttribute` — the client counts it
 *   and logs it once per type + attribute, and the run summary lists the count.
 */
import type { z } from 'zod';
import type { ResourceObject } from './json-api.js';
import { badResponse } from './read-context.js';
import type { ReadContext } from './read-context.js';

export interface OddAttribute {
  /** JSON:API type of the record, e.g. `logs`. */
  type: string;
  /** Attribute as IT Glue spells it, e.g. `level`. */
  attribute: string;
  /** What the model expected, from the schema's complaint. */
  expected: string;
  /** The JSON type that came: `string`, `number`, `object`, `array`, `boolean`, `null`. */
  found: string;
  where: string;
  requestId?: string;
}

export function readAttributes(
  schema: z.ZodObject,
  strict: ReadonlySet<string>,
  resource: ResourceObject,
  context: ReadContext,
): Record<string, unknown> {
  const raw = resource.attributes ?? {};
  let result = schema.safeParse(raw);
  if (result.success) return result.data;
  // Slow path, only for records with odd attributes: set each one aside, then read the rest again.
  const kept: Record<string, unknown> = { ...raw };
  for (let round = 0; !result.success; round++) {
    const odd = new Set<string>();
    for (const issue of result.error.issues) {
      const attribute = issue.path[0];
      if (typeof attribute !== 'string' || !(attribute in kept) || round > 64) {
        throw badResponse(context, result.error, ['data', 'attributes']);
      }
      if (strict.has(attribute)) {
        throw badResponse(
          context,
          `data.attributes.${attribute}: expected ${expectedOf(issue)}, received ${jsonTypeOf(kept[attribute])}`,
        );
      }
      if (odd.has(attribute)) continue;
      odd.add(attribute);
      context.onOddAttribute?.({
        type: resource.type,
        attribute,
        expected: expectedOf(issue),
        found: jsonTypeOf(kept[attribute]),
        where: context.where,
        ...(context.requestId ? { requestId: context.requestId } : {}),
      });
      delete kept[attribute];
    }
    result = schema.safeParse(kept);
  }
  return result.data;
}

export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function expectedOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return String(issue.expected);
  if (issue.code === 'invalid_union') {
    // The branches' expected JSON types; a branch that got the right type but a wrong format
    // (a non-numeric string for a number) adds nothing a reader needs to know.
    const types = issue.errors
      .flat()
      .filter((inner) => inner.code === 'invalid_type' || inner.code === 'invalid_union');
    const options = new Set(types.map(expectedOf));
    return options.size > 0 ? [...options].join(' or ') : 'another value';
  }
  return issue.code.replace(/_/g, ' ');
}
