/**
 * `push:` on a `psa.sync-organizations` entry (or the plugin entry, as a default): opt-in webhooks under
 * `glueflow serve` that sync just the companies the PSA says changed. Secrets only as references.
 */
import { secret } from '@glueflow/core';
import { z } from 'zod';

/** Shortest ConnectWise URL token accepted: the token is the callback's only proof of origin. */
export const MIN_CALLBACK_TOKEN_LENGTH = 32;

export const pushSchema = z
  .strictObject({
    hubspot: z
      .strictObject({
        appSecret: secret(
          'Client secret of the HubSpot app whose webhooks call serve.publicUrl + /hooks/psa/hubspot (it signs X-HubSpot-Signature-v3)',
        ),
        portalId: z
          .union([z.number().int().positive(), z.string().regex(/^[1-9][0-9]*$/)])
          .optional()
          .describe('Only events of this HubSpot account (portal) id (default: any portal the app is in)'),
      })
      .optional()
      .describe('HubSpot webhooks (provider hubspot): company.creation / propertyChange / deletion'),
    connectwise: z
      .strictObject({
        token: secret(
          `Random token of at least ${MIN_CALLBACK_TOKEN_LENGTH} characters; the callback URL is serve.publicUrl + /hooks/psa/connectwise/ + the token`,
        ),
      })
      .optional()
      .describe('ConnectWise callbacks (provider connectwise) on Company records'),
  })
  .describe('Sync changed companies as soon as the PSA says so, under glueflow serve (opt-in)');

export type PushOptions = z.output<typeof pushSchema>;

/** Which provider each push kind belongs to. */
export const PUSH_PROVIDERS = { hubspot: 'hubspot', connectwise: 'connectwise' } as const;
