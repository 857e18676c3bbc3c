/**
 * App-only tokens (client credentials) for Microsoft Graph. Real authorities (https) go through
 * @azure/msal-node, which caches the token and renews it before expiry. msal refuses any authority
 * that is not https (msal-common's UrlString.validateAsUri: `authority_uri_insecure`), so for a
 * loopback `http://` authority — local fakes and sandboxes only — the documented token request
 * (`POST {authority}/{tenant}/oauth2/v2.0/token`, grant_type=client_credentials) is sent directly.
 */
import { ConfidentialClientApplication } from '@azure/msal-node';
import type { INetworkModule } from '@azure/msal-node';
import { emailError } from '../../errors.js';

export interface GraphTokenOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** `https://login.microsoftonline.com` (or a national cloud); `http://127.0.0.1:…` for local fakes. */
  authorityHost: string;
  /** `https://graph.microsoft.com/.default` for the public cloud. */
  scope: string;
  /** msal's HTTP client; injected by tests, msal's own fetch client otherwise. */
  networkClient?: INetworkModule;
  /** Told every token obtained, so output masks it (the step's maskSecret). */
  onToken?: (token: string) => void;
}

export type TokenProvider = (options?: { forceRefresh?: boolean }) => Promise<string>;

export function graphTokenProvider(options: GraphTokenOptions): TokenProvider {
  const authority = `${options.authorityHost}/${encodeURIComponent(options.tenantId)}`;
  if (authority.startsWith('http://')) return directTokenProvider(authority, options);
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      authority,
      // Trust the configured host as it is (national clouds, ADFS, a test authority) without asking
      // login.microsoftonline.com's instance discovery about it.
      knownAuthorities: [new URL(authority).host],
    },
    ...(options.networkClient ? { system: { networkClient: options.networkClient } } : {}),
  });
  return async ({ forceRefresh = false } = {}) => {
    try {
      const result = await app.acquireTokenByClientCredential({
        scopes: [options.scope],
        skipCache: forceRefresh,
      });
      if (!result?.accessToken) throw new Error('no access token in the answer');
      options.onToken?.(result.accessToken);
      return result.accessToken;
    } catch (error) {
      throw authError(
        options,
        (error as { errorCode?: string }).errorCode ?? (error as Error).message,
        error,
      );
    }
  };
}

function directTokenProvider(authority: string, options: GraphTokenOptions): TokenProvider {
  let cached: { token: string; expiresAt: number } | undefined;
  return async ({ forceRefresh = false } = {}) => {
    if (cached && !forceRefresh && cached.expiresAt > Date.now()) return cached.token;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: options.clientId,
      client_secret: options.clientSecret,
      scope: options.scope,
    });
    let answer: { access_token?: string; expires_in?: number; error?: string };
    try {
      const response = await fetch(`${authority}/oauth2/v2.0/token`, { method: 'POST', body });
      answer = (await response.json()) as typeof answer;
    } catch (error) {
      throw authError(options, (error as Error).message, error);
    }
    if (!answer.access_token) throw authError(options, answer.error ?? 'no access token in the answer');
    options.onToken?.(answer.access_token);
    // Renew a minute early so a long import never sends an expired token.
    cached = {
      token: answer.access_token,
      expiresAt: Date.now() + ((answer.expires_in ?? 3600) - 60) * 1000,
    };
    return cached.token;
  };
}

function authError(options: GraphTokenOptions, reason: string, cause?: unknown) {
  // The reason is the endpoint's error code (invalid_client …) — never the request, which holds the secret.
  return emailError(
    'EEMAIL_GRAPH_AUTH',
    { tenantId: options.tenantId, clientId: options.clientId, reason: reason.split('\n')[0] ?? reason },
    { where: 'source.clientSecret', ...(cause === undefined ? {} : { cause: safeCause(cause) }) },
  );
}

function safeCause(cause: unknown): Error {
  return new Error((cause as { errorCode?: string }).errorCode ?? 'token request failed');
}
