/**
 * Secrets never leave memory: with a known API key and password value, a debug-level run, its plan and
 * the SQLite file (cache + state) must not contain either — and a changed value is a real update.
 */
import { createHash, createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from '@jest/globals';
import { contentHash } from '@glueflow/core';
import { createTestEngine } from './index.js';
import type { TestEngine } from './index.js';
import { orgPlugin } from './__fixtures__/org-plugin.js';

const PASSWORD = 'Sup3r-Secret-Vault-Value-7781';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

it('no password value or API key in debug logs, plans or the SQLite file; a missing secret names only its variable', async () => {
  t = await createTestEngine({ plugins: [orgPlugin], env: { VAULT_VALUE: PASSWORD }, logLevel: 'debug' });
  await t.runStep('orgs.sync', { companies: [{ key: 'acme', name: 'Acme Corp' }] });
  const options = { organization: 'Acme Corp', name: 'Domain admin', value: { env: 'VAULT_VALUE' } };
  const planned = await t.runStep('orgs.password', options, { dryRun: true });
  expect(planned.messages).toEqual([]);
  const plan = JSON.stringify(t.lastPlan);
  const run = await t.runStep('orgs.password', options);
  expect(run.counts.created).toBe(1);
  // The value reached IT Glue…
  const id = String((await t.admin.dump()).passwords!.find((p) => p.attributes.name === 'Domain admin')!.id);
  expect((await t.client.passwords.getWithValue(id))?.password).toBe(PASSWORD);
  // …and nowhere else.
  await t.runtime.close();
  const sqlite = await fs.promises.readFile(path.join(t.home, 'default.sqlite'));
  const logs = JSON.stringify(t.logs);
  for (const secret of [PASSWORD, 'ITG.emulator']) {
    expect(logs).not.toContain(secret);
    expect(plan).not.toContain(secret);
    expect(sqlite.includes(Buffer.from(secret))).toBe(false);
  }
  expect(t.logs.length).toBeGreaterThan(10);
  expect(plan).toContain('[secret]');

  // A secret reference that cannot be resolved is a config problem before the run (issue 18.10: all
  // of them at once), naming the variable only.
  await t.restart();
  const missing = await t
    .runStep('orgs.password', { ...options, value: { env: 'NOT_SET_ANYWHERE' } })
    .catch((error: unknown) => error);
  expect(missing).toMatchObject({ code: 'ECONFIG_INVALID' });
  expect((missing as Error).message).toContain('environment variable NOT_SET_ANYWHERE is not set');
});

it('state keeps an API-key-keyed digest of a password, not a hash anyone can test guesses against; a new value is still one update', async () => {
  const env = { VAULT_VALUE: PASSWORD };
  t = await createTestEngine({ plugins: [orgPlugin], env });
  await t.runStep('orgs.sync', { companies: [{ key: 'acme', name: 'Acme Corp' }] });
  const options = { organization: 'Acme Corp', name: 'Domain admin', value: { env: 'VAULT_VALUE' } };
  expect((await t.runStep('orgs.password', options)).counts.created).toBe(1);
  const organizationId = String((await t.admin.dump()).organizations![0]!.id);
  const stored = (await t.runtime.state.mappings.get('glueflow-plugin-test-orgs', 'password:Domain admin'))!;
  const hashWith = (password: unknown) =>
    contentHash({
      resourceType: 'passwords',
      organizationId,
      attributes: { name: 'Domain admin', username: 'admin', password },
    });
  // An attacker with the SQLite file and a word list: no guess — not even the right one — matches…
  for (const guess of ['password', 'Winter2026!', PASSWORD]) {
    expect(stored.contentHash).not.toBe(hashWith(guess));
    expect(stored.contentHash).not.toBe(hashWith(createHash('sha256').update(guess).digest('hex')));
  }
  // …because the value is keyed by the API key, which the file does not hold.
  const hmac = createHmac('sha256', 'ITG.emulator').update(PASSWORD).digest('hex');
  expect(stored.contentHash).toBe(hashWith({ hmac }));

  // Change detection still works: same value → nothing; a new value → exactly one update.
  t.admin.resetStats();
  expect((await t.runStep('orgs.password', options)).counts.unchanged).toBe(1);
  expect(t.admin.stats().writesApplied).toBe(0);
  env.VAULT_VALUE = 'An0ther-Value-2';
  await t.restart(); // the next cron run, with the rotated value in its environment
  expect((await t.runStep('orgs.password', options)).counts.updated).toBe(1);
  const id = String((await t.admin.dump()).passwords![0]!.id);
  expect((await t.client.passwords.getWithValue(id))?.password).toBe('An0ther-Value-2');
});
