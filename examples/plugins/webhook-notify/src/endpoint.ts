/**
 * The endpoint URL rules: HTTPS, except plain HTTP to a loopback host (a receiver on this machine, tests).
 * Webhook URLs often carry a token in the path (Slack, Teams), so anything printed shows the origin only.
 */
import { isLoopbackHost } from '@glueflow/core';

/** Why `url` cannot be an endpoint, or undefined when it can. */
export function endpointProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not an absolute URL';
  }
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:') {
    return isLoopbackHost(parsed.hostname)
      ? undefined
      : `http:// is allowed only to a loopback host, not ${parsed.hostname}`;
  }
  return `the scheme ${parsed.protocol} is not https:`;
}

/** `https://hooks.example.com` — safe to log: no path, query or credentials. */
export function originOf(url: string): string {
  return new URL(url).origin;
}
