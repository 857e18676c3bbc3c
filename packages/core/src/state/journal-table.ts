/**
 * The write journal: an intent is recorded before a create and closed after it. After a crash or
 * an ambiguous failure (timeout, 502, reset) the engine finds the intent still `pending` and looks
 * the record up by its natural key before trying again, so a fault never creates a duplicate.
 */
import { randomUUID } from 'node:crypto';
import type { WriteJournal } from '../engine/write-backend.js';
import { createError } from '../errors/index.js';
import { stateError } from '../storage/storage-errors.js';
import type { MappingTable } from './mapping-table.js';
import type { StateBackend, StateRecords } from './state-backend.js';
import {
  JournalEntrySchema,
  validKey,
  validated,
  type JournalEntry,
  type JournalRecord,
  type JournalStatus,
} from './state-values.js';

const WHERE = 'write journal';
const CLOSED: readonly JournalStatus[] = ['completed', 'abandoned'];

export class JournalTable implements WriteJournal {
  readonly #backend: StateBackend;
  // One scope for every plugin: complete()/abandon() get only the journal id.
  readonly #records: StateRecords<JournalRecord>;
  readonly #mappings: MappingTable;
  readonly #clock: () => number;

  constructor(backend: StateBackend, mappings: MappingTable, clock: () => number) {
    this.#backend = backend;
    this.#records = backend.records<JournalRecord>('state-journal', '*');
    this.#mappings = mappings;
    this.#clock = clock;
  }

  /** Records the intent durably and returns its journal id; call before sending the create. */
  async begin(entry: JournalEntry): Promise<string> {
    const record: JournalRecord = {
      ...validated<JournalEntry>(JournalEntrySchema, entry, WHERE),
      journalId: randomUUID(),
      startedAt: this.#now(),
      status: 'pending',
    };
    await this.#records.set(record.journalId, record, record.status);
    return record.journalId;
  }

  /**
   * Closes the intent with the id IT Glue gave the record. With `mapping`, the source key's mapping
   * is stored in the same transaction: both happen or neither does.
   */
  async complete(
    journalId: string,
    recordId: string,
    mapping?: { contentHash: string; updatedAt?: string },
  ): Promise<void> {
    validKey(recordId, 'record id', WHERE);
    await this.#backend.atomic(async () => {
      const entry = await this.#pending(journalId);
      if (mapping) {
        await this.#mappings.set(entry.plugin, entry.sourceKey, {
          resourceType: entry.resourceType,
          id: recordId,
          ...mapping,
        });
      }
      await this.#close({ ...entry, status: 'completed', finishedAt: this.#now(), recordId });
    });
  }

  /** Gives the intent up: the create is known not to have happened, or a person decided. */
  async abandon(journalId: string, reason: string): Promise<void> {
    await this.#backend.atomic(async () => {
      const entry = await this.#pending(journalId);
      await this.#close({ ...entry, status: 'abandoned', finishedAt: this.#now(), reason });
    });
  }

  async get(journalId: string): Promise<JournalRecord | undefined> {
    return this.#records.get(validKey(journalId, 'journal id', WHERE));
  }

  /** Intents begun and never closed, oldest first: what a new run reconciles before writing. */
  async pending(plugin?: string): Promise<JournalRecord[]> {
    const entries: JournalRecord[] = [];
    for await (const [, entry] of this.#records.entries({ tag: 'pending' })) {
      if (plugin === undefined || entry.plugin === plugin) entries.push(entry);
    }
    return entries.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  /**
   * Deletes closed entries finished more than `olderThanMs` ago; pending ones are always kept. Read
   * from the tag index (a closed entry's index time is its `finishedAt`), not by reading every entry.
   */
  async prune(olderThanMs: number): Promise<number> {
    const cutoff = this.#clock() - olderThanMs;
    const old: string[] = [];
    for (const status of CLOSED) old.push(...(await this.#records.taggedBefore(status, cutoff)));
    await this.#backend.atomic(async () => {
      for (const id of old) await this.#records.delete(id);
    });
    return old.length;
  }

  async #close(record: JournalRecord): Promise<void> {
    await this.#records.set(record.journalId, record, record.status);
  }

  async #pending(journalId: string): Promise<JournalRecord> {
    const entry = await this.get(journalId);
    if (!entry) {
      throw createError('ESTATE_UNKNOWN_JOURNAL', { what: journalId }, { where: WHERE });
    }
    if (entry.status !== 'pending') {
      throw stateError(
        `to close journal entry ${journalId} again (it is ${entry.status})`,
        'an intent to be closed once; begin a new one for a new write',
        WHERE,
      );
    }
    return entry;
  }

  #now(): string {
    return new Date(this.#clock()).toISOString();
  }
}
