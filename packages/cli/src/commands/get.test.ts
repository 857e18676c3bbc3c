/** `glueflow get`: live reads through the shared budget, secrets masked, a password value only on request. */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createProject } from '../__fixtures__/cli-harness.js';
import type { Project } from '../__fixtures__/cli-harness.js';

let project: Project | undefined;
afterEach(async () => {
  await project?.close();
  project = undefined;
});

describe('glueflow get', () => {
  it('lists with filters and shows one record, as IT Glue answers it; --json is one line', async () => {
    project = await createProject({}, { generate: { organizations: 3, perOrganization: 2 } });
    const org = (await project.emulator.admin.dump()).organizations![1]!;
    const name = String(org.attributes.name);

    const list = await project.cli(['get', 'organizations', '--filter', `name=${name}`, '--json']);
    expect(list.code).toBe(0);
    expect(list.stdout.trim().split('\n')).toHaveLength(1);
    expect(list.json<{ records: Array<{ id: string }> }>().records.map((r) => r.id)).toEqual([
      String(org.id),
    ]);

    const one = await project.cli(['get', 'organizations', String(org.id)]);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain(`organizations #${org.id}`);
    expect(one.stdout).toContain(`name: ${name}`);
    // Through the budget: the requests are counted like any other client call.
    expect(project.emulator.admin.stats().requests.total).toBeGreaterThanOrEqual(2);
  });

  it('never prints a password value or a secret trait unless --show-password names one password; that is logged', async () => {
    project = await createProject({}, { generate: { organizations: 2, perOrganization: 2 } });
    const dump = await project.emulator.admin.dump();
    const password = dump.passwords![0]!;
    const value = String(password.attributes.password);
    expect(value.length).toBeGreaterThan(3);

    const shown = await project.cli(['get', 'passwords', String(password.id), '--json']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).not.toContain(value);
    const assets = dump['flexible-assets'] ?? [];
    let secretTraits = 0;
    for (const asset of assets) {
      const got = await project.cli(['get', 'flexible_assets', String(asset.id), '--json']);
      const traits = got.json<{ record: { attributes: { traits?: Record<string, unknown> } } }>().record
        .attributes.traits;
      for (const [key, secret] of Object.entries(
        (asset.attributes.traits ?? {}) as Record<string, unknown>,
      )) {
        if (typeof secret === 'string' && /key|password|psk/i.test(key)) {
          expect(traits?.[key]).toBe('[secret]');
          expect(got.stdout).not.toContain(secret);
          secretTraits++;
        }
      }
    }

    expect(secretTraits).toBeGreaterThan(0);

    const refused = await project.cli(['get', 'passwords', '--show-password']);
    expect(refused.code).toBe(64);

    const logFile = `${project.dir}/get.log`;
    const revealed = await project.cli([
      '--log-file',
      logFile,
      'get',
      'passwords',
      String(password.id),
      '--show-password',
      '--json',
    ]);
    expect(revealed.code).toBe(0);
    expect(revealed.json<{ record: { attributes: { password: string } } }>().record.attributes.password).toBe(
      value,
    );
    const log = fs.readFileSync(logFile, 'utf8');
    expect(log).toContain('password value shown by glueflow get --show-password');
    expect(log).not.toContain(value);
  });
});
