/**
 * The flexible asset type files are written to: found by name or created with a Title field (Text,
 * use-for-title, show-in-list) and a Content field (Textbox). An existing type must have those two
 * fields with those kinds — anything else stops the step before a single file is written.
 */
import type { EnsuredFlexibleAssetType, StepContext } from '@glueflow/core';
import { MarkdownImportError } from './errors.js';
import type { ImportSettings } from './options.js';

/** `title` → "Title", `runbook-owner` → "Runbook owner". */
export function labelOf(nameKey: string): string {
  const words = nameKey.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export async function ensureMarkdownType(
  ctx: StepContext,
  settings: ImportSettings,
): Promise<EnsuredFlexibleAssetType> {
  const type = await ctx.itglue.ensureFlexibleAssetType({
    name: settings.flexibleAssetType,
    description: 'Markdown files imported by Glueflow (@glueflow/plugin-markdown)',
    fields: [
      {
        name: labelOf(settings.titleField),
        nameKey: settings.titleField,
        kind: 'Text',
        required: true,
        useForTitle: true,
        showInList: true,
      },
      { name: labelOf(settings.contentField), nameKey: settings.contentField, kind: 'Textbox' },
    ],
  });
  for (const [nameKey, kinds, role] of [
    [settings.titleField, ['Text'], 'title'],
    [settings.contentField, ['Textbox'], 'content'],
  ] as const) {
    const field = type.fields.find((f) => f.nameKey === nameKey);
    if (!field || !(kinds as readonly string[]).includes(field.kind)) {
      throw new MarkdownImportError(
        'EMARKDOWN_TYPE_FIELDS',
        `flexible asset type "${type.name}" has ${field ? `a ${field.kind} field` : 'no field'} "${nameKey}" for the ${role}; expected ${kinds.join(' or ')}`,
        `set \`${role}Field\` to the name-key of a ${kinds.join('/')} field of "${type.name}" (fields: ${type.fields.map((f) => `${f.nameKey} (${f.kind})`).join(', ')})`,
      );
    }
  }
  return type;
}
