/**
 * What survives sanitizing: GitHub's schema (hast-util-sanitize's default: tables with alignment,
 * task-list checkboxes, footnotes, `language-*` classes on code) plus heading ids from rehype-slug (they
 * get the `user-content-` prefix; links.ts points in-page links at them). URL checks are switched off
 * here and done by url-policy.ts, which reads schemes the way browsers do.
 */
import { defaultSchema } from 'hast-util-sanitize';
import type { Schema } from 'hast-util-sanitize';

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const;

export const sanitizeSchema: Schema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    ...Object.fromEntries(HEADINGS.map((tag) => [tag, [...(defaultSchema.attributes?.[tag] ?? []), 'id']])),
  },
  protocols: { ...defaultSchema.protocols, href: null, cite: null, src: null, longDesc: null },
};
