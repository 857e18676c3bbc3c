/**
 * glueflow-plugin-webhook-notify: forwards the three first-class events to an HTTP endpoint as signed
 * JSON. A delivery that fails after its retries is queued (outbox.ts) and throws from the listener: the
 * engine reports it as a listener failure of this plugin (the run ends `partial`, exit 2), and the
 * queue is sent again before the next delivery and at the next run's start (at least once).
 */
import { definePlugin } from '@glueflow/core';
import type { EntityEvent, PluginHost } from '@glueflow/core';
import { originOf } from './endpoint.js';
import { postWithRetries } from './deliver.js';
import { optionsSchema } from './options.js';
import type { ForwardedHook, WebhookOptions } from './options.js';
import { payloadOf } from './payload.js';
import { Outbox } from './outbox.js';
import type { Undelivered } from './outbox.js';
import { sign, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature.js';

export const PLUGIN_NAME = 'glueflow-plugin-webhook-notify';

export const webhookNotify = definePlugin({
  name: PLUGIN_NAME,
  description: 'Forwards password rotations, new documents and organization changes to a webhook, signed',
  options: optionsSchema,
  apply(host, options) {
    const outbox = new Outbox(() => host.state());
    const forward = forwarder(host, options, outbox);
    host.hooks.beforeRun.tapPromise(PLUGIN_NAME, () => flush(host, options, outbox));
    const taps: Record<ForwardedHook, () => void> = {
      onPasswordRotated: () =>
        host.hooks.onPasswordRotated.tapPromise(PLUGIN_NAME, forward('onPasswordRotated')),
      onDocumentCreated: () =>
        host.hooks.onDocumentCreated.tapPromise(PLUGIN_NAME, forward('onDocumentCreated')),
      onOrganizationUpdated: () =>
        host.hooks.onOrganizationUpdated.tapPromise(PLUGIN_NAME, forward('onOrganizationUpdated')),
    };
    for (const hook of new Set(options.events)) taps[hook]();
  },
});

function forwarder(host: PluginHost, options: WebhookOptions, outbox: Outbox) {
  return (hook: ForwardedHook) =>
    async (event: EntityEvent): Promise<void> => {
      await flush(host, options, outbox, event.id);
      const body = JSON.stringify(payloadOf(hook, event));
      try {
        await deliver(host, options, { eventId: event.id, hook, body });
      } catch (error) {
        await outbox.add({ eventId: event.id, hook, body }, new Date());
        throw error;
      }
      // Delivered now (watch re-reads events a listener failed on): it no longer waits in the queue.
      await outbox.remove(event.id);
    };
}

/** Sends what earlier deliveries could not, oldest first; stops at the first failure (the receiver is still down). */
async function flush(host: PluginHost, options: WebhookOptions, outbox: Outbox, now?: string): Promise<void> {
  for (const waiting of await outbox.list()) {
    if (waiting.eventId === now) continue; // this very event is about to be sent
    try {
      await deliver(host, options, waiting);
    } catch {
      await outbox.add(waiting, new Date());
      host.logger.warn('queued webhook still not delivered; kept for the next attempt', {
        hook: waiting.hook,
        eventId: waiting.eventId,
        endpoint: originOf(options.url),
        attempts: waiting.attempts + 1,
      });
      return;
    }
    await outbox.remove(waiting.eventId);
  }
}

async function deliver(
  host: PluginHost,
  options: WebhookOptions,
  { eventId, hook, body }: Pick<Undelivered, 'eventId' | 'hook' | 'body'>,
): Promise<void> {
  const endpoint = originOf(options.url);
  // Read at each delivery, so a rotated signing key applies at once.
  const key = host.secret(options.secret);
  const timestamp = Math.floor(Date.now() / 1000);
  const delivered = await postWithRetries(
    {
      url: options.url,
      body,
      headers: {
        'content-type': 'application/json',
        'user-agent': PLUGIN_NAME,
        'x-glueflow-event': hook,
        'x-glueflow-delivery': eventId,
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: sign(body, key, timestamp),
      },
    },
    options,
    {
      onRetry: (notice) =>
        host.logger.warn('webhook attempt failed; retrying', { hook, eventId, endpoint, ...notice }),
    },
  );
  host.logger.info('webhook delivered', { hook, eventId, endpoint, ...delivered });
}
