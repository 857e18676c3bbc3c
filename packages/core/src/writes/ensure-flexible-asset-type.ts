/**
 * `ensureFlexibleAssetType`: a step names the type it writes to and the fields it needs; the type is
 * found by name (case-insensitive) or created with those fields in one request (IT Glue wants at least
 * one field at creation), and an existing type gains only the fields it lacks. A field of another kind
 * is an error, never a silent change to a type people use in the web UI. Answers are memoised per
 * run, and a create that failed ambiguously is looked up again before anything is re-sent.
 */
import type { ITGlueClient } from '@glueflow/itglue';
import { createError } from '../errors/catalogue.js';
import { foldName } from '../cache/cache-lookups.js';
import { convertKeys, kebabCase } from '@glueflow/itglue';
import type {
  EnsuredFlexibleAssetType,
  FlexibleAssetFieldSpec,
  FlexibleAssetTypeSpec,
} from '../engine/write-types.js';
import { createOnce } from '../engine/ambiguous.js';
import { assertLockHeld } from '../state/lock-context.js';
import { plannedTypeId } from '../engine/planned-records.js';

export interface FlexibleAssetTypeOptions {
  client: ITGlueClient;
  dryRun: boolean;
  /** Told every type this registry answered with (id → name), for plans that hash types by name. */
  onEnsured?(type: { id: string; name: string }): void;
  /** Records the planned creation of a type or field (dry runs and real runs alike). */
  onPlanned?(what: { type: string; action: 'create' | 'update'; fields: string[] }): void;
}

type Field = EnsuredFlexibleAssetType['fields'][number];

/** IT Glue's name-key for a field name: lower case, runs of non-alphanumerics as one dash. */
export function nameKeyOf(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export class FlexibleAssetTypeRegistry {
  readonly #known = new Map<string, Promise<EnsuredFlexibleAssetType>>();

  constructor(private readonly options: FlexibleAssetTypeOptions) {}

  /**
   * `underLock`: runs the look-up-and-create under a lock named by the folded type name, when other
   * processes may ensure the same type at once (writes/facade.ts) — else two would both create it.
   */
  ensure(
    spec: FlexibleAssetTypeSpec,
    underLock: <T>(foldedName: string, ensure: () => Promise<T>) => Promise<T> = (_, ensure) => ensure(),
  ): Promise<EnsuredFlexibleAssetType> {
    const key = foldName(spec.name);
    let answer = this.#known.get(key);
    if (!answer) {
      answer = underLock(key, () => this.#ensure(spec)).then((type) => {
        this.options.onEnsured?.({ id: type.id, name: foldName(spec.name) });
        return type;
      });
      // A failure is not memoised: the next item may try again (e.g. after the circuit closes).
      answer.catch(() => this.#known.delete(key));
      this.#known.set(key, answer);
    }
    return answer;
  }

  async #ensure(spec: FlexibleAssetTypeSpec): Promise<EnsuredFlexibleAssetType> {
    const existing = await this.#find(spec.name);
    if (!existing) return this.#create(spec);
    const fields = await this.#fields(existing.id);
    const missing: FlexibleAssetFieldSpec[] = [];
    for (const wanted of spec.fields) {
      const nameKey = wanted.nameKey ?? nameKeyOf(wanted.name);
      const have = fields.find((f) => f.nameKey === nameKey || foldName(f.name) === foldName(wanted.name));
      if (!have) missing.push(wanted);
      else if (have.kind.toLowerCase() !== wanted.kind.toLowerCase()) {
        throw createError('EFAT_FIELD_KIND', {
          type: existing.name,
          field: have.name,
          expected: wanted.kind,
          found: have.kind,
        });
      }
    }
    if (missing.length === 0) return { id: existing.id, name: existing.name, action: 'unchanged', fields };
    this.options.onPlanned?.({ type: existing.name, action: 'update', fields: missing.map((f) => f.name) });
    if (this.options.dryRun) {
      return {
        id: existing.id,
        name: existing.name,
        action: 'updated',
        fields: [...fields, ...missing.map(plannedField)],
      };
    }
    let order = fields.length;
    for (const field of missing) {
      await assertLockHeld(); // a run that lost its lock changes no type (state/lock-context.ts)
      await this.options.client.flexibleAssetFields.create(existing.id, {
        ...fieldAttributes(field),
        order: ++order,
      });
    }
    return {
      id: existing.id,
      name: existing.name,
      action: 'updated',
      fields: await this.#fields(existing.id),
    };
  }

  async #create(spec: FlexibleAssetTypeSpec): Promise<EnsuredFlexibleAssetType> {
    this.options.onPlanned?.({ type: spec.name, action: 'create', fields: spec.fields.map((f) => f.name) });
    if (this.options.dryRun) {
      return {
        id: plannedTypeId(spec.name),
        name: spec.name,
        action: 'planned',
        fields: spec.fields.map(plannedField),
      };
    }
    // The type may exist after an ambiguous failure: adopt it rather than create a second one.
    const id = await createOnce(
      async () => {
        await assertLockHeld();
        return this.#post(spec);
      },
      async () => (await this.#find(spec.name))?.id ?? null,
      2,
    );
    return { id, name: spec.name, action: 'created', fields: await this.#fields(id) };
  }

  async #post(spec: FlexibleAssetTypeSpec): Promise<string> {
    const response = await this.options.client.request<{ data: { id: string } }>({
      method: 'POST',
      path: '/flexible_asset_types',
      body: {
        data: {
          type: 'flexible-asset-types',
          attributes: {
            name: spec.name,
            description: spec.description ?? null,
            icon: spec.icon ?? 'file-text',
            enabled: true,
            'show-in-menu': true,
          },
          relationships: {
            'flexible-asset-fields': {
              data: spec.fields.map((field, index) => ({
                type: 'flexible-asset-fields',
                attributes: convertKeys({ ...fieldAttributes(field), order: index + 1 }, kebabCase),
              })),
            },
          },
        },
      },
    });
    return String(response.data.data.id);
  }

  async #find(name: string): Promise<{ id: string; name: string } | null> {
    const wanted = foldName(name);
    for await (const type of this.options.client.flexibleAssetTypes.list({ filter: { name } })) {
      if (foldName(type.name) === wanted) return { id: String(type.id), name: type.name };
    }
    return null;
  }

  async #fields(typeId: string): Promise<Field[]> {
    const out: Field[] = [];
    for await (const f of this.options.client.flexibleAssetFields.list(typeId)) {
      out.push({ name: f.name, nameKey: f.nameKey, kind: f.kind, required: Boolean(f.required) });
    }
    // Fields just read tell which traits are secrets: writes of this type need no second read for it.
    this.options.client.secretTraits.learn(typeId, out);
    return out;
  }
}

function fieldAttributes(field: FlexibleAssetFieldSpec) {
  return {
    name: field.name,
    kind: field.kind,
    required: field.required ?? false,
    showInList: field.showInList ?? false,
    useForTitle: field.useForTitle ?? false,
    ...(field.hint ? { hint: field.hint } : {}),
    ...(field.tagType ? { tagType: field.tagType } : {}),
  };
}

function plannedField(field: FlexibleAssetFieldSpec): Field {
  return {
    name: field.name,
    nameKey: field.nameKey ?? nameKeyOf(field.name),
    kind: field.kind,
    required: field.required ?? false,
  };
}
