/**
 * The organization attributes one PSA company stands for, per the `fields` option: name, short name ←
 * identifier, type ← PSA type (via `map`), status ← active/inactive, description and quick notes from
 * templates. Type and status names are turned into IT Glue ids from one listing each per run; a name
 * IT Glue does not have is reported once and left unset rather than guessed.
 */
import type { GlueflowMessage, StepContext } from '@glueflow/core';
import type { PsaCompany } from '../provider/types.js';
import type { ResolvedSyncOptions } from './options.js';
import { renderTemplate } from './template.js';

export class OrganizationFields {
  readonly #warned = new Set<string>();

  private constructor(
    private readonly options: ResolvedSyncOptions,
    private readonly typeIds: Map<string, string>,
    private readonly statusIds: Map<string, string>,
    private readonly report: (message: GlueflowMessage) => void,
  ) {}

  /** Lists organization types and statuses once (only those the fields need). */
  static async load(
    ctx: StepContext,
    options: ResolvedSyncOptions,
    needStatus = false,
  ): Promise<OrganizationFields> {
    const names = async (list: AsyncIterable<{ id: string; name?: string | null }>) => {
      const out = new Map<string, string>();
      for await (const record of list) if (record.name) out.set(record.name.toLowerCase(), String(record.id));
      return out;
    };
    const types = options.fields.organizationType
      ? await names(ctx.itglue.read.organizationTypes.list({ pageSize: 1000 }))
      : new Map<string, string>();
    const statuses =
      options.fields.status || needStatus
        ? await names(ctx.itglue.read.organizationStatuses.list({ pageSize: 1000 }))
        : new Map<string, string>();
    return new OrganizationFields(options, types, statuses, (m) => ctx.report(m));
  }

  /** Every attribute the sync owns for this company; unset values are left out, never sent as null. */
  attributes(company: PsaCompany): Record<string, unknown> {
    const { fields, provider, source } = this.options;
    const out: Record<string, unknown> = {};
    if (fields.name) out.name = company.name;
    if (fields.shortName && company.identifier) out.shortName = company.identifier;
    const typeId = this.typeId(company);
    if (typeId) out.organizationTypeId = typeId;
    if (fields.status) {
      const statusId = this.statusId(company.active);
      if (statusId) out.organizationStatusId = statusId;
    }
    if (fields.description)
      out.description = renderTemplate(fields.description, company, { provider, source });
    if (fields.quickNotes) out.quickNotes = renderTemplate(fields.quickNotes, company, { provider, source });
    return out;
  }

  /** The IT Glue status id for active/inactive (the `status` field names, or the defaults). */
  statusId(active: boolean): string | undefined {
    const names = this.options.fields.status || { active: 'Active', inactive: 'Inactive' };
    return this.lookup(
      this.statusIds,
      active ? names.active : names.inactive,
      'organization status',
      'fields.status',
    );
  }

  private typeId(company: PsaCompany): string | undefined {
    const setting = this.options.fields.organizationType;
    if (!setting) return undefined;
    const map = new Map(Object.entries(setting.map).map(([psa, itg]) => [psa.toLowerCase(), itg]));
    for (const type of company.types) {
      const mapped = map.get(type.toLowerCase());
      if (mapped)
        return this.lookup(this.typeIds, mapped, 'organization type', 'fields.organizationType.map');
      const same = this.typeIds.get(type.toLowerCase());
      if (same) return same;
    }
    return setting.default
      ? this.lookup(this.typeIds, setting.default, 'organization type', 'fields.organizationType.default')
      : undefined;
  }

  private lookup(ids: Map<string, string>, name: string, what: string, option: string): string | undefined {
    const id = ids.get(name.toLowerCase());
    if (id || this.#warned.has(`${what}:${name}`)) return id;
    this.#warned.add(`${what}:${name}`);
    this.report({
      severity: 'warning',
      code: 'EPSA_CONFIG',
      reason: `IT Glue has no ${what} "${name}"; it is left unset`,
      place: option,
      hint: `create the ${what} in IT Glue (Account → Customization), or change ${option}`,
      expected: [...ids.keys()].join(', '),
    });
    return undefined;
  }
}
