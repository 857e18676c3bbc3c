/**
 * Natural-key lookups in bulk. A run that writes many new records of one kind — 1,000 mails as
 * flexible assets of one type, the contacts of one organization — would otherwise ask IT Glue once per
 * record, spending a third of the default 5-minute budget to learn that nothing exists yet. After a few
 * direct lookups in one scope (one list filter: record type, flexible asset type, organization), the
 * scope's names and ids are listed once (ceil(records / 1000) requests) and later lookups are answered
 * here; the backend's own writes keep it current. It lives for one run, so the next run lists again.
 *
 * Only names and ids are held — never attributes or values — and a hit is re-read by id by the caller,
 * so an update (a flexible asset's trait merge above all) still starts from the live record.
 *
 * A listing is trusted for `maxAgeMs` (5 s), then taken again: another machine (another GLUEFLOW_HOME,
 * which the per-pipeline run lock cannot see) may be creating the same records, and a "not there"
 * older than a few seconds would let both create one. The window for such a duplicate is that age.
 * Taken again only when that pays: a scope of several pages looked up slowly (a batch of a split run
 * that shares the rate budget with eleven others does about two lookups in 5 s) is asked directly
 * instead, when IT Glue can filter it by name. Scopes it cannot filter by name (`eager`: contacts,
 * documents) are listed either way — a direct lookup lists the scope too.
 */
import { foldName } from '../../cache/cache-lookups.js';
import type { WritableResource } from '../../engine/write-types.js';

/** The list filter a lookup scope stands for. */
export interface LookupScope {
  organizationId?: string;
  flexibleAssetTypeId?: string;
}

/** What the index needs of a record: its id, name and where it lives. */
export interface NamedRecord {
  id: string;
  name?: unknown;
  organizationId?: unknown;
  flexibleAssetTypeId?: unknown;
}

interface ScopeState {
  type: WritableResource;
  scope: LookupScope;
  lookups: number;
  /** Folded name → ids (ascending: IT Glue allows duplicates and the lowest id wins), once listed. */
  names: Promise<Names> | null;
  listedAt: number;
  /** Lookups since the last listing, and the requests that listing took (see `#worthListing`). */
  sinceListing: number;
  pages: number;
}

/** IT Glue's largest page: what one listing request returns at most. */
const LISTING_PAGE = 1000;

interface Names {
  ids: Map<string, string[]>;
  nameOf: Map<string, string>;
}

/** One name held by several records of a scope, one of them created by this run. */
export interface DuplicateName {
  type: WritableResource;
  scope: LookupScope;
  name: string;
  ids: string[];
}

export interface LookupIndexOptions {
  /**
   * Lookups per scope answered by IT Glue before the scope is listed. Types IT Glue can filter by
   * name cost one request per lookup, so a few direct ones are cheaper than listing a large scope
   * for a run that needs only those. Default 10.
   */
  directLookups?: number;
  /** How long a listing answers "not there" before it is taken again. Default 5,000 ms. */
  maxAgeMs?: number;
  now?: () => number;
}

export class LookupIndex {
  readonly #scopes = new Map<string, ScopeState>();
  /** `type:id` of every record this run created: a listing that shows its name twice found a race. */
  readonly #created = new Set<string>();
  readonly #duplicates: DuplicateName[] = [];
  readonly #reported = new Set<string>();
  readonly #directLookups: number;
  readonly #maxAgeMs: number;
  readonly #now: () => number;

  constructor(options: LookupIndexOptions = {}) {
    this.#directLookups = options.directLookups ?? 10;
    this.#maxAgeMs = options.maxAgeMs ?? 5_000;
    this.#now = options.now ?? Date.now;
  }

  /** Forget every scope: called when a run begins, since other people write between runs. */
  clear(): void {
    this.#scopes.clear();
    this.#created.clear();
    this.#reported.clear();
  }

  /** Lists `scope` now and notes names this run created that it holds twice (see takeDuplicates). */
  async audit(
    type: WritableResource,
    scope: LookupScope,
    listAll: () => AsyncIterable<NamedRecord>,
  ): Promise<void> {
    this.#noteDuplicates(
      { type, scope, lookups: 0, names: null, listedAt: 0, sinceListing: 0, pages: 1 },
      await listNames(listAll),
    );
  }

  /** Duplicates found since the last call: names this run created that a later listing shows twice. */
  takeDuplicates(): DuplicateName[] {
    return this.#duplicates.splice(0);
  }

  /**
   * The id of the record named `name` in the scope: a string when found, `null` when the listed scope
   * has no such record, `undefined` when the scope is not listed (yet): ask IT Glue directly then.
   * `listAll` lists the whole scope; `eager` lists it on the first lookup (types IT Glue cannot filter
   * by name, whose direct lookup lists the scope anyway).
   */
  async lookup(
    type: WritableResource,
    scope: LookupScope,
    name: string,
    listAll: () => AsyncIterable<NamedRecord>,
    eager = false,
  ): Promise<string | null | undefined> {
    const state = this.#state(type, scope);
    state.lookups += 1;
    state.sinceListing += 1;
    const expired = state.names !== null && this.#now() - state.listedAt > this.#maxAgeMs;
    if (expired && !eager && !this.#worthListing(state)) return undefined; // one direct lookup is cheaper
    if (expired || (!state.names && (eager || state.lookups > this.#directLookups))) {
      state.names = listNames(listAll).then((names) => {
        state.pages = Math.max(1, Math.ceil(names.nameOf.size / LISTING_PAGE));
        return this.#noteDuplicates(state, names);
      });
      state.listedAt = this.#now();
      state.sinceListing = 0;
    }
    if (!state.names) return undefined;
    try {
      const names = await state.names;
      return names.ids.get(foldName(name))?.[0] ?? null;
    } catch {
      // The listing failed (network, circuit): this lookup asks IT Glue itself, which reports the
      // problem properly; a later lookup may list again.
      state.names = null;
      return undefined;
    }
  }

  /**
   * A record this run wrote or found: every listed scope it belongs to learns its (new) name.
   * `created`: this run created it (a later listing showing its name twice reveals a racing writer).
   */
  remember(type: WritableResource, record: NamedRecord, created = false): void {
    if (created) this.#created.add(`${type}:${String(record.id)}`);
    for (const state of this.#scopes.values()) {
      if (state.type !== type || !state.names || !belongsTo(record, state.scope)) continue;
      state.names = state.names.then((names) => rename(names, record));
    }
  }

  /**
   * Whether listing an expired scope again costs less than the lookups it would answer: at the rate
   * of lookups since the last listing, how many fall in the next `maxAgeMs`, against that listing's
   * pages. A one-page scope always is (a direct lookup costs a request too).
   */
  #worthListing(state: ScopeState): boolean {
    if (state.pages <= 1) return true;
    const elapsed = Math.max(1, this.#now() - state.listedAt);
    return (state.sinceListing * this.#maxAgeMs) / elapsed >= state.pages;
  }

  #noteDuplicates(state: ScopeState, names: Names): Names {
    for (const [name, ids] of names.ids) {
      if (ids.length < 2 || !ids.some((id) => this.#created.has(`${state.type}:${id}`))) continue;
      const key = JSON.stringify([state.type, state.scope, name]);
      if (this.#reported.has(key)) continue;
      this.#reported.add(key);
      this.#duplicates.push({ type: state.type, scope: state.scope, name, ids: [...ids] });
    }
    return names;
  }

  #state(type: WritableResource, scope: LookupScope): ScopeState {
    const key = JSON.stringify([type, scope.flexibleAssetTypeId ?? null, scope.organizationId ?? null]);
    let state = this.#scopes.get(key);
    if (!state) {
      state = { type, scope, lookups: 0, names: null, listedAt: 0, sinceListing: 0, pages: 1 };
      this.#scopes.set(key, state);
    }
    return state;
  }
}

async function listNames(listAll: () => AsyncIterable<NamedRecord>): Promise<Names> {
  const names: Names = { ids: new Map(), nameOf: new Map() };
  for await (const record of listAll()) rename(names, record);
  return names;
}

function rename(names: Names, record: NamedRecord): Names {
  const id = String(record.id);
  const before = names.nameOf.get(id);
  if (before !== undefined) {
    const rest = (names.ids.get(before) ?? []).filter((other) => other !== id);
    if (rest.length > 0) names.ids.set(before, rest);
    else names.ids.delete(before);
  }
  const folded = foldName(typeof record.name === 'string' ? record.name : '');
  const ids = [...(names.ids.get(folded) ?? []), id].sort((a, b) => Number(a) - Number(b));
  names.ids.set(folded, ids);
  names.nameOf.set(id, folded);
  return names;
}

function belongsTo(record: NamedRecord, scope: LookupScope): boolean {
  const same = (value: unknown, wanted: string | undefined) =>
    wanted === undefined || (value !== undefined && value !== null && String(value) === wanted);
  return (
    same(record.organizationId, scope.organizationId) &&
    same(record.flexibleAssetTypeId, scope.flexibleAssetTypeId)
  );
}
