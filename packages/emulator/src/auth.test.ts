import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { startEmulator } from './server.js';
import type { RunningEmulator } from './types.js';
import { client } from './test-support.js';

describe('authentication (x-api-key)', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ apiKeys: ['ITG.one', 'ITG.two'] });
  });
  afterAll(() => emulator.stop());

  it('answers 401 with a numeric JSON:API error when the key is missing', async () => {
    const answer = await client(emulator, null).get('/organizations');
    expect(answer.status).toBe(401);
    expect(answer.headers.get('content-type')).toContain('application/vnd.api+json');
    expect(answer.body.errors[0]).toMatchObject({ status: 401, title: 'Unauthorized' });
  });

  it('answers 403 with the symbol status when the key is wrong', async () => {
    const answer = await client(emulator, 'ITG.wrong').get('/organizations');
    expect(answer.status).toBe(403);
    expect(answer.body.errors[0]).toMatchObject({ status: 'forbidden', title: 'Forbidden' });
  });

  it('accepts every configured key', async () => {
    expect((await client(emulator, 'ITG.one').get('/organizations')).status).toBe(200);
    expect((await client(emulator, 'ITG.two').get('/organizations')).status).toBe(200);
  });

  it('checks the key before the body (no key + bad body = 401)', async () => {
    const answer = await client(emulator, null).send('POST', '/organizations', {
      body: 'not json',
      headers: { 'content-type': 'text/plain' },
    });
    expect(answer.status).toBe(401);
  });

  it('changes keys at runtime through configure()', async () => {
    emulator.admin.configure({ apiKeys: ['ITG.rotated'] });
    expect((await client(emulator, 'ITG.one').get('/organizations')).status).toBe(403);
    expect((await client(emulator, 'ITG.rotated').get('/organizations')).status).toBe(200);
    emulator.admin.configure({ apiKeys: ['ITG.one', 'ITG.two'] });
  });

  it('leaves the admin API open and uncounted', async () => {
    const response = await fetch(`${emulator.url}/__emulator/stats`);
    expect(response.status).toBe(200);
    const before = emulator.admin.stats().requests.total;
    await fetch(`${emulator.url}/__emulator/state`);
    expect(emulator.admin.stats().requests.total).toBe(before);
  });
});
