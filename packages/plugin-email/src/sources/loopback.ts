import { emailError } from '../errors.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** HTTPS everywhere except loopback (local fakes and sandboxes); returns the URL without a trailing slash. */
export function requireSecureUrl(url: string, setting: string): string {
  const parsed = new URL(url);
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname))
    throw emailError('EEMAIL_INSECURE_URL', { setting, url });
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw emailError('EEMAIL_INSECURE_URL', { setting, url });
  return url.replace(/\/+$/, '');
}
