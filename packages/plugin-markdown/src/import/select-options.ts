/**
 * The options of the type's Select fields, for checking `traits:` values against them. IT Glue keeps
 * a Select field's options in its `default-value`, one per line; the engine's ensured type carries
 * kinds only, so the fields are read once per run — and only when a file sets a Select trait, so an
 * unchanged re-run still sends no more requests than before.
 */
import { isPlannedId } from '@glueflow/core';
import type { EnsuredFlexibleAssetType, StepContext } from '@glueflow/core';

/** Options per Select field name-key; a field with no options listed accepts any plain text. */
export type SelectOptionsByField = ReadonlyMap<string, readonly string[]>;

export class SelectOptions {
  #options: Promise<SelectOptionsByField> | undefined;

  constructor(
    private readonly ctx: StepContext,
    private readonly type: EnsuredFlexibleAssetType | undefined,
  ) {}

  /** The options, read only when `traits` names a Select field of the type. */
  async forTraits(traits: unknown): Promise<SelectOptionsByField> {
    const type = this.type;
    if (!type || isPlannedId(type.id) || !traits || typeof traits !== 'object') return new Map();
    const keys = Object.keys(traits).map((key) => key.toLowerCase());
    const names = type.fields
      .filter((field) => field.kind === 'Select')
      .flatMap((field) => [field.nameKey.toLowerCase(), field.name.toLowerCase()]);
    if (!keys.some((key) => names.includes(key))) return new Map();
    this.#options ??= this.#read(type.id);
    this.#options.catch(() => (this.#options = undefined)); // a failed read is tried again
    return this.#options;
  }

  async #read(typeId: string): Promise<SelectOptionsByField> {
    const options = new Map<string, readonly string[]>();
    for await (const field of this.ctx.itglue.read.flexibleAssetFields.list(typeId)) {
      if (field.kind !== 'Select') continue;
      const listed = String(field.defaultValue ?? '')
        .split(/\r?\n/)
        .map((option) => option.trim())
        .filter(Boolean);
      options.set(field.nameKey, listed);
    }
    return options;
  }
}
