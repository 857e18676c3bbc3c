/**
 * The bad-input corpus through the CLI: broken configs exit 78 naming file and key path, before any IT
 * Glue request; broken items (front matter, a corrupt .eml, a CSV row without a name) exit 2 with a
 * message naming the file and place — and every other item of the run still lands.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createProject } from '../__fixtures__/cli-harness.js';
import type { Project } from '../__fixtures__/cli-harness.js';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples');

let p: Project | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

describe('broken configs: exit 78, file and key path named, nothing sent', () => {
  const cases: Array<[string, string, string, RegExp]> = [
    ['YAML syntax', '.glueflowrc.yaml', 'pipelines:\n  a: [\n', /\.glueflowrc\.yaml/],
    ['unknown key', '.glueflowrc.json', JSON.stringify({ pipelnes: {} }), /pipelnes.*unknown key/s],
    [
      'wrong type',
      '.glueflowrc.json',
      JSON.stringify({ rateLimit: { requests: 'many' } }),
      /rateLimit\.requests/,
    ],
    ['missing plugin', '.glueflowrc.json', JSON.stringify({ plugins: ['no-such-thing'] }), /no-such-thing/],
    [
      'literal secret',
      '.glueflowrc.json',
      JSON.stringify({
        plugins: [['psa', { provider: 'connectwise', connection: { privateKey: 'Sup3rS3cret!' } }]],
      }),
      /privateKey/,
    ],
  ];
  it.each(cases)('%s', async (_name, file, content, expected) => {
    p = await createProject(null);
    p.write(file, content);
    const result = await p.cli(['plan', 'anything']);
    expect(result.code).toBe(78);
    expect(result.stderr).toMatch(expected);
    expect(result.stderr).not.toContain('Sup3rS3cret!');
    expect(p.emulator.admin.stats().requests.total).toBe(0);
  });
});

describe('broken items: exit 2, the item and place named, the rest of the run lands', () => {
  async function projectWith(
    files: Record<string, string>,
    config: Record<string, unknown>,
  ): Promise<Project> {
    const project = await createProject(config);
    await project.emulator.admin.insert('organizations', [{ name: 'Acme Corp' }]);
    for (const [file, content] of Object.entries(files)) project.write(file, content);
    return project;
  }

  it('markdown: invalid front matter and non-UTF-8 fail alone, with file and line', async () => {
    p = await projectWith(
      {
        'docs/good.md': '# Good runbook\n\nSteps.\n',
        'docs/bad-front-matter.md': '---\ntitle: [unclosed\n---\n# Broken\n',
        'docs/latin1.md': '',
      },
      {
        plugins: ['markdown'],
        pipelines: {
          docs: [{ step: 'markdown.import', with: { files: 'docs/*.md', organization: 'Acme Corp' } }],
        },
      },
    );
    fs.writeFileSync(
      path.join(p.dir, 'docs/latin1.md'),
      Buffer.from([0x23, 0x20, 0x43, 0x61, 0x66, 0xe9, 0x0a]),
    );
    const result = await p.cli(['run', 'docs', '--json']);
    expect(result.code).toBe(2);
    const summary = result.json<{
      counts: Record<string, number>;
      messages: Array<Record<string, string>>;
    }>();
    expect(summary.counts).toMatchObject({ created: 1, failed: 2 });
    const items = summary.messages.filter((m) => m.severity === 'error').map((m) => m.item);
    expect(items.sort()).toEqual(['docs/bad-front-matter.md', 'docs/latin1.md']);
    expect(summary.messages.find((m) => m.item === 'docs/bad-front-matter.md')?.place).toMatch(/\d/);
  });

  it('email: a corrupt message fails alone; the others are filed', async () => {
    const inbox = path.join(examples, 'email/inbox');
    const files: Record<string, string> = {};
    for (const name of fs
      .readdirSync(inbox)
      .filter((f) => f.endsWith('.eml'))
      .slice(0, 2))
      files[`inbox/${name}`] = fs.readFileSync(path.join(inbox, name), 'utf8');
    files['inbox/zz-corrupt.eml'] = '\u0000\u0001garbage without headers\r\n--broken';
    p = await projectWith(files, {
      plugins: ['email'],
      pipelines: {
        mail: [
          {
            step: 'email.import',
            with: {
              source: { type: 'directory', path: 'inbox' },
              route: { defaultOrganization: 'Acme Corp' },
            },
          },
        ],
      },
    });
    const result = await p.cli(['run', 'mail', '--json']);
    const summary = result.json<{
      counts: Record<string, number>;
      messages: Array<Record<string, string>>;
    }>();
    expect(summary.counts.created).toBe(2);
    expect(result.code).toBe(2);
    expect(summary.counts).toMatchObject({ created: 2, failed: 1 });
    expect(summary.messages).toEqual([
      expect.objectContaining({
        code: 'EEMAIL_PARSE',
        item: 'inbox/zz-corrupt.eml',
        hint: expect.any(String),
      }),
    ]);
  });

  it('psa csv: a row without a name is a per-row message; the other rows are synced', async () => {
    p = await projectWith(
      {
        'psa.csv':
          'id,identifier,name,status,types,active\n1,ALPHA,Alpha Dental,Active,Client,yes\n2,NONAME,,Active,Client,yes\n3,BETA,Beta Law,Active,Client,yes\n',
      },
      {
        plugins: [['psa', { provider: 'csv', connection: { file: 'psa.csv' } }]],
        pipelines: { psa: [{ step: 'psa.sync-organizations' }] },
      },
    );
    const result = await p.cli(['run', 'psa', '--json']);
    expect(result.code).toBe(2);
    const summary = result.json<{
      counts: Record<string, number>;
      messages: Array<Record<string, string>>;
    }>();
    expect(summary.counts).toMatchObject({ created: 2, failed: 1 });
    const row = summary.messages.find((m) => m.severity === 'error');
    expect(`${row?.item} ${row?.place} ${row?.reason}`).toMatch(/psa\.csv|row|line/i);
  });
});
