import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { collect, testEnvironment } from '../__fixtures__/environment.js';
import { csvOf } from '../__fixtures__/csv-file.js';
import { makeWorld } from '../__fixtures__/world.js';
import { csv } from './csv.js';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'psa-csv-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

function provider(dir: string, connection: Record<string, unknown>) {
  const env = testEnvironment({}, dir);
  return { env, provider: csv.create(csv.connection.parse(connection), env) };
}

describe('csv provider', () => {
  it('reads the default headers back into the companies they were written from', async () => {
    const world = makeWorld(40);
    world.companies[7]!.active = false;
    world.companies[7]!.status = 'Inactive';
    const dir = folder({ 'companies.csv': csvOf(world.companies) });
    const { env, provider: p } = provider(dir, { file: 'companies.csv' });
    const companies = await collect(p.listCompanies());
    expect(env.messages).toEqual([]);
    expect(companies).toEqual(world.companies);
  });

  it('finds PSA-export headers by alias and any other header through `columns`', async () => {
    const dir = folder({
      'export.csv':
        '\uFEFFCompany Name;Account Number;Client Ref;Type;Is Active;Zip\n' +
        '"Smith & Sons Plumbing, Inc.";SMITH01;77;Customer|Partner;No;90210\n',
    });
    const { provider: p } = provider(dir, {
      file: 'export.csv',
      delimiter: ';',
      listSeparator: '|',
      columns: { id: 'Client Ref' },
    });
    const [company] = await collect(p.listCompanies());
    expect(company).toMatchObject({
      id: '77',
      identifier: 'SMITH01',
      name: 'Smith & Sons Plumbing, Inc.',
      types: ['Customer', 'Partner'],
      active: false,
      address: { postalCode: '90210', line1: null, country: null },
    });
  });

  it('reports each unusable row on its line and keeps reading', async () => {
    const dir = folder({
      'companies.csv': [
        'id,name,identifier',
        '1,Harbor Dental LLC,HARB',
        '2,,NONAME',
        ',Orphan Co,',
        '1,Second Harbor,HARB2',
        '3,Too,Many,Cells',
        '4,Summit Law Group,SUMM',
        '5,"Unclosed quote,X',
        '6,Never read,N',
      ].join('\n'),
    });
    const { env, provider: p } = provider(dir, { file: 'companies.csv' });
    const companies = await collect(p.listCompanies());
    expect(companies.map((c) => c.id)).toEqual(['1', '4']);
    // csv-parse reports broken records as it reads ahead: order by line.
    env.messages.sort((a, b) => parseInt(a.place!, 10) - parseInt(b.place!, 10));
    expect(env.messages.map((m) => [m.place, m.code, m.severity])).toEqual([
      ['3:name', 'EPSA_ROW', 'error'],
      ['4:id', 'EPSA_ROW', 'error'],
      ['5:id', 'EPSA_ROW', 'error'],
      ['6', 'EPSA_ROW', 'error'],
      ['9', 'EPSA_ROW', 'error'],
    ]);
    expect(env.messages[3]!.reason).toMatch(/^line 6 is malformed: Invalid Record Length/);
    expect(env.messages[4]!.reason).toMatch(/Quote Not Closed/);
    expect(env.messages[0]!.reason).toBe(
      'line 3 has no company name (column "name" or "companyname" or "accountname" or "clientname")',
    );
    expect(env.messages[0]!.item).toBe(`${join(dir, 'companies.csv')}:3`);
    expect(env.messages[2]!.reason).toContain('repeats id "1" of line 2');
  });

  it('reads JSON arrays (and { companies: [...] }) with the same column names', async () => {
    const dir = folder({
      'a.json': JSON.stringify([
        { id: 5, 'Company Name': 'Cedar Realty', types: ['Customer'], active: true },
      ]),
      'b.json': JSON.stringify({
        companies: [{ id: 'x1', name: 'Granite Logistics', deleted: true }, 'junk'],
      }),
    });
    const a = await collect(provider(dir, { file: 'a.json' }).provider.listCompanies());
    expect(a).toEqual([
      expect.objectContaining({ id: '5', name: 'Cedar Realty', types: ['Customer'], active: true }),
    ]);
    const b = provider(dir, { file: 'b.json' });
    expect(await collect(b.provider.listCompanies())).toEqual([
      expect.objectContaining({ id: 'x1', deleted: true, active: false }),
    ]);
    expect(b.env.messages).toEqual([
      expect.objectContaining({ place: '2', reason: 'line 2 is malformed: not an object' }),
    ]);
  });

  it('fails the listing with EPSA_FILE naming the option when the file is missing or not JSON', async () => {
    const dir = folder({ 'bad.json': '{ "companies": [' });
    await expect(collect(provider(dir, { file: 'nope.csv' }).provider.listCompanies())).rejects.toMatchObject(
      {
        code: 'EPSA_FILE',
        hint: expect.stringContaining('connection.file'),
      },
    );
    await expect(collect(provider(dir, { file: 'bad.json' }).provider.listCompanies())).rejects.toMatchObject(
      {
        code: 'EPSA_FILE',
      },
    );
  });

  it('reads contacts from contactsFile, skipping rows without a company or an e-mail', async () => {
    const dir = folder({
      'c.csv':
        'company id,first name,last name,email,title\n1000,Dana,Owner,dana@x.example;d.o@x.example,Boss\n1000,No,Mail,,\n,No,Company,n@x.example,\n',
    });
    const { env, provider: p } = provider(dir, { file: 'none.csv', contactsFile: 'c.csv' });
    const contacts = await collect(p.listContacts!());
    expect(contacts).toEqual([
      {
        id: '1000:dana@x.example',
        companyId: '1000',
        firstName: 'Dana',
        lastName: 'Owner',
        title: 'Boss',
        emails: ['dana@x.example', 'd.o@x.example'],
        phone: null,
        active: true,
        updatedAt: null,
      },
    ]);
    expect(env.messages.map((m) => m.place)).toEqual(['3', '4']);
  });
});
