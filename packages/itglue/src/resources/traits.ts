/**
 * The merge behind `flexibleAssets.updateTraits`. IT Glue reads traits in one shape and wants them
 * written in another: tags read as `{type, values: [{id, name}]}` and are written as ids; uploads
 * read as file metadata and must be sent again as `{content, file_name}` or they are wiped.
 */
import { createError } from '../errors/index.js';
import type { FlexibleAssetField } from '../models/assets.js';
import type { Traits } from './inputs.js';

/** `fail` (default): refuse rather than silently wipe an uploaded file; `drop`: accept its loss. */
export type UploadPolicy = 'fail' | 'drop';

export interface MergeInput {
  type: string;
  fields: readonly FlexibleAssetField[];
  current: Traits;
  partial: Traits;
  uploads: UploadPolicy;
}

export function mergeTraits({ type, fields, current, partial, uploads }: MergeInput): Traits {
  const byKey = new Map(fields.map((field) => [field.nameKey, field]));
  const normalise = (key: string) => (byKey.has(key) ? key : key.replace(/_/g, '-'));
  const unknown = Object.keys(partial).filter((key) => !byKey.has(normalise(key)));
  if (unknown.length > 0) {
    throw createError('EITGLUE_INVALID_TRAITS', {
      type,
      unknown,
      known: fields.filter((field) => field.kind !== 'Header').map((field) => field.nameKey),
    });
  }
  const changes = new Map(Object.entries(partial).map(([key, value]) => [normalise(key), value]));
  const merged: Traits = {};
  const lostUploads: string[] = [];
  for (const field of fields) {
    const key = field.nameKey;
    if (field.kind === 'Header') continue;
    if (changes.has(key)) {
      merged[key] = changes.get(key);
      continue;
    }
    if (!(key in current) || current[key] === null || current[key] === undefined) continue;
    const value = current[key];
    if (field.kind === 'Tag') merged[key] = tagIds(value);
    else if (field.kind === 'Upload') {
      if (isResendableUpload(value)) merged[key] = value;
      else lostUploads.push(key);
    } else merged[key] = value;
  }
  if (lostUploads.length > 0 && uploads === 'fail') {
    throw createError('EITGLUE_INVALID_ARGUMENT', {
      what: `updateTraits on a ${type}: the Upload trait${lostUploads.length === 1 ? '' : 's'} ${lostUploads.join(', ')} would be wiped`,
      expected:
        'the file again in `partial` as { content: <base64>, file_name }, or { uploads: "drop" } to accept the loss',
    });
  }
  return merged;
}

function tagIds(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && Array.isArray((value as { values?: unknown }).values)) {
    return (value as { values: Array<{ id?: unknown }> }).values
      .map((item) => item.id)
      .filter((id) => id !== undefined);
  }
  if (Array.isArray(value))
    return value.map((item) =>
      typeof item === 'object' && item !== null && 'id' in item ? (item as { id: unknown }).id : item,
    );
  return value;
}

function isResendableUpload(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { content?: unknown }).content === 'string'
  );
}
