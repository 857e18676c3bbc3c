/**
 * Flexible asset types, fields and assets. Two IT Glue traps are closed here:
 * listing assets needs a type (422 otherwise: asked for up front), and PATCH replaces the whole
 * trait set (omitted traits are deleted): `updateTraits` reads, merges and writes the full set,
 * after checking the keys against the type's fields.
 */
import { createError } from '../errors/index.js';
import { FlexibleAssetFieldModel, FlexibleAssetModel, FlexibleAssetTypeModel } from '../models/assets.js';
import type { FlexibleAsset, FlexibleAssetField, FlexibleAssetType } from '../models/assets.js';
import type { CallOptions, Transport } from '../transport.js';
import type {
  FlexibleAssetCreate,
  FlexibleAssetFieldCreate,
  FlexibleAssetFieldInput,
  FlexibleAssetTypeCreate,
  FlexibleAssetTypeInput,
  Traits,
} from './inputs.js';
import { ResourceBase, idPath } from './resource-base.js';
import type { Id, ListParams } from './resource-base.js';
import { mergeTraits } from './traits.js';
import type { UploadPolicy } from './traits.js';

const typeFieldsPath = (typeId: Id) =>
  `/flexible_asset_types/${encodeURIComponent(String(typeId))}/relationships/flexible_asset_fields`;

export class FlexibleAssetTypes extends ResourceBase<FlexibleAssetType> {
  constructor(transport: Transport) {
    super(transport, 'flexible_asset_types', FlexibleAssetTypeModel);
  }
  list(params: ListParams = {}): AsyncIterable<FlexibleAssetType> {
    return this.listAt('/flexible_asset_types', params);
  }
  get(id: Id, options?: CallOptions): Promise<FlexibleAssetType | null> {
    return this.getAt(idPath(this.route, id), options);
  }
  create(attributes: FlexibleAssetTypeCreate, options?: CallOptions): Promise<FlexibleAssetType> {
    return this.createAt('/flexible_asset_types', attributes, options);
  }
  update(id: Id, attributes: FlexibleAssetTypeInput, options?: CallOptions): Promise<FlexibleAssetType> {
    return this.updateAt(idPath(this.route, id), attributes, options);
  }
}

export class FlexibleAssetFields extends ResourceBase<FlexibleAssetField> {
  constructor(transport: Transport) {
    super(transport, 'flexible_asset_fields', FlexibleAssetFieldModel);
  }
  /** The fields of a type, in IT Glue's order. */
  list(flexibleAssetTypeId: Id, params: ListParams = {}): AsyncIterable<FlexibleAssetField> {
    return this.listAt(typeFieldsPath(flexibleAssetTypeId), params);
  }
  get(id: Id, options?: CallOptions): Promise<FlexibleAssetField | null> {
    return this.getAt(idPath(this.route, id), options);
  }
  create(
    flexibleAssetTypeId: Id,
    attributes: FlexibleAssetFieldCreate,
    options?: CallOptions,
  ): Promise<FlexibleAssetField> {
    return this.createAt(
      typeFieldsPath(flexibleAssetTypeId),
      { ...attributes, flexibleAssetTypeId },
      options,
    );
  }
  update(id: Id, attributes: FlexibleAssetFieldInput, options?: CallOptions): Promise<FlexibleAssetField> {
    return this.updateAt(idPath(this.route, id), attributes, options);
  }
  bulkUpdate(items: ReadonlyArray<{ id: Id } & FlexibleAssetFieldInput>, options?: CallOptions) {
    return this.bulkUpdateAt('/flexible_asset_fields', items, options);
  }
  delete(id: Id, options?: CallOptions): Promise<void> {
    return this.deleteAt(idPath(this.route, id), id, options);
  }
}

export interface FlexibleAssetListParams extends ListParams {
  /** Required: IT Glue refuses to list flexible assets without their type. */
  flexibleAssetTypeId: Id;
  organizationId?: Id;
}

export interface UpdateTraitsOptions extends CallOptions {
  /** What to do with Upload traits that cannot be re-sent (IT Glue wipes them unless their file is sent again). */
  uploads?: UploadPolicy;
  /** The asset as just read (saves the read when the caller holds it, e.g. to diff against it). */
  current?: FlexibleAsset;
}

export class FlexibleAssets extends ResourceBase<FlexibleAsset> {
  private readonly fieldsCache = new Map<string, { at: number; fields: Promise<FlexibleAssetField[]> }>();

  constructor(
    transport: Transport,
    private readonly fields: FlexibleAssetFields,
    private readonly now: () => number = Date.now,
  ) {
    super(transport, 'flexible_assets', FlexibleAssetModel);
  }

  list(params: FlexibleAssetListParams): AsyncIterable<FlexibleAsset> {
    const { flexibleAssetTypeId, organizationId, ...rest } = params ?? ({} as FlexibleAssetListParams);
    if (flexibleAssetTypeId === undefined || flexibleAssetTypeId === null || flexibleAssetTypeId === '') {
      throw createError('EITGLUE_INVALID_ARGUMENT', {
        what: 'flexibleAssets.list()',
        expected: '{ flexibleAssetTypeId } (IT Glue cannot list flexible assets of all types at once)',
      });
    }
    const filter = {
      ...rest.filter,
      flexibleAssetTypeId: String(flexibleAssetTypeId),
      ...(organizationId === undefined ? {} : { organizationId: String(organizationId) }),
    };
    // IT Glue documents these filters in kebab-case (filter[flexible-asset-type-id]).
    return this.listAt('/flexible_assets', { ...rest, filter }, 'kebab');
  }
  get(id: Id, options?: CallOptions): Promise<FlexibleAsset | null> {
    return this.getAt(idPath(this.route, id), options);
  }
  create(attributes: FlexibleAssetCreate, options?: CallOptions): Promise<FlexibleAsset> {
    return this.createAt('/flexible_assets', attributes, options);
  }
  /** Bulk create: only the organization-nested route takes an array. */
  createMany(
    organizationId: Id,
    items: ReadonlyArray<Omit<FlexibleAssetCreate, 'organizationId'>>,
    options?: CallOptions,
  ) {
    const path = `/organizations/${encodeURIComponent(String(organizationId))}/relationships/flexible_assets`;
    return this.createManyAt(
      path,
      items.map((item) => ({ ...item, organizationId })),
      options,
    );
  }
  /** Attributes other than traits (restricted, archived). Traits go through updateTraits or replaceTraits. */
  update(
    id: Id,
    attributes: { restricted?: boolean; archived?: boolean },
    options?: CallOptions,
  ): Promise<FlexibleAsset> {
    if ('traits' in attributes) {
      throw createError('EITGLUE_INVALID_ARGUMENT', {
        what: 'flexibleAssets.update() with traits',
        expected:
          'updateTraits(id, partial) (merges) or replaceTraits(id, traits) (IT Glue deletes omitted traits)',
      });
    }
    return this.updateAt(idPath(this.route, id), attributes, options);
  }
  /** Sends `traits` as the complete set: every trait not in it is deleted by IT Glue. */
  replaceTraits(id: Id, traits: Traits, options?: CallOptions): Promise<FlexibleAsset> {
    return this.updateAt(idPath(this.route, id), { traits }, options);
  }
  /**
   * Changes some traits and keeps the others: reads the asset and its type's fields, checks the
   * keys, merges (tags re-sent as ids), writes the full set. `null` clears a trait.
   */
  async updateTraits(id: Id, partial: Traits, options: UpdateTraitsOptions = {}): Promise<FlexibleAsset> {
    const { uploads = 'fail', current, ...callOptions } = options;
    const asset = current ?? (await this.get(id, callOptions));
    if (!asset) throw createError('EITGLUE_NOT_FOUND', { where: `PATCH /flexible_assets/${id}` });
    const typeId = asset.flexibleAssetTypeId;
    if (!typeId)
      throw createError('EITGLUE_BAD_RESPONSE', {
        where: `GET /flexible_assets/${id}`,
        problem: 'no flexible-asset-type-id',
      });
    const fields = await this.fieldsOf(typeId, callOptions);
    const traits = mergeTraits({
      type: asset.flexibleAssetTypeName ?? typeId,
      fields,
      current: asset.traits ?? {},
      partial,
      uploads,
    });
    return this.replaceTraits(id, traits, callOptions);
  }
  bulkUpdate(
    items: ReadonlyArray<{ id: Id; traits?: Traits; restricted?: boolean; archived?: boolean }>,
    options?: CallOptions,
  ) {
    return this.bulkUpdateAt('/flexible_assets', items, options);
  }
  bulkDelete(ids: readonly Id[], options?: CallOptions): Promise<number> {
    return this.bulkDeleteAt('/flexible_assets', ids, options);
  }
  delete(id: Id, options?: CallOptions): Promise<void> {
    return this.deleteAt(idPath(this.route, id), id, options);
  }

  /** A type's fields, remembered for a minute: a bulk updateTraits run reads them once, not per asset. */
  private fieldsOf(typeId: string, options: CallOptions): Promise<FlexibleAssetField[]> {
    const cached = this.fieldsCache.get(typeId);
    if (cached && this.now() - cached.at < 60_000) return cached.fields;
    const fields = (async () => {
      const out: FlexibleAssetField[] = [];
      for await (const field of this.fields.list(typeId, options)) out.push(field);
      return out;
    })();
    fields.catch(() => this.fieldsCache.delete(typeId));
    this.fieldsCache.set(typeId, { at: this.now(), fields });
    return fields;
  }
}
