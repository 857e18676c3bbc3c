/**
 * The plugin in a real engine (testkit: in-process emulator, real client, cache and state) delivering to a
 * receiver on 127.0.0.1: watch-observed and pipeline events, signatures, retries, at-least-once delivery.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createTestEngine } from '@glueflow/testkit';
import type { TestEngine } from '@glueflow/testkit';
import { verifySignature, webhookNotify } from './index.js';
import type { DeliveryPayload } from './index.js';
import { startReceiver } from './__fixtures__/receiver.js';
import type { Receiver, ReceivedRequest } from './__fixtures__/receiver.js';
import { writerPlugin } from './__fixtures__/writer-plugin.js';

// The signing key reaches the plugin through the engine's secret sources (host.secret), as in production.
const SECRET_ENV = 'GLUEFLOW_WEBHOOK_TEST_KEY';
const KEY = 'whsec-test-4f9a0c2e1b7d';
const env = { [SECRET_ENV]: KEY };

let receiver: Receiver;
let t: TestEngine | undefined;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  await t?.close();
  t = undefined;
  await receiver.close();
});

const options = (extra: Record<string, unknown> = {}) => ({
  url: receiver.url,
  secret: { env: SECRET_ENV },
  backoffMs: 1,
  maxBackoffMs: 5,
  ...extra,
});
const tick = () => new Promise((resolve) => setTimeout(resolve, 1100)); // IT Glue's updated-at: whole seconds
const sent = (hook: string) => receiver.requests.filter((r) => r.headers['x-glueflow-event'] === hook);
const payload = (request: ReceivedRequest) => JSON.parse(request.body) as DeliveryPayload;
const signed = (request: ReceivedRequest) => ({
  signature: request.headers['x-glueflow-signature'] as string,
  timestamp: request.headers['x-glueflow-timestamp'] as string,
});

describe('webhook-notify', () => {
  it('forwards a password rotation and an organization change seen by watch, signed, with no secret in them', async () => {
    t = await createTestEngine({
      env,
      plugins: [[webhookNotify, options()]],
      emulator: { generate: { organizations: 2, perOrganization: 2 } },
    });
    const types = ['passwords', 'organizations'];
    await t.runtime.watch({ once: true, types }); // baseline
    const dump = await t.admin.dump();
    const password = dump.passwords![0]!;
    const organization = dump.organizations![0]!;
    await tick();
    await t.admin.mutate('passwords', password.id, {
      password: 'N3w-rotated-Secret!',
      notes: 'door PIN 4471 — recovery code 88-19',
    });
    await t.admin.mutate('organizations', organization.id, { name: 'Renamed Holdings' });
    const report = await t.runtime.watch({ once: true, types });
    expect(report.failed).toBe(0);

    const [rotation, ...more] = sent('onPasswordRotated');
    expect(more).toEqual([]);
    expect(verifySignature(rotation!.body, signed(rotation!), KEY)).toBe(true);
    expect(rotation!.headers['x-glueflow-timestamp']).toMatch(/^\d{10}$/);
    expect(rotation!.headers['x-glueflow-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(rotation!.headers['content-type']).toBe('application/json');
    const event = t.eventsOf('onPasswordRotated')[0]!;
    expect(payload(rotation!)).toMatchObject({
      id: event.id,
      hook: 'onPasswordRotated',
      instance: 'default',
      event: { recordId: String(password.id), type: 'password', passwordUpdatedAt: expect.any(String) },
    });
    expect(rotation!.headers['x-glueflow-delivery']).toBe(event.id);
    expect(JSON.stringify(payload(rotation!).event)).not.toMatch(/"notes":/);
    for (const secret of ['N3w-rotated-Secret!', String(password.attributes.password), KEY, 'PIN 4471'])
      expect(receiver.requests.map((r) => r.body).join('\n')).not.toContain(secret);
    expect(JSON.stringify(t.logs)).not.toContain(KEY);

    const [update] = sent('onOrganizationUpdated');
    expect(payload(update!).event).toMatchObject({
      recordId: String(organization.id),
      changedFields: ['name'],
    });
    expect(verifySignature(update!.body, signed(update!), KEY)).toBe(true);
  });

  it('forwards pipeline events and retries after 500s; giving up is a listener failure of this plugin', async () => {
    t = await createTestEngine({ env, plugins: [writerPlugin, [webhookNotify, options()]] });
    await t.runStep('writer.organization', { key: 'c1', name: 'Acme' });
    expect(receiver.requests).toEqual([]); // organization:created is not one of the forwarded hooks

    receiver.script(500, 503);
    const renamed = await t.runStep('writer.organization', { key: 'c1', name: 'Acme Corp' });
    expect(renamed.listenerFailures).toEqual([]);
    const attempts = sent('onOrganizationUpdated');
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((a) => a.body)).size).toBe(1);
    expect(new Set(attempts.map((a) => a.headers['x-glueflow-delivery'])).size).toBe(1);
    expect(payload(attempts[2]!).event).toMatchObject({
      changedFields: ['name'],
      after: { name: 'Acme Corp' },
    });
    expect(t.logs.filter((l) => l.message === 'webhook attempt failed; retrying')).toHaveLength(2);
    expect(t.logs).toContainEqual(
      expect.objectContaining({ message: 'webhook delivered', attempts: 3, status: 200 }),
    );

    await t.runStep('writer.document', { organization: 'Acme Corp', title: 'Runbook', body: 'Reboot it.' });
    const [created] = sent('onDocumentCreated');
    expect(payload(created!)).toMatchObject({
      hook: 'onDocumentCreated',
      event: { type: 'document', action: 'created' },
    });

    receiver.script(500, 500, 500, 500, 500, 500);
    const failed = await t.runStep('writer.organization', { key: 'c1', name: 'Acme Corporation' });
    expect(failed.listenerFailures).toEqual([
      expect.objectContaining({
        plugin: 'glueflow-plugin-webhook-notify',
        hook: 'onOrganizationUpdated',
        code: 'EWEBHOOK_DELIVERY',
      }),
    ]);
    expect(sent('onOrganizationUpdated')).toHaveLength(3 + 6); // 1 attempt + 5 retries, bounded
    // The run says so (exit 2), and the event waits in the plugin's queue instead of being lost…
    expect(failed.status).toBe('partial');
    // …until the receiver is back: the next run sends it first, once.
    const next = await t.runStep('writer.organization', { key: 'c1', name: 'Acme Corporation' });
    expect(next.status).toBe('ok');
    const all = sent('onOrganizationUpdated');
    expect(all).toHaveLength(3 + 6 + 1);
    expect(all.at(-1)!.headers['x-glueflow-delivery']).toBe(all.at(-2)!.headers['x-glueflow-delivery']);
    expect(payload(all.at(-1)!).event).toMatchObject({ after: { name: 'Acme Corporation' } });
    await t.runStep('writer.organization', { key: 'c1', name: 'Acme Corporation' });
    expect(sent('onOrganizationUpdated')).toHaveLength(3 + 6 + 1);
  });

  it('a failed delivery is delivered again by the next watch poll (at least once, same id)', async () => {
    t = await createTestEngine({
      env,
      plugins: [[webhookNotify, options({ retries: 1, events: ['onOrganizationUpdated'] })]],
      emulator: { generate: { organizations: 2, perOrganization: 1 } },
    });
    await t.runtime.watch({ once: true, types: ['organizations'] });
    const organization = (await t.admin.dump()).organizations![1]!;
    await tick();
    await t.admin.mutate('organizations', organization.id, { description: 'new contract' });
    receiver.script(500, 500);
    expect((await t.runtime.watch({ once: true, types: ['organizations'] })).failed).toBe(1);
    expect((await t.runtime.watch({ once: true, types: ['organizations'] })).failed).toBe(0);
    const deliveries = sent('onOrganizationUpdated').map((r) => r.headers['x-glueflow-delivery']);
    expect(deliveries).toHaveLength(3);
    expect(new Set(deliveries).size).toBe(1);
  });

  it('forwards only the chosen events', async () => {
    t = await createTestEngine({
      env,
      plugins: [writerPlugin, [webhookNotify, options({ events: ['onDocumentCreated'] })]],
    });
    await t.runStep('writer.organization', { key: 'c1', name: 'Acme' });
    await t.runStep('writer.organization', { key: 'c1', name: 'Acme Corp' });
    await t.runStep('writer.document', { organization: 'Acme Corp', title: 'Runbook', body: 'x' });
    expect(receiver.requests.map((r) => r.headers['x-glueflow-event'])).toEqual(['onDocumentCreated']);
  });

  it('an unset secret refuses the run before it starts, naming the variable, and sends nothing', async () => {
    t = await createTestEngine({
      env,
      plugins: [writerPlugin, [webhookNotify, options({ secret: { env: 'GLUEFLOW_WEBHOOK_UNSET_KEY' } })]],
    });
    // A plugin without steps taps every run, so its `{ env }` secrets are checked before any run.
    const refused = await t
      .runStep('writer.organization', { key: 'c1', name: 'Acme' })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({
      code: 'ECONFIG_INVALID',
      problems: [
        expect.objectContaining({
          place: 'plugins[1][1].secret',
          reason: expect.stringContaining('environment variable GLUEFLOW_WEBHOOK_UNSET_KEY is not set'),
        }),
      ],
    });
    expect(receiver.requests).toEqual([]);
  });

  it('refuses http:// to a remote host and a literal secret when the config loads', async () => {
    const error = await createTestEngine({
      plugins: [[webhookNotify, { url: 'http://hooks.example.com/x', secret: 'literal-value' }]],
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ECONFIG_INVALID' });
    // Config problems are Glueflow messages: the key path is the `place`, the one line the `reason`.
    const problems = (error as { problems: Array<{ place: string; reason: string }> }).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          place: expect.stringContaining('url'),
          reason: expect.stringContaining('http:// is allowed only to a loopback host'),
        }),
        expect.objectContaining({ place: expect.stringContaining('secret') }),
      ]),
    );
    // The literal is named as such and never echoed back.
    expect(JSON.stringify(problems)).not.toContain('literal-value');
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ reason: expect.stringContaining('literal secret in config') }),
      ]),
    );
  });
});
