/**
 * glueflow-plugin-webhook-notify: forwards the three first-class events to an HTTP endpoint as signed
 * JSON. A delivery that fails after its retries throws from the listener: the engine reports it as a
 * listener failure of this plugin, and `glueflow watch` keeps the event for its next poll (at least once).
 */
import { definePlugin, KEYCHAIN_SERVICE, readOsKeychain, resolveSecret } from '@glueflow/core';
import type { EntityEvent, PluginHost, SecretRef } from '@glueflow/core';
import { originOf } from './endpoint.js';
import { postWithRetries } from './deliver.js';
import { optionsSchema } from './options.js';
import type { ForwardedHook, WebhookOptions } from './options.js';
import { payloadOf } from './payload.js';
import { sign, SIGNATURE_HEADER } from './signature.js';

export const PLUGIN_NAME = 'glueflow-plugin-webhook-notify';

export const webhookNotify = definePlugin({
  name: PLUGIN_NAME,
  description: 'Forwards password rotations, new documents and organization changes to a webhook, signed',
  options: optionsSchema,
  apply(host, options) {
    const forward = forwarder(host, options);
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

function forwarder(host: PluginHost, options: WebhookOptions) {
  const endpoint = originOf(options.url);
  return (hook: ForwardedHook) =>
    async (event: EntityEvent): Promise<void> => {
      const body = JSON.stringify(payloadOf(hook, event));
      const key = await signingKey(options.secret);
      const delivered = await postWithRetries(
        {
          url: options.url,
          body,
          headers: {
            'content-type': 'application/json',
            'user-agent': PLUGIN_NAME,
            'x-glueflow-event': hook,
            'x-glueflow-delivery': event.id,
            [SIGNATURE_HEADER]: sign(body, key),
          },
        },
        options,
        {
          onRetry: (notice) =>
            host.logger.warn('webhook attempt failed; retrying', {
              hook,
              eventId: event.id,
              endpoint,
              ...notice,
            }),
        },
      );
      host.logger.info('webhook delivered', { hook, eventId: event.id, endpoint, ...delivered });
    };
}

/**
 * The signing key, read at each delivery (a rotated key applies at once). The plugin host offers no
 * secret resolver, so `{ env }` reads this process's environment and `{ keychain }` the OS keychain
 * entry `glueflow/<name>` — the same places core's `ctx.secret` reads for steps.
 */
async function signingKey(ref: SecretRef): Promise<string> {
  const stored =
    'keychain' in ref
      ? await readOsKeychain(KEYCHAIN_SERVICE, ref.keychain).catch(() => undefined)
      : undefined;
  return resolveSecret(ref, { env: process.env, keychain: () => stored });
}
