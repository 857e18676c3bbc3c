/**
 * Who owns a Message-ID. A source key is `<Message-ID>#<content digest>`, so a second, different
 * message under a reused Message-ID gets a record of its own; this registry tells the step which
 * message had the Message-ID first (to report the other one, naming both), and carries imports made
 * before content digests over to the new keys:
 * - the owner of each identity (Message-ID, or header hash) is kept as a bookmark `message-id:<id>`
 *   `{ sourceKey, where }` — so a reuse is reported in a later run too (IMAP and Graph read only new mail);
 * - a record imported before (state keyed by the bare identity) goes to the message it was written from:
 *   the step checks the record against the message (`sameAsBefore`), and only then does the mapping move
 *   to the new key; the record keeps the Reference and Message-ID it was written with (`legacy`), so
 *   the first run after an upgrade writes nothing for unchanged mail, and a forged message that reuses
 *   the Message-ID of mail imported before the upgrade cannot take that record over.
 *   In a dry run nothing moves: the write is planned under the old key, which finds the same record.
 */
import type { JsonValue, Mapping, PluginState } from '@glueflow/core';
import type { ParsedMessage } from '../parse/message-types.js';

interface Claim {
  sourceKey: string;
  where: string;
  legacy: boolean;
  [key: string]: JsonValue;
}

export interface Owner {
  sourceKey: string;
  /** Where the owner was read (or, for an import from before content digests, which record it is). */
  where: string;
  /** Imported before content digests: the record's Reference and Message-ID come from the identity. */
  legacy: boolean;
  /** Whether the claim is saved already. */
  stored: boolean;
  /** The mapping under the bare identity, until it is moved to the owner's key. */
  legacyMapping?: Mapping | undefined;
}

/** Whether a record imported before content digests was written from this message. */
export type SameAsBefore = (mapping: Mapping) => Promise<boolean>;

interface Known {
  owner?: Owner;
  /** An import from before content digests that no message of this run has matched yet. */
  unmatched?: Mapping;
}

export class MessageIdentities {
  readonly #known = new Map<string, Known>();
  /** One decision at a time per identity, so concurrent messages agree on the owner. */
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly state: PluginState,
    private readonly dryRun: boolean,
  ) {}

  /** The message that owns this message's identity: from an earlier run, this run, or this message. */
  ownerOf(message: ParsedMessage, where: string, sameAsBefore: SameAsBefore): Promise<Owner> {
    return this.#serially(message.identity, async () => {
      const known = await this.#load(message.identity);
      if (known.owner) return known.owner;
      const legacy = known.unmatched;
      if (legacy && !(await sameAsBefore(legacy)))
        return {
          sourceKey: '',
          where: `the ${recordName(legacy)} imported before`,
          legacy: true,
          stored: true,
        };
      known.unmatched = undefined;
      known.owner = { sourceKey: message.sourceKey, where, legacy: legacy !== undefined, stored: false };
      if (legacy) known.owner.legacyMapping = legacy;
      return known.owner;
    });
  }

  /** The key to write the owner's record under; an old mapping moves to it first (never in dry runs). */
  async keyToWrite(owner: Owner, identity: string): Promise<string> {
    const mapping = owner.legacyMapping;
    if (!mapping) return owner.sourceKey;
    if (this.dryRun) return identity;
    owner.legacyMapping = undefined;
    await this.state.atomic(async () => {
      await this.state.mappings.set(owner.sourceKey, mapping);
      await this.state.mappings.delete(identity);
      await this.state.bookmarks.set(claimName(identity), claimOf(owner));
    });
    owner.stored = true;
    return owner.sourceKey;
  }

  /** After the owner's record was written: its claim is saved (once; never in dry runs). */
  async written(owner: Owner, identity: string): Promise<void> {
    if (owner.stored || this.dryRun) return;
    owner.stored = true;
    await this.state.bookmarks.set(claimName(identity), claimOf(owner));
  }

  async #load(identity: string): Promise<Known> {
    let known = this.#known.get(identity);
    if (known) return known;
    const claim = await this.state.bookmarks.get<Claim>(claimName(identity));
    const legacy = claim ? undefined : await this.state.mappings.get(identity);
    known = claim
      ? { owner: { sourceKey: claim.sourceKey, where: claim.where, legacy: claim.legacy, stored: true } }
      : legacy
        ? { unmatched: legacy }
        : {};
    this.#known.set(identity, known);
    return known;
  }

  #serially<T>(identity: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(identity) ?? Promise.resolve();
    const next = previous.then(work);
    this.#queues.set(
      identity,
      next.catch(() => undefined),
    );
    return next;
  }
}

function claimName(identity: string): string {
  return `message-id:${identity}`;
}

function claimOf(owner: Owner): Claim {
  return { sourceKey: owner.sourceKey, where: owner.where, legacy: owner.legacy };
}

function recordName(mapping: Mapping): string {
  return `${mapping.resourceType === 'documents' ? 'document' : 'flexible asset'} ${mapping.id}`;
}
