/**
 * What survives sanitizing: GitHub's schema (hast-util-sanitize's default: tables, task-list
 * checkboxes, footnotes, `language-*` classes on code) — the defaults already cover what runbooks use,
 * so we only make sure heading ids from rehype-slug survive (they get the `user-content-` prefix).
 */
import { defaultSchema } from 'hast-util-sanitize';
import type { Schema } from 'hast-util-sanitize';

export const sanitizeSchema: Schema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    h1: [...(defaultSchema.attributes?.h1 ?? []), 'id'],
    h2: [...(defaultSchema.attributes?.h2 ?? []), 'id'],
    h3: [...(defaultSchema.attributes?.h3 ?? []), 'id'],
    h4: [...(defaultSchema.attributes?.h4 ?? []), 'id'],
    h5: [...(defaultSchema.attributes?.h5 ?? []), 'id'],
    h6: [...(defaultSchema.attributes?.h6 ?? []), 'id'],
  },
};
