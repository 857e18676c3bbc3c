/**
 * glueflow-plugin-webhook-notify: forwards the three first-class events to an HTTP endpoint as signed
 * JSON. A delivery that fails after its retries throws from the listener: the engine reports it as a
 * listener failure of this plugin, and `glueflow watch` keeps the event for its next poll (at least once).
 */
import { definePlugin } from '@glueflow/core';
import type { EntityEvent, PluginHost } from '@glueflow/core';
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
      // Read at each delivery, so a rotated signing key applies at once.
      const key = host.secret(options.secret);
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
