/**
 * The plugin's error catalogue (core's `defineErrors()`, like core's own): every code the plugin
 * throws or reports, each with the fix `glueflow` documents (docs/plugins/markdown.md) when the call
 * site gives none. Errors name the file (and line when known); they are GlueflowErrors, so the engine
 * and the CLI print them like core's own. A test greps the sources: no code outside this table.
 */
import { GlueflowError, defineErrors, saidWhere } from '@glueflow/core';
import type { ErrorText, SaidWhere } from '@glueflow/core';

export const markdownErrors = defineErrors({
  EMARKDOWN_ENCODING: saidWhere('A file is not UTF-8 text.', 'save the file as UTF-8'),
  EMARKDOWN_UNKNOWN_ORGANIZATION: saidWhere(
    '`organization:` names no organization IT Glue has, or is not a name or id.',
    'use the organization name as IT Glue shows it, or its id',
  ),
  EMARKDOWN_NO_ORGANIZATION: saidWhere(
    'Neither the step nor the file says which organization a file belongs to.',
    'set `organization:` in the step options or in the front matter',
  ),
  EMARKDOWN_TRAITS: saidWhere(
    'Front matter `traits:` do not fit the flexible asset type’s fields.',
    'make the traits fit the fields of the flexible asset type',
  ),
  EMARKDOWN_DUPLICATE_ID: saidWhere(
    'Two files claim one front matter `id`.',
    'give every file its own `id:` (or remove it: the path is the id then)',
  ),
  EMARKDOWN_UNSAFE_PATH: saidWhere(
    'A file matched by the globs leads out of the config folder (a link, `..`).',
    'import only files that really live inside the config folder',
  ),
  EMARKDOWN_TITLE: saidWhere(
    'A title holds markup or control characters.',
    'remove the tags from `title:`, the first H1 or the file name',
  ),
  EMARKDOWN_TYPE_FIELDS: saidWhere(
    'The flexible asset type lacks the title or content field the step writes.',
    'set `titleField`/`contentField` to fields of the right kind',
  ),
  EMARKDOWN_FRONT_MATTER: saidWhere(
    'The front matter is not YAML the step can read.',
    'front matter is YAML between two `---` lines at the top of the file, e.g. `title: VPN`',
  ),
  EMARKDOWN_TOO_COMPLEX: saidWhere(
    'The markdown nests too deep or took too long to render.',
    'simplify the file (fewer nested lists or quotes), or split it',
  ),
  EMARKDOWN_TOO_LARGE: saidWhere(
    'A file is larger than IT Glue takes in one request: skipped.',
    'split the file, or move large inline (data:) images into files next to it',
  ),
  EMARKDOWN_NO_FILES: saidWhere(
    'No file matches the step’s globs.',
    'globs are relative to the config file, e.g. "runbooks/**/*.md"',
  ),
  EMARKDOWN_LINK: saidWhere(
    'A link’s scheme is not allowed: the link is dropped, its text kept.',
    'add a scheme your team uses on purpose (e.g. rdp) to `linkSchemes`',
  ),
  EMARKDOWN_IMAGE: saidWhere(
    'An image is left out (missing, outside the folder, not an image) or could not be uploaded.',
    'use an image file inside the config folder, an http(s) URL or a data: URI',
  ),
  EMARKDOWN_UNKNOWN_KEY: saidWhere(
    'A front matter key is not read by the step (probably misspelt).',
    'use the front matter keys markdown.import reads',
  ),
  EMARKDOWN_STALE_ID: saidWhere(
    'A front matter id points at a record that is not this step’s: ignored.',
    'remove the id from the front matter (writeBack writes the right one)',
  ),
  EMARKDOWN_WRITE_BACK: saidWhere(
    '`writeBack` could not write the record’s id into the file.',
    'the next run writes it (with writeBack: true)',
  ),
});

export type MarkdownErrorCode = (typeof markdownErrors.codes)[number];

/** A per-file problem: `item` is the file (relative to the config), `place` a `line:column` when known. */
export class MarkdownImportError extends GlueflowError {
  constructor(
    code: MarkdownErrorCode,
    message: string,
    hint: string,
    readonly item?: string,
    readonly place?: string,
    /** What a value should have been and what it was (trait checks), for the item's message. */
    readonly expected?: string,
    readonly actual?: string,
  ) {
    const text = (markdownErrors.definitions[code] as (c: SaidWhere) => ErrorText)({ reason: message, hint });
    super({ code, ...text, ...(item ? { where: place ? `${item}:${place}` : item } : {}) });
    this.name = 'MarkdownImportError';
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
