/**
 * The write journal: an intent is recorded before a create and closed after it. After a crash or
 * an ambiguous failure (timeout, 502, reset) the engine finds the intent still `pending` and looks
 * the record up by its natural key before trying again, so a fault never creates a duplicate.
 */
import { randomUUID } from 'node:crypto';
import type { GlueflowStorage } from '../storage/glueflow-storage.js';
import { stateError } from '../storage/storage-errors.js';
import type { Mappings } from './mappings.js';
import { ScopedRecords } from './scoped-records.js';
import {
  JournalIntentSchema,
  MappingSchema,
  validated,
  type JournalEntry,
  type JournalIntent,
  type Mapping,
} from './state-values.js';

export class WriteJournal {
  readonly #storage: GlueflowStorage;
  readonly #records: ScopedRecords<JournalEntry>;
  readonly #mappings: Mappings;
  readonly #plugin: string;
  readonly #clock: () => number;
  readonly #where: string;

  constructor(storage: GlueflowStorage, plugin: string, mappings: Mappings, clock: () => number) {
    this.#storage = storage;
    this.#records = new ScopedRecords<JournalEntry>(storage, 'state-journal', plugin, clock);
    this.#mappings = mappings;
    this.#plugin = plugin;
    this.#clock = clock;
    this.#where = `write journal of ${plugin}`;
  }

  /** Records the intent (durably) and returns it; call before sending the create. */
  async begin(intent: JournalIntent): Promise<JournalEntry> {
    const entry: JournalEntry = {
      ...validated(JournalIntentSchema, intent, this.#where),
      journalId: randomUUID(),
      plugin: this.#plugin,
      startedAt: new Date(this.#clock()).toISOString(),
      status: 'pending',
    };
    await this.#records.set(entry.journalId, entry, entry.status);
    return entry;
  }

  /**
   * Closes the intent and stores the source key's mapping in the same transaction: either both
   * happened or neither did, so a crash cannot leave a created record without its mapping.
   */
  async complete(
    journalId: string,
    result: Omit<Mapping, 'type'> & { type?: string },
  ): Promise<JournalEntry> {
    return this.#storage.write(async () => {
      const entry = await this.#open(journalId);
      const mapping = validated(MappingSchema, { ...result, type: result.type ?? entry.type }, this.#where);
      const done: JournalEntry = {
        ...entry,
        status: 'completed',
        finishedAt: this.#now(),
        resultId: mapping.id,
      };
      await this.#mappings.set(entry.sourceKey, mapping);
      await this.#records.set(journalId, done, done.status);
      return done;
    });
  }

  /** Gives the intent up (the create is known not to have happened, or a person decided). */
  async abandon(journalId: string, reason: string): Promise<JournalEntry> {
    return this.#storage.write(async () => {
      const entry = await this.#open(journalId);
      const done: JournalEntry = { ...entry, status: 'abandoned', finishedAt: this.#now(), reason };
      await this.#records.set(journalId, done, done.status);
      return done;
    });
  }

  async get(journalId: string): Promise<JournalEntry | undefined> {
    return this.#records.get(journalId);
  }

  /** Intents begun and never closed, oldest first: what a new run must reconcile before writing. */
  async pending(): Promise<JournalEntry[]> {
    const entries: JournalEntry[] = [];
    for await (const [, entry] of this.#records.entries({ tag: 'pending' })) entries.push(entry);
    return entries.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  /** Deletes closed entries finished more than `olderThanMs` ago; pending ones are always kept. */
  async prune(olderThanMs: number): Promise<number> {
    const cutoff = new Date(this.#clock() - olderThanMs).toISOString();
    const old: string[] = [];
    for await (const [id, entry] of this.#records.entries()) {
      if (entry.status !== 'pending' && (entry.finishedAt ?? entry.startedAt) < cutoff) old.push(id);
    }
    await this.#storage.write(async () => {
      for (const id of old) await this.#records.delete(id);
    });
    return old.length;
  }

  async #open(journalId: string): Promise<JournalEntry> {
    const entry = await this.#records.get(journalId);
    if (!entry) {
      throw stateError(
        'ESTATE_UNKNOWN_JOURNAL',
        `The ${this.#where} has no entry ${journalId}.`,
        'complete or abandon the journalId that begin() returned, with the same plugin',
        this.#where,
      );
    }
    if (entry.status !== 'pending') {
      throw stateError(
        'ESTATE_INVALID',
        `Journal entry ${journalId} is already ${entry.status}.`,
        'an intent is closed once; begin a new one for a new write',
        this.#where,
      );
    }
    return entry;
  }

  #now(): string {
    return new Date(this.#clock()).toISOString();
  }
}
