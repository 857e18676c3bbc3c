import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { startEmulator } from './server.js';
import type { RunningEmulator } from './types.js';
import { client, createOrganization, doc, type Client } from './test-support.js';

describe('HTTP-level behaviour', () => {
  let emulator: RunningEmulator;
  let api: Client;
  let orgId: number;
  beforeAll(async () => {
    emulator = await startEmulator();
    api = client(emulator);
    orgId = await createOrganization(api, 'Errors Inc');
  });
  afterAll(() => emulator.stop());

  it('answers an unknown route with an HTML 404 page', async () => {
    const answer = await api.get('/widgets');
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toContain('text/html');
    expect(answer.text).toContain("The page you were looking for doesn't exist");
  });

  it('answers a wrong verb on an existing path with the HTML 404 (no single DELETE for organizations)', async () => {
    const answer = await api.delete(`/organizations/${orgId}`);
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toContain('text/html');
    expect((await api.send('PUT', `/organizations/${orgId}`)).status).toBe(404);
  });

  it('answers a missing record with a JSON:API 404', async () => {
    const answer = await api.get('/organizations/999999');
    expect(answer.status).toBe(404);
    expect(answer.body.errors[0]).toMatchObject({ status: 404, title: 'Record not found' });
    expect((await api.get('/organizations/abc')).status).toBe(404);
  });

  it('rejects a body with the wrong Content-Type with 415', async () => {
    const answer = await api.send('POST', '/organizations', {
      body: JSON.stringify(doc('organizations', { name: 'X' })),
      headers: { 'content-type': 'text/plain' },
    });
    expect(answer.status).toBe(415);
    expect(answer.body.errors[0].status).toBe(415);
  });

  it('accepts application/json as well as application/vnd.api+json', async () => {
    const answer = await api.send('POST', '/organizations', {
      body: JSON.stringify(doc('organizations', { name: 'Plain JSON Ltd' })),
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(201);
  });

  it('rejects a body over 10 MB with 413 and the API Gateway body', async () => {
    const big = 'A'.repeat(10 * 1024 * 1024 + 10);
    const answer = await api.send('POST', '/organizations', {
      body: JSON.stringify(doc('organizations', { name: 'Big', description: big })),
      headers: { 'content-type': 'application/vnd.api+json' },
    });
    expect(answer.status).toBe(413);
    expect(answer.body).toEqual({ message: 'Request Too Long' });
  });

  it('answers invalid JSON with 400', async () => {
    const answer = await api.send('POST', '/organizations', {
      body: '{"data": ',
      headers: { 'content-type': 'application/vnd.api+json' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].status).toBe(400);
  });

  it('answers a body without data with 400 "param is missing"', async () => {
    const answer = await api.post('/organizations', { nothing: true });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].detail).toBe('param is missing or the value is empty: data');
  });

  it('answers a wrong data.type with 422 and an array pointer', async () => {
    const answer = await api.post('/organizations', doc('configurations', { name: 'X' }));
    expect(answer.status).toBe(422);
    expect(answer.body.errors[0].source.pointer).toEqual(['data', 'type']);
  });

  it('uses the varied pointer forms: /data/attributes/x for fields, data/attributes/x for references', async () => {
    const blank = await api.post('/organizations', doc('organizations', { name: '' }));
    expect(blank.status).toBe(422);
    expect(blank.body.errors[0]).toMatchObject({ status: 422, source: { pointer: '/data/attributes/name' } });
    const missing = await api.post(
      '/configurations',
      doc('configurations', { organization_id: 987654, name: 'X' }),
    );
    expect(missing.status).toBe(422);
    expect(missing.body.errors[0].source.pointer).toBe('data/attributes/organization_id');
  });
});
