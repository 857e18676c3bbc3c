/** Helpers for this package's tests: a thin fetch client over real HTTP. Not part of the public API. */
import type { RunningEmulator } from './types.js';

export const KEY = 'ITG.emulator';

// Test bodies are inspected freely; typing every JSON:API shape would add noise, not safety.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: Json;
}

export interface Client {
  get(path: string): Promise<Answer>;
  post(path: string, body?: unknown): Promise<Answer>;
  patch(path: string, body?: unknown): Promise<Answer>;
  delete(path: string, body?: unknown): Promise<Answer>;
  send(
    method: string,
    path: string,
    init?: { body?: string | Buffer; headers?: Record<string, string> },
  ): Promise<Answer>;
}

export function client(emulator: RunningEmulator, key: string | null = KEY): Client {
  const send: Client['send'] = async (method, path, init = {}) => {
    const headers: Record<string, string> = { ...(key ? { 'x-api-key': key } : {}), ...init.headers };
    const response = await fetch(`${emulator.url}${path}`, { method, headers, body: init.body });
    const text = await response.text();
    let body: Json = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    return { status: response.status, headers: response.headers, text, body };
  };
  const json = (method: string) => (path: string, body?: unknown) =>
    send(method, path, {
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: body === undefined ? {} : { 'content-type': 'application/vnd.api+json' },
    });
  return { get: json('GET'), post: json('POST'), patch: json('PATCH'), delete: json('DELETE'), send };
}

/** `{data: {type, attributes}}` */
export function doc(type: string, attributes: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { data: { type, attributes, ...extra } };
}

/** Id of a lookup record by name, read over the API. */
export async function lookup(api: Client, type: string, name: string): Promise<number> {
  const answer = await api.get(`/${type}?filter[name]=${encodeURIComponent(name)}`);
  const id = answer.body?.data?.[0]?.id;
  if (!id) throw new Error(`no ${type} named ${name}`);
  return Number(id);
}

export async function createOrganization(
  api: Client,
  name: string,
  extra: Record<string, unknown> = {},
): Promise<number> {
  const answer = await api.post('/organizations', doc('organizations', { name, ...extra }));
  if (answer.status !== 201) throw new Error(`create organization: ${answer.status} ${answer.text}`);
  return Number(answer.body.data.id);
}
