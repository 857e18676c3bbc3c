/** glueflow-plugin-webhook-notify — signed webhooks for Glueflow's first-class events. */
import { webhookNotify } from './plugin.js';

export { webhookNotify, PLUGIN_NAME } from './plugin.js';
export { optionsSchema, FORWARDED_HOOKS } from './options.js';
export type { ForwardedHook, WebhookOptions } from './options.js';
export {
  sign,
  verifySignature,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  DEFAULT_TOLERANCE_SECONDS,
} from './signature.js';
export type { VerifyOptions } from './signature.js';
export type { DeliveryPayload } from './payload.js';
export { webhookErrors } from './errors.js';

export default webhookNotify;
