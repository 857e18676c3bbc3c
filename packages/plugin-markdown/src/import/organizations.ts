/**
 * Which organization a file goes to: front matter `organization:` (name or id), else the step's
 * `organization`. References are resolved through the engine's `resolveOrganization` hook (core's
 * name/id strategy, or any plugin's), once per distinct reference per run.
 */
import type { ResolvedOrganization, StepContext } from '@glueflow/core';
import { MarkdownImportError } from './errors.js';

export type OrganizationValue = string | number;

export class OrganizationResolver {
  readonly #answers = new Map<string, Promise<ResolvedOrganization | undefined>>();

  constructor(private readonly ctx: StepContext) {}

  /** The organization for one file; throws a MarkdownImportError naming the reference when unknown. */
  async resolve(
    fromFrontMatter: unknown,
    fromOptions: OrganizationValue | undefined,
    item: string,
  ): Promise<ResolvedOrganization> {
    const reference = fromFrontMatter ?? fromOptions;
    const where =
      fromFrontMatter !== undefined ? 'front matter `organization:`' : 'the step option `organization`';
    if (reference === undefined || reference === null || reference === '') {
      throw new MarkdownImportError(
        'EMARKDOWN_NO_ORGANIZATION',
        `${item} has no organization`,
        'set `organization:` in the step options (name or id), or in the front matter of the file',
        item,
      );
    }
    if (typeof reference !== 'string' && typeof reference !== 'number') {
      throw new MarkdownImportError(
        'EMARKDOWN_UNKNOWN_ORGANIZATION',
        `${item}: ${where} must be an organization name or id, found ${JSON.stringify(reference)}`,
        'write it as `organization: Acme Corp` or `organization: 123456`',
        item,
      );
    }
    const value = String(reference).trim();
    const kind = typeof reference === 'number' ? 'id' : 'name';
    const key = `${kind}:${value.toLowerCase()}`;
    let answer = this.#answers.get(key);
    if (!answer) {
      answer = this.ctx.resolveOrganization({ kind, value });
      this.#answers.set(key, answer);
    }
    const organization = await answer;
    if (!organization) {
      throw new MarkdownImportError(
        'EMARKDOWN_UNKNOWN_ORGANIZATION',
        `organization "${value}" (from ${where} of ${item}) was not found in IT Glue`,
        'check the spelling against IT Glue (names match ignoring case), use the id instead, or run `glueflow cache refresh organizations` if it was created moments ago',
        item,
      );
    }
    return organization;
  }
}
