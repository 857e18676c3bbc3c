/**
 * The hashes the write gate keeps and plans carry, and the request as a plan keeps it: secret values
 * digested or masked everywhere, so neither state nor a plan file can be used to guess them.
 */
import { replaceSecrets, SECRET_PLACEHOLDER, isSecretField } from '@glueflow/itglue';
import type { SecretTraitKeys } from '@glueflow/itglue';
import { contentHash, stableStringify } from '../../engine/content-hash.js';
import type { PlanGuard } from '../../engine/plan-guard.js';
import type { FieldChange, PlannedRequest } from '../../engine/plan-types.js';
import type { SourceProbe, UpsertRequest } from '../../engine/write-types.js';

/** What `unchangedSince` compares: the source as read, for this kind of record in this place. */
export function fingerprintHashOf(
  source: Pick<SourceProbe, 'resourceType' | 'organizationId' | 'flexibleAssetTypeId'> & {
    fingerprint?: unknown;
  },
): string {
  return contentHash({
    resourceType: source.resourceType,
    organizationId: source.organizationId,
    flexibleAssetTypeId: source.flexibleAssetTypeId,
    fingerprint: source.fingerprint,
  });
}

/** Secret values replaced by a keyed digest (see WriteGateOptions.secretDigest) before hashing. */
export function digestSecrets(
  attributes: Record<string, unknown>,
  digest: ((value: string) => string) | undefined,
  secretKeys: SecretTraitKeys,
): Record<string, unknown> {
  if (!digest) return attributes;
  const text = (value: unknown) => (typeof value === 'string' ? value : stableStringify(value));
  return replaceSecrets(attributes, (value) => ({ hmac: digest(text(value)) }), secretKeys);
}

/** The plan's view of a source: secret values masked, so the hash cannot be used to guess them. */
export function sourceHashOf(
  request: UpsertRequest,
  typeName: ((id: string) => string | undefined) | undefined,
  guard: PlanGuard | undefined,
  secretKeys: SecretTraitKeys,
): string {
  const typeId = request.flexibleAssetTypeId;
  const organizationId = request.organizationId;
  return contentHash({
    resourceType: request.resourceType,
    // An organization this apply created stands for the planned id the plan holds for it.
    organizationId: organizationId ? (guard?.plannedIdOf(organizationId) ?? organizationId) : undefined,
    flexibleAssetType: typeId ? (typeName?.(typeId) ?? typeId) : undefined,
    // A fingerprint is the source's identity: attributes derived from it may hold ids known only once
    // other records exist (links between imported files), which a plan cannot know yet.
    ...(request.fingerprint === undefined
      ? { attributes: masked(request.attributes, secretKeys) }
      : { fingerprint: request.fingerprint }),
  });
}

/** What a plan keeps of a request: data only (no callbacks, no fingerprint), secrets masked. */
export function planRequest(request: UpsertRequest, secretKeys: SecretTraitKeys): PlannedRequest {
  const {
    afterWrite: _afterWrite,
    fingerprint: _fingerprint,
    documentSource: _documentSource,
    ...data
  } = request;
  return { ...data, attributes: masked(request.attributes, secretKeys) };
}

function masked(attributes: Record<string, unknown>, secretKeys: SecretTraitKeys): Record<string, unknown> {
  return replaceSecrets(attributes, () => SECRET_PLACEHOLDER, secretKeys);
}

export function maskSecretChange(change: FieldChange, secretKeys: SecretTraitKeys): FieldChange {
  return isSecretField(change.field, secretKeys)
    ? { ...change, before: SECRET_PLACEHOLDER, after: SECRET_PLACEHOLDER }
    : change;
}
