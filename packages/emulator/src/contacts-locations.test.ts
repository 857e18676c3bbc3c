import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals';
import { startEmulator } from './server.js';
import type { RunningEmulator } from './types.js';
import { client, createOrganization, doc, lookup, type Client } from './test-support.js';

describe('contacts and locations', () => {
  let emulator: RunningEmulator;
  let api: Client;
  let org: number;
  beforeAll(async () => {
    emulator = await startEmulator();
    api = client(emulator);
  });
  beforeEach(async () => {
    await emulator.admin.reset();
    org = await createOrganization(api, 'People Co');
  });
  afterAll(() => emulator.stop());

  it('creates contacts with emails and phones and derives the name', async () => {
    const type = await lookup(api, 'contact_types', 'Owner');
    const answer = await api.post(
      `/organizations/${org}/relationships/contacts`,
      doc('contacts', {
        first_name: 'Ada',
        last_name: 'Lovelace',
        contact_type_id: type,
        contact_emails: [{ value: 'ada@people.co', primary: true, label_name: 'Work' }],
        contact_phones: [{ value: '+1 555 0100', primary: true, label_name: 'Work' }],
      }),
    );
    expect(answer.status).toBe(201);
    expect(answer.body.data.attributes).toMatchObject({
      name: 'Ada Lovelace',
      'contact-type-name': 'Owner',
      'organization-id': org,
    });
  });

  it('filters contacts by primary email, names and importance; sorts by last name', async () => {
    await api.post(
      '/contacts',
      doc('contacts', {
        organization_id: org,
        first_name: 'Bo',
        last_name: 'Zed',
        important: true,
        contact_emails: [{ value: 'bo@x.com', primary: true }],
      }),
    );
    await api.post(
      '/contacts',
      doc('contacts', {
        organization_id: org,
        first_name: 'Al',
        last_name: 'Yu',
        contact_emails: [{ value: 'al@x.com', primary: false }],
      }),
    );
    const names = async (query: string) =>
      (await api.get(`/contacts?${query}`)).body.data.map(
        (item: { attributes: { name: string } }) => item.attributes.name,
      );
    expect(await names('filter[primary_email]=BO@x.com')).toEqual(['Bo Zed']);
    expect(await names('filter[primary_email]=al@x.com')).toEqual([]);
    expect(await names('filter[first_name]=al')).toEqual(['Al Yu']);
    expect(await names('filter[important]=true')).toEqual(['Bo Zed']);
    expect(await names('sort=last_name')).toEqual(['Al Yu', 'Bo Zed']);
  });

  it('refuses any PATCH of a PSA-synced contact', async () => {
    const [id] = await emulator.admin.insert('contacts', [
      { organization_id: org, first_name: 'Synced', 'psa-integration': 'enabled', psa_id: '5' },
    ]);
    const answer = await api.patch(`/contacts/${id}`, doc('contacts', { notes: 'x' }));
    expect(answer.status).toBe(422);
    expect(answer.body.errors[0].detail).toMatch(/^Cannot update a synced resource\. .*cannot change any/);
  });

  it('bulk-updates and bulk-deletes contacts, also on the nested route', async () => {
    const id = (await api.post('/contacts', doc('contacts', { organization_id: org, first_name: 'X' }))).body
      .data.id;
    expect(
      (await api.patch('/contacts', { data: [{ type: 'contacts', attributes: { id, title: 'CEO' } }] }))
        .status,
    ).toBe(200);
    const deleted = await api.delete(`/organizations/${org}/relationships/contacts`, {
      data: [{ type: 'contacts', attributes: { id } }],
    });
    expect(deleted.status).toBe(200);
  });

  it('serves locations on both routes, with single nested DELETE and top-level bulk', async () => {
    const nested = await api.post(
      `/organizations/${org}/relationships/locations`,
      doc('locations', { name: 'HQ', city: 'Denver' }),
    );
    expect(nested.status).toBe(201);
    const flat = await api.post(
      '/locations',
      doc('locations', { organization_id: org, name: 'Branch', city: 'Austin' }),
    );
    const hq = nested.body.data.id;
    expect((await api.get('/locations?filter[city]=denver')).body.data).toHaveLength(1);
    await api.patch(`/locations/${flat.body.data.id}`, doc('locations', { primary: true }));
    const byPrimary = await api.get(`/locations?filter[organization_id]=${org}&sort=-primary,name`);
    expect(byPrimary.body.data.map((item: { attributes: { name: string } }) => item.attributes.name)).toEqual(
      ['Branch', 'HQ'],
    );
    expect(
      (await api.get(`/organizations/${org}/relationships/locations/${hq}`)).body.data.attributes.name,
    ).toBe('HQ');
    expect(
      (
        await api.patch(
          `/organizations/${org}/relationships/locations/${hq}`,
          doc('locations', { phone: '1' }),
        )
      ).status,
    ).toBe(200);
    expect(
      (await api.patch('/locations', { data: [{ type: 'locations', attributes: { id: hq, fax: '2' } }] }))
        .status,
    ).toBe(200);
    expect((await api.delete(`/locations/${hq}`)).status).toBe(404);
    expect((await api.delete(`/organizations/${org}/relationships/locations/${hq}`)).status).toBe(204);
    const bulk = await api.delete('/locations', {
      data: [{ type: 'locations', attributes: { id: flat.body.data.id } }],
    });
    expect(bulk.status).toBe(200);
    expect((await api.get('/locations')).body.meta['total-count']).toBe(0);
  });

  it('serves lookup types: list, show, create, update, unique names, no DELETE', async () => {
    const list = await api.get('/contact_types');
    expect(list.body.data.map((item: { attributes: { name: string } }) => item.attributes.name)).toContain(
      'Employee',
    );
    const created = await api.post('/contact_types', doc('contact_types', { name: 'Billing' }));
    expect(created.status).toBe(201);
    expect(created.body.data.type).toBe('contact-types');
    expect((await api.post('/contact_types', doc('contact_types', { name: 'billing' }))).status).toBe(422);
    const id = created.body.data.id;
    expect(
      (await api.patch(`/contact_types/${id}`, doc('contact_types', { name: 'Billing Contact' }))).status,
    ).toBe(200);
    expect((await api.get(`/contact_types/${id}`)).body.data.attributes.name).toBe('Billing Contact');
    expect((await api.delete(`/contact_types/${id}`)).status).toBe(404);
    for (const type of [
      'organization_types',
      'organization_statuses',
      'configuration_types',
      'configuration_statuses',
      'password_categories',
      'manufacturers',
      'operating_systems',
    ]) {
      expect((await api.get(`/${type}`)).body.data.length).toBeGreaterThan(0);
    }
    expect((await api.post('/operating_systems', doc('operating_systems', { name: 'BeOS' }))).status).toBe(
      404,
    );
  });

  it('formats phones as the docs show them, and reads the docs\' capitalised "City" key', async () => {
    const location = await api.post(
      `/organizations/${org}/relationships/locations`,
      doc('locations', { name: 'Main', City: 'San Francisco', phone: '4152132000', fax: '+1 415-213-2004' }),
    );
    expect(location.body.data.attributes).toMatchObject({
      city: 'San Francisco',
      'formatted-phone': '(415) 213-2000',
      'formatted-fax': '(415) 213-2004',
    });
    const contact = await api.post(
      '/contacts',
      doc('contacts', {
        organization_id: org,
        first_name: 'Jo',
        contact_phones: [{ value: '3135552015', label_name: 'Work' }, { value: '+31 20 514 5452' }],
        contact_emails: [{ value: 'jo@x.com' }],
      }),
    );
    const { 'contact-phones': phones, 'contact-emails': emails } = contact.body.data.attributes;
    expect(phones).toEqual([
      {
        value: '3135552015',
        extension: null,
        primary: false,
        'label-name': 'Work',
        'label-type': 'phone',
        'formatted-value': '(313) 555-2015',
      },
      {
        value: '+31 20 514 5452',
        extension: null,
        primary: false,
        'label-name': null,
        'label-type': 'phone',
        'formatted-value': '+31 20 514 5452',
      },
    ]);
    expect(emails).toEqual([{ value: 'jo@x.com', primary: false, 'label-name': null }]);
  });
});
