/** @glueflow/plugin-email — the curated public API. */
import { emailPlugin } from './plugin.js';

export default emailPlugin;
export { emailPlugin };
export { emailErrors } from './errors.js';
export type { EmailErrorCode } from './errors.js';
export {
  pluginOptionsSchema,
  stepOptionsSchema,
  DEFAULT_DENY_TYPES,
  DEFAULT_MAX_ATTACHMENTS_PER_MESSAGE,
  DEFAULT_MAX_MESSAGE_BYTES,
} from './options.js';
export type { PluginOptions, StepOptions } from './options.js';
export { parseMessage, MessageParseError } from './parse/parse-message.js';
export type {
  ParsedMessage,
  ParsedAttachment,
  MailAddress,
  ForwardedMessage,
} from './parse/message-types.js';
export {
  DEFAULT_MAX_ATTACHMENT_BYTES,
  DEFAULT_MIN_INLINE_IMAGE_BYTES,
  decideAttachment,
} from './parse/attachment-policy.js';
export { readMbox } from './sources/mbox-reader.js';
export type { MboxItem, ReadMboxOptions } from './sources/mbox-reader.js';
export { routeMessage, subjectTag } from './routing/route-message.js';
export { emailAssetTypeSpec } from './output/email-asset-type.js';
export type { MailSource, RawMessage, MessageOutcome } from './sources/source-types.js';
