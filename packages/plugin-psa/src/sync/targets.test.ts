/** A pushed run's read: only the ids asked, once each; unknown ids are `gone`; no getCompanies → a listing. */
import { expect, it } from '@jest/globals';
import type { PsaCompany, PsaProvider } from '../provider/types.js';
import { makeWorld } from '../__fixtures__/world.js';
import { readTargets } from './targets.js';

const [a, b, c] = makeWorld(3).companies as [PsaCompany, PsaCompany, PsaCompany];

it('keeps only the ids asked for, even from a provider that answers more, and names the ones not found', async () => {
  const generous: PsaProvider = {
    async *listCompanies() {
      yield* [a, b, c];
    },
    async *getCompanies() {
      yield* [a, b, a]; // b was not asked for; a twice
    },
  };
  expect(await readTargets(generous, [a.id, '424242', a.id])).toEqual({ companies: [a], gone: ['424242'] });
});

it('reads through a full listing when the provider cannot read by id (csv)', async () => {
  const listingOnly: PsaProvider = {
    async *listCompanies() {
      yield* [a, b, c];
    },
  };
  expect(await readTargets(listingOnly, [c.id, b.id])).toEqual({ companies: [b, c], gone: [] });
});
