/**
 * The lookup index on its own: when it starts answering, what a listing and the run's writes teach it,
 * and what it does when a listing fails. End to end (request counts against the emulator) lives in
 * testkit's runtime-writes tests.
 */
import { describe, expect, it } from '@jest/globals';
import { LookupIndex } from './lookup-index.js';
import type { NamedRecord } from './lookup-index.js';

function lister(records: NamedRecord[]) {
  const calls = { count: 0 };
  const list = () => {
    calls.count += 1;
    return (async function* () {
      for (const record of records) yield record;
    })();
  };
  return { list, calls };
}

const scope = { organizationId: '1', flexibleAssetTypeId: '7' };
const asset = (id: string, name: string, organizationId = '1'): NamedRecord => ({
  id,
  name,
  organizationId,
  flexibleAssetTypeId: '7',
});

describe('LookupIndex', () => {
  it('a listing answers "not there" for a few seconds only, then the scope is listed again', async () => {
    let now = 1_000_000;
    const index = new LookupIndex({ directLookups: 0, maxAgeMs: 5_000, now: () => now });
    const records = [asset('5', 'Mail A')];
    const { list, calls } = lister(records);
    expect(await index.lookup('flexible_assets', scope, 'Mail B', list)).toBeNull();
    now += 4_000;
    expect(await index.lookup('flexible_assets', scope, 'Mail B', list)).toBeNull();
    expect(calls.count).toBe(1);
    // Another machine created it meanwhile: an old listing would say "create it" a second time.
    records.push(asset('8', 'Mail B'));
    now += 1_500;
    expect(await index.lookup('flexible_assets', scope, 'Mail B', list)).toBe('8');
    expect(calls.count).toBe(2);
  });

  it('leaves the first lookups to IT Glue, then lists the scope once and answers by folded name', async () => {
    const index = new LookupIndex({ directLookups: 2 });
    const { list, calls } = lister([asset('5', 'Mail A'), asset('3', 'mail a'), asset('9', 'Mail B')]);
    expect(await index.lookup('flexible_assets', scope, 'Mail A', list)).toBeUndefined();
    expect(await index.lookup('flexible_assets', scope, 'Mail A', list)).toBeUndefined();
    expect(calls.count).toBe(0);
    // Duplicates in IT Glue: the lowest id wins, as with a direct lookup.
    expect(await index.lookup('flexible_assets', scope, 'MAIL A', list)).toBe('3');
    expect(await index.lookup('flexible_assets', scope, 'Mail B', list)).toBe('9');
    expect(await index.lookup('flexible_assets', scope, 'Mail C', list)).toBeNull();
    expect(calls.count).toBe(1);
  });

  it('eager scopes are listed on the first lookup; scopes are separate per type and filter', async () => {
    const index = new LookupIndex({ directLookups: 2 });
    const contacts = lister([{ id: '4', name: 'Ada Lovelace', organizationId: '1' }]);
    const inOrg = { organizationId: '1' };
    expect(await index.lookup('contacts', inOrg, 'ada lovelace', contacts.list, true)).toBe('4');
    expect(await index.lookup('contacts', { organizationId: '2' }, 'Ada Lovelace', contacts.list, true)).toBe(
      '4',
    );
    expect(contacts.calls.count).toBe(2);
    expect(await index.lookup('documents', inOrg, 'Ada Lovelace', lister([]).list, true)).toBeNull();
  });

  it("learns the run's creates and renames in every listed scope the record belongs to", async () => {
    const index = new LookupIndex({ directLookups: 0 });
    const { list } = lister([asset('1', 'Old name')]);
    const wholeType = { flexibleAssetTypeId: '7' };
    const otherOrg = { organizationId: '2', flexibleAssetTypeId: '7' };
    expect(await index.lookup('flexible_assets', scope, 'Old name', list)).toBe('1');
    expect(await index.lookup('flexible_assets', wholeType, 'Old name', list)).toBe('1');
    expect(await index.lookup('flexible_assets', otherOrg, 'x', lister([]).list)).toBeNull();

    index.remember('flexible_assets', asset('1', 'New name'));
    index.remember('flexible_assets', asset('2', 'Created'));
    index.remember('flexible_assets', asset('8', 'Elsewhere', '2'));
    for (const s of [scope, wholeType]) {
      expect(await index.lookup('flexible_assets', s, 'Old name', list)).toBeNull();
      expect(await index.lookup('flexible_assets', s, 'new NAME', list)).toBe('1');
      expect(await index.lookup('flexible_assets', s, 'Created', list)).toBe('2');
    }
    expect(await index.lookup('flexible_assets', scope, 'Elsewhere', list)).toBeNull();
    expect(await index.lookup('flexible_assets', wholeType, 'Elsewhere', list)).toBe('8');
    expect(await index.lookup('flexible_assets', otherOrg, 'Elsewhere', list)).toBe('8');
    // Another type's write never lands in a flexible asset scope.
    index.remember('configurations', { id: '3', name: 'Created later', organizationId: '1' });
    expect(await index.lookup('flexible_assets', scope, 'Created later', list)).toBeNull();
  });

  it('a failed listing sends that lookup to IT Glue and lists again next time; clear() forgets', async () => {
    const index = new LookupIndex({ directLookups: 0 });
    let fail = true;
    let listings = 0;
    const list = () => {
      listings += 1;
      return (async function* () {
        if (fail) throw Object.assign(new Error('circuit open'), { code: 'EITGLUE_CIRCUIT_OPEN' });
        yield asset('1', 'Found');
      })();
    };
    expect(await index.lookup('flexible_assets', scope, 'Found', list)).toBeUndefined();
    fail = false;
    expect(await index.lookup('flexible_assets', scope, 'Found', list)).toBe('1');
    expect(listings).toBe(2);
    index.clear();
    expect(await index.lookup('flexible_assets', scope, 'Found', list)).toBe('1');
    expect(listings).toBe(3);
  });

  it('a scope of several pages looked up slowly is asked directly once its listing expired, not listed again', async () => {
    let now = 1_000_000;
    const index = new LookupIndex({ directLookups: 0, maxAgeMs: 5_000, now: () => now });
    const records = Array.from({ length: 2_500 }, (_, i) => asset(String(i + 1), `Mail ${i + 1}`));
    const { list, calls } = lister(records);
    expect(await index.lookup('flexible_assets', scope, 'Mail 7', list)).toBe('7');
    // Two lookups in the next 6 s: listing 3 pages again would cost more than asking twice.
    now += 3_000;
    expect(await index.lookup('flexible_assets', scope, 'Mail 9', list)).toBe('9');
    now += 3_000;
    expect(await index.lookup('flexible_assets', scope, 'Mail X', list)).toBeUndefined();
    expect(calls.count).toBe(1);
    // Busy again (20 lookups within the expired listing's life): listing pays off once more.
    for (let i = 0; i < 20; i++) await index.lookup('flexible_assets', scope, 'Mail 1', list);
    expect(calls.count).toBe(2);
    expect(await index.lookup('flexible_assets', scope, 'Mail 2', list)).toBe('2');
  });

  it('a later listing that shows a name this run created twice reports it once: a writer raced the re-check', async () => {
    let now = 1_000_000;
    const index = new LookupIndex({ directLookups: 0, maxAgeMs: 5_000, now: () => now });
    const records = [asset('5', 'Mail A')];
    const { list } = lister(records);
    expect(await index.lookup('flexible_assets', scope, 'Mail B', list)).toBeNull();
    // This run creates Mail B as #9; another machine created it as #8 at the same moment.
    index.remember('flexible_assets', asset('9', 'Mail B'), true);
    records.push(asset('8', 'Mail B'), asset('9', 'Mail B'), asset('6', 'Mail A'));
    expect(index.takeDuplicates()).toEqual([]);
    now += 6_000;
    expect(await index.lookup('flexible_assets', scope, 'Mail C', list)).toBeNull();
    // Mail A is held twice too, but not by this run's doing: not ours to report.
    expect(index.takeDuplicates()).toEqual([
      { type: 'flexible_assets', scope, name: 'mail b', ids: ['8', '9'] },
    ]);
    now += 6_000;
    expect(await index.lookup('flexible_assets', scope, 'Mail C', list)).toBeNull();
    expect(index.takeDuplicates()).toEqual([]);
  });
});
