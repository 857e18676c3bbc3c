/**
 * Options of `markdown.import`. The plugin entry (`plugins: [['@glueflow/plugin-markdown', {...}]]`)
 * carries defaults for every step; a step's `with:` overrides them key by key. `files` belongs to the
 * step only. Names are the ones the docs and issue promise — keep them.
 */
import { onDeletedOption } from '@glueflow/core';
import { z } from 'zod';
import { DEFAULT_LINK_SCHEMES, refusedLinkScheme } from '../render/url-policy.js';

export const TARGETS = ['flexible-asset', 'document'] as const;
export const IMAGE_MODES = ['upload', 'keep', 'drop'] as const;
export const SECTION_MODES = ['single', 'h2'] as const;

const nameKey = z
  .string()
  .regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, 'a field name-key: lower case, digits, - or _ (e.g. "content")');

const linkScheme = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9+.-]*$/, 'a URL scheme without the colon, e.g. "rdp" or "ssh"')
  .refine((scheme) => !refusedLinkScheme(scheme), {
    error: (issue) => `${refusedLinkScheme(String(issue.input)) ?? 'refused'}; it cannot be allowed`,
  });

const organization = z.union([z.string().trim().min(1), z.number().int().positive()]);

const shared = {
  organization: organization.describe(
    'IT Glue organization (name or id) the files belong to; front matter `organization:` overrides it per file',
  ),
  target: z.enum(TARGETS).describe("What each file becomes: 'flexible-asset' or 'document'"),
  flexibleAssetType: z
    .string()
    .trim()
    .min(1)
    .describe('Flexible asset type (by name) for target flexible-asset; created when missing'),
  titleField: nameKey.describe("Name-key of the type's title field (Text, use-for-title)"),
  contentField: nameKey.describe("Name-key of the type's content field (Textbox)"),
  images: z
    .enum(IMAGE_MODES)
    .describe("Local images and data: URIs: 'upload' as attachments, 'keep' the path, 'drop' them"),
  writeBack: z.boolean().describe("Write the IT Glue id into each file's front matter (`itglue-id:`)"),
  sections: z
    .enum(SECTION_MODES)
    .describe("Document target: one Text section ('single') or a Heading + Text section per H2 ('h2')"),
  linkSchemes: z
    .array(linkScheme)
    .describe(
      `Link schemes kept besides ${DEFAULT_LINK_SCHEMES.join(', ')} and relative links (e.g. ["rdp", "ssh"]); other links lose their URL with a warning`,
    ),
  maxParseSeconds: z
    .number()
    .positive()
    .max(3600)
    .describe(
      'Seconds one file may take to parse before it fails (EMARKDOWN_TOO_COMPLEX) and the others go on',
    ),
};

export const DEFAULTS = {
  target: 'flexible-asset',
  flexibleAssetType: 'Markdown Document',
  titleField: 'title',
  contentField: 'content',
  images: 'upload',
  writeBack: false,
  sections: 'single',
  linkSchemes: [] as string[],
  maxParseSeconds: 30,
} as const;

export const pluginOptionsSchema = z
  .object({
    organization: shared.organization.optional(),
    target: shared.target.default(DEFAULTS.target),
    flexibleAssetType: shared.flexibleAssetType.default(DEFAULTS.flexibleAssetType),
    titleField: shared.titleField.default(DEFAULTS.titleField),
    contentField: shared.contentField.default(DEFAULTS.contentField),
    images: shared.images.default(DEFAULTS.images),
    writeBack: shared.writeBack.default(DEFAULTS.writeBack),
    sections: shared.sections.default(DEFAULTS.sections),
    linkSchemes: shared.linkSchemes.default(DEFAULTS.linkSchemes),
    maxParseSeconds: shared.maxParseSeconds.default(DEFAULTS.maxParseSeconds),
  })
  .strict()
  .describe('Defaults for every markdown.import step');

const glob = z.string().trim().min(1);

export const stepOptionsSchema = z
  .object({
    files: z
      .union([glob, z.array(glob).min(1)])
      .describe('Glob(s) of markdown files, relative to the config file, e.g. "runbooks/**/*.md"'),
    organization: shared.organization.optional(),
    target: shared.target.optional(),
    flexibleAssetType: shared.flexibleAssetType.optional(),
    titleField: shared.titleField.optional(),
    contentField: shared.contentField.optional(),
    images: shared.images.optional(),
    writeBack: shared.writeBack.optional(),
    sections: shared.sections.optional(),
    linkSchemes: shared.linkSchemes.optional(),
    maxParseSeconds: shared.maxParseSeconds.optional(),
    onDeleted: onDeletedOption,
  })
  .strict()
  .describe('Import markdown files into IT Glue');

export type PluginOptions = z.output<typeof pluginOptionsSchema>;
export type StepOptions = z.output<typeof stepOptionsSchema>;

export interface ImportSettings extends Omit<PluginOptions, 'organization'> {
  files: string[];
  organization?: string | number;
}

/** Step `with:` over plugin-level defaults, key by key. */
export function settingsOf(plugin: PluginOptions, step: StepOptions): ImportSettings {
  const defined = Object.fromEntries(Object.entries(step).filter(([, value]) => value !== undefined));
  const merged = { ...plugin, ...defined } as PluginOptions & StepOptions;
  return { ...merged, files: Array.isArray(merged.files) ? merged.files : [merged.files] };
}
