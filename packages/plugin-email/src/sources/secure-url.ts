import { isLoopbackHost } from '@glueflow/core';
import { emailError } from '../errors.js';

/** HTTPS everywhere except loopback (local fakes and sandboxes); returns the URL without a trailing slash. */
export function requireSecureUrl(url: string, setting: string): string {
  const parsed = new URL(url);
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname))
    throw emailError('EEMAIL_INSECURE_URL', { setting, url });
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw emailError('EEMAIL_INSECURE_URL', { setting, url });
  return url.replace(/\/+$/, '');
}
