/**
 * What an IT Glue Workflow's webhook action tells us, read as a hint only: which record, of which
 * type. IT Glue lists the template variables only inside its UI (reference §8), so the body template
 * is built around what any template can carry — the record's IT Glue URL, from which type and id are
 * parsed, or an id with a resource type — and the names below are placeholders to replace.
 */

/** A record to re-read: the watch feed name (`passwords`, …) and the IT Glue id. */
export interface ItGlueHint {
  type: string;
  id: string;
  trigger?: string;
}

export type HintReading = { hint: ItGlueHint } | { warning: string };

/** Type names as a template, a URL path or a person may write them → the watch feed. */
const TYPE_ALIASES: Record<string, string> = {
  password: 'passwords',
  passwords: 'passwords',
  organization: 'organizations',
  organizations: 'organizations',
  configuration: 'configurations',
  configurations: 'configurations',
  contact: 'contacts',
  contacts: 'contacts',
  location: 'locations',
  locations: 'locations',
  flexibleasset: 'flexible-assets',
  flexibleassets: 'flexible-assets',
  records: 'flexible-assets',
  assets: 'flexible-assets',
  document: 'documents',
  documents: 'documents',
  docs: 'documents',
};

const normalType = (value: string) => TYPE_ALIASES[value.toLowerCase().replace(/[^a-z]/g, '')];
const ID = /^\d{1,19}$/;

/** Reads a webhook body; anything it cannot place is a warning, never an error. */
export function readItGlueHint(body: unknown): HintReading {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return { warning: 'the body is not a JSON object' };
  }
  const fields = body as Record<string, unknown>;
  const text = (key: string) => {
    const value = fields[key];
    return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : undefined;
  };
  const trigger = text('trigger');
  const fromUrl = parseRecordUrl(text('url'));
  const declared = text('resource_type') ?? text('type');
  const type = declared ? normalType(declared) : fromUrl?.type;
  const id = text('id') ?? fromUrl?.id;
  if (!type)
    return { warning: `no known resource type (resource_type: ${JSON.stringify(declared ?? null)})` };
  if (!id || !ID.test(id)) return { warning: 'no numeric record id (id, or a url ending in one)' };
  return { hint: { type, id, ...(trigger ? { trigger: trigger.slice(0, 100) } : {}) } };
}

/**
 * `https://<subdomain>.itglue.com/<organization-id>/<resource-path>/<id>` (the path may go deeper, as
 * flexible assets' `/assets/<type-id>/records/<id>` does): the last numeric segment is the id, the
 * nearest known resource word before it the type.
 */
export function parseRecordUrl(url: string | undefined): { type?: string; id: string } | undefined {
  if (!url) return undefined;
  let segments: string[];
  try {
    segments = new URL(url).pathname.split('/').filter(Boolean);
  } catch {
    return undefined;
  }
  const last = segments.findLastIndex((segment) => ID.test(segment));
  if (last < 1) return undefined;
  const type = segments
    .slice(0, last)
    .reverse()
    .map((segment) => normalType(segment))
    .find(Boolean);
  return { id: segments[last]!, ...(type ? { type } : {}) };
}

/** The body to paste into the Workflow's webhook action (`glueflow serve --print-itglue-template`). */
export const ITGLUE_TEMPLATE = {
  source: 'itglue-workflow',
  trigger: '{{REPLACE: the trigger name variable, e.g. Password updated}}',
  resource_type: 'password',
  url: '{{REPLACE: the record URL variable}}',
  id: '{{REPLACE (optional): the record id variable}}',
};

/** What to do with the template (the CLI prints these on stderr, so stdout is the JSON alone). */
export const ITGLUE_TEMPLATE_NOTES: readonly string[] = [
  'Body of the IT Glue Workflow "Webhook" action (POST, Content-Type: application/json).',
  'URL: https://<your serve host>/hooks/itglue/<serve.itglue.token>',
  'IT Glue lists its template variables only in its UI ("Need Help? Click Here to See Available',
  'Variables"): replace each {{REPLACE …}} with the matching variable from that list; the names are',
  'not guessed here on purpose. Either `url` (the record link) or `id` is enough; set `resource_type`',
  'per Workflow (password, document, flexible asset …) or let it be read from the URL.',
];

export function itglueTemplateJson(): string {
  return JSON.stringify(ITGLUE_TEMPLATE, null, 2);
}
