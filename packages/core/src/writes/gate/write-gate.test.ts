/**
 * The write gate against the emulator over real HTTP. Until the client adapter lands, the test's
 * RecordBackend speaks JSON:API with fetch for organizations — enough to prove the promises:
 * an unchanged re-run sends zero writes; lost state adopts instead of duplicating; a
 * commit-then-fail create is reconciled, not repeated.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startEmulator } from '@glueflow/emulator';
import type { RunningEmulator } from '@glueflow/emulator';
import { createHooks } from '../../engine/hooks.js';
import type { ItemCounts, ItemMessage } from '../../engine/hook-types.js';
import type { EmittableEvent } from '../../engine/events.js';
import { emptyCounts } from '../../engine/run-summary.js';
import { WriteGate } from './write-gate.js';
import type {
  GateRecord,
  Mapping,
  MappingStore,
  RecordBackend,
  WriteJournal,
} from '../../engine/write-backend.js';
import type { PlanEntry } from '../../engine/plan-types.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 7 });
});
afterAll(async () => emulator.stop());
beforeEach(async () => {
  await emulator.admin.reset();
});

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const camel = (s: string) => s.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

function toRecord(resource: { id: string; attributes: Record<string, unknown> }): GateRecord {
  const out: GateRecord = { id: resource.id };
  for (const [k, v] of Object.entries(resource.attributes)) out[camel(k)] = v;
  return out;
}

/** Organizations over JSON:API; errors carry the client's codes so the gate can classify them. */
const organizations: RecordBackend = {
  async get(_type, id) {
    const res = await api('GET', `/organizations/${id}`);
    return res.status === 404 ? null : toRecord(res.body.data);
  },
  async exists(type, id) {
    return (await this.get(type, id)) !== null;
  },
  async findByNaturalKey(_type, key) {
    const res = await api('GET', `/organizations?filter[name]=${encodeURIComponent(key.name)}`);
    const hit = (res.body.data as Array<{ id: string; attributes: Record<string, unknown> }>).find(
      (r) => String(r.attributes.name).toLowerCase() === key.name.toLowerCase(),
    );
    return hit ? toRecord(hit) : null;
  },
  async create(_type, attributes) {
    return toRecord((await api('POST', '/organizations', body(attributes))).body.data);
  },
  async update(_type, id, attributes) {
    return toRecord((await api('PATCH', `/organizations/${id}`, body(attributes))).body.data);
  },
};

function body(attributes: Record<string, unknown>) {
  return {
    data: {
      type: 'organizations',
      attributes: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [kebab(k), v])),
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function api(method: string, path: string, json?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { 'x-api-key': 'ITG.emulator', 'content-type': 'application/vnd.api+json' },
    ...(json ? { body: JSON.stringify(json) } : {}),
  });
  const text = await response.text();
  if (response.status >= 500)
    throw Object.assign(new Error(`IT Glue answered ${response.status}`), { code: 'EITGLUE_SERVER' });
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

class MemoryState implements MappingStore, WriteJournal {
  mappings = new Map<string, Mapping>();
  journal: Array<{ id: string; state: string }> = [];
  async get(plugin: string, key: string) {
    return this.mappings.get(`${plugin}\u0000${key}`);
  }
  async set(plugin: string, key: string, mapping: Mapping) {
    this.mappings.set(`${plugin}\u0000${key}`, mapping);
  }
  async delete(plugin: string, key: string) {
    this.mappings.delete(`${plugin}\u0000${key}`);
  }
  async begin() {
    const id = String(this.journal.length + 1);
    this.journal.push({ id, state: 'pending' });
    return id;
  }
  async complete(id: string) {
    this.journal.find((j) => j.id === id)!.state = 'complete';
  }
  async abandon(id: string) {
    this.journal.find((j) => j.id === id)!.state = 'abandoned';
  }
}

function gate(
  state: MemoryState,
  options: { dryRun?: boolean; records?: RecordBackend; messages?: ItemMessage[] } = {},
) {
  const counts: ItemCounts = emptyCounts();
  const events: EmittableEvent[] = [];
  const plan: PlanEntry[] = [];
  const hooks = createHooks();
  const writeGate = new WriteGate({
    run: { runId: 'r', pipeline: 'psa', dryRun: options.dryRun ?? false, instance: 'default', startedAt: '' },
    step: { runId: 'r', pipeline: 'psa', index: 0, step: 'psa.sync', name: 'psa.sync', plugin: 'psa' },
    dryRun: options.dryRun ?? false,
    hooks,
    records: options.records ?? organizations,
    ...(options.messages ? { report: (m: ItemMessage) => void options.messages!.push(m) } : {}),
    mappings: state,
    journal: state,
    emit: async (e) => void events.push(e),
    count: (o) => void counts[o]++,
    onPlanEntry: (e) => void plan.push(e),
  });
  return { writeGate, counts, events, plan, hooks };
}

const acme = (description = 'Managed since 2019') => ({
  sourceKey: 'cw:company:17',
  resourceType: 'organizations' as const,
  naturalKey: { name: 'Acme Glueworks' },
  attributes: { name: 'Acme Glueworks', description },
});

const orgCount = async () => (await api('GET', '/organizations?page[size]=1000')).body.data.length as number;

describe('WriteGate', () => {
  it('ignores a mapping to a record of another type instead of updating whatever shares its id', async () => {
    const state = new MemoryState();
    const bystander = (await api('POST', '/organizations', body({ name: 'Bystander Ltd' }))).body.data as {
      id: string;
    };
    // The same sourceKey was once written as a location whose id happens to equal the bystander's.
    await state.set('psa', acme().sourceKey, {
      resourceType: 'locations',
      id: bystander.id,
      contentHash: 'old',
    });
    const { writeGate } = gate(state);
    expect(await writeGate.upsert(acme())).toMatchObject({ action: 'created' });
    const after = (await api('GET', `/organizations/${bystander.id}`)).body.data as {
      attributes: Record<string, unknown>;
    };
    expect(after.attributes.name).toBe('Bystander Ltd');
  });

  it('creates, then an unchanged re-run sends zero writes, then a change is one update', async () => {
    const state = new MemoryState();
    const first = gate(state);
    expect(await first.writeGate.upsert(acme())).toMatchObject({ action: 'created' });
    expect(first.events.map((e) => `${e.type}:${e.action}`)).toEqual(['organization:created']);
    const writesBefore = (await emulator.admin.stats()).writesApplied;
    const second = gate(state);
    expect(await second.writeGate.upsert(acme())).toMatchObject({ action: 'unchanged' });
    expect((await emulator.admin.stats()).writesApplied).toBe(writesBefore);
    const third = gate(state);
    expect(await third.writeGate.upsert(acme('Managed since 2018'))).toMatchObject({ action: 'updated' });
    expect(third.events[0]).toMatchObject({
      type: 'organization',
      action: 'updated',
      changedFields: ['description'],
    });
    expect(await orgCount()).toBe(1);
  });

  it('reports a duplicate the records layer found (a writer raced past the re-check), once, naming both ids', async () => {
    const found = [{ type: 'organizations' as const, name: 'acme glueworks', ids: ['4', '9'] }];
    const racing: RecordBackend = { ...organizations, takeDuplicates: () => found.splice(0) };
    const messages: ItemMessage[] = [];
    const { writeGate } = gate(new MemoryState(), { records: racing, messages });
    await writeGate.upsert(acme());
    await writeGate.upsert({ ...acme(), sourceKey: 'cw:company:18', naturalKey: { name: 'Other' } });
    expect(messages).toEqual([expect.objectContaining({ severity: 'warning', code: 'EDUPLICATE_RECORD' })]);
    expect(messages[0]!.reason).toMatch(/organization "acme glueworks" 2 times \(#4, #9\)/);
  });

  it('adopts the existing record when local state is lost', async () => {
    await gate(new MemoryState()).writeGate.upsert(acme());
    const fresh = gate(new MemoryState());
    expect(await fresh.writeGate.upsert(acme())).toMatchObject({ action: 'unchanged' });
    expect(await orgCount()).toBe(1);
  });

  it('commit-then-fail on create is reconciled by lookup, never duplicated', async () => {
    await emulator.admin.enqueueFault({ kind: 'commit-then-fail', method: 'POST', path: '/organizations' });
    const state = new MemoryState();
    const { writeGate } = gate(state);
    const result = await writeGate.upsert(acme());
    expect(result.action).toBe('created');
    expect(await orgCount()).toBe(1);
    expect(state.journal).toEqual([{ id: '1', state: 'complete' }]);
    expect(state.mappings.get('psa\u0000cw:company:17')?.id).toBe(result.id);
  });

  it('a dry run plans with field diffs and writes nothing anywhere', async () => {
    const state = new MemoryState();
    await gate(state).writeGate.upsert(acme());
    const writes = (await emulator.admin.stats()).writesApplied;
    const dry = gate(state, { dryRun: true });
    await dry.writeGate.upsert(acme('Offboarding'));
    await dry.writeGate.upsert({
      ...acme(),
      sourceKey: 'cw:company:18',
      naturalKey: { name: 'Beta' },
      attributes: { name: 'Beta' },
    });
    expect(dry.plan.map((p) => [p.action, p.sourceKey])).toEqual([
      ['update', 'cw:company:17'],
      ['create', 'cw:company:18'],
    ]);
    expect(dry.plan[0]!.changes).toEqual([
      { field: 'description', before: 'Managed since 2019', after: 'Offboarding' },
    ]);
    expect((await emulator.admin.stats()).writesApplied).toBe(writes);
    expect(state.mappings.size).toBe(1);
  });

  it('never puts a secret value into a plan entry', async () => {
    const dry = gate(new MemoryState(), { dryRun: true });
    await dry.writeGate.upsert({
      ...acme(),
      attributes: { name: 'Acme Glueworks', password: 'hunter2-plan-leak', otpSecret: 'JBSWY3DP' },
    });
    const written = JSON.stringify(dry.plan);
    expect(written).not.toContain('hunter2-plan-leak');
    expect(written).not.toContain('JBSWY3DP');
    expect(dry.plan[0]!.request.attributes.password).toBe('[secret]');
  });

  it('beforeWrite can veto a write', async () => {
    const { writeGate, hooks, counts } = gate(new MemoryState());
    hooks.beforeWrite.tap('guard', (w) => ({ ...w, veto: 'frozen during audit' }));
    expect(await writeGate.upsert(acme())).toEqual({ action: 'skipped', reason: 'frozen during audit' });
    expect(counts.skipped).toBe(1);
    expect(await orgCount()).toBe(0);
  });
});
