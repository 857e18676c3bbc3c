/**
 * IT Glue's published contract, as data: every example body of the developer docs
 * (`contract/itglue-examples.json`, copied from `reference/itglue-examples.json`) and the documented
 * filters, sorts and includes per index route (`contract/itglue-params.json`). The emulator's
 * conformance test and the client's contract tests both read it here, so the contract is one file
 * and a drift from the reference copy fails a test (contract.test.ts).
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export type ContractMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface ContractExample {
  method: ContractMethod;
  /** As documented, with `:placeholders`, e.g. `/organizations/:organization_id/relationships/contacts`. */
  path: string;
  aliases: string[];
  /** The docs' section title, e.g. `Organizations`. */
  resource: string;
  kind: 'request' | 'response';
  /** Position among the examples of the same method + path + kind. */
  index: number;
  json: unknown;
  /** How the published text was mended into valid JSON (empty when it was valid). */
  repairs: string[];
}

export interface ContractParams {
  aliases: string[];
  filters: string[];
  sorts: string[];
  includes: string[];
}

/** Where the copies live: `packages/emulator/contract/`, beside `src` and `dist` alike. */
export const CONTRACT_DIR = fileURLToPath(new URL('../../contract/', import.meta.url));

let examples: readonly ContractExample[] | undefined;
let params: Readonly<Record<string, ContractParams>> | undefined;

/** Every published example, in the docs' order (a deep-frozen copy: tests cannot alter it for each other). */
export function contractExamples(): readonly ContractExample[] {
  examples ??= deepFreeze(
    (
      JSON.parse(fs.readFileSync(`${CONTRACT_DIR}itglue-examples.json`, 'utf8')) as {
        examples: ContractExample[];
      }
    ).examples,
  );
  return examples;
}

/** Documented filters, sorts and includes, keyed `GET <path>`. */
export function contractParams(): Readonly<Record<string, ContractParams>> {
  params ??= deepFreeze(
    JSON.parse(fs.readFileSync(`${CONTRACT_DIR}itglue-params.json`, 'utf8')) as Record<
      string,
      ContractParams
    >,
  );
  return params;
}

/** `GET /organizations/:id response #0` — how tests name an example. */
export function exampleName(example: ContractExample): string {
  return `${example.method} ${example.path} ${example.kind} #${example.index}`;
}

/**
 * The three published examples a live API would not send (reference/itglue-api.md §6a), and the
 * minimal fix of each. Everything else is served exactly as published.
 */
export const DOC_TYPOS: ReadonlyArray<{ method: ContractMethod; path: string; what: string }> = [
  {
    method: 'GET',
    path: '/configurations/:configuration_id/relationships/configuration_interfaces',
    what: 'interface objects carry their id inside attributes, not at the top level',
  },
  {
    method: 'GET',
    path: '/configurations/:configuration_id/relationships/configuration_interfaces/:id',
    what: 'the interface object carries its id inside attributes, not at the top level',
  },
  { method: 'GET', path: '/flexible_assets', what: 'a list whose data is one object instead of an array' },
];

/** The example's body with its documented typo mended (a copy; other examples are returned as is). */
export function correctedBody(example: ContractExample): unknown {
  const typo = DOC_TYPOS.find((t) => t.method === example.method && t.path === example.path);
  if (!typo || example.kind !== 'response') return example.json;
  const body = structuredClone(example.json) as { data: unknown };
  if (example.path === '/flexible_assets' && !Array.isArray(body.data)) body.data = [body.data];
  const lift = (record: { id?: unknown; attributes?: Record<string, unknown> }) => {
    if (record.id === undefined && record.attributes?.id !== undefined) {
      const { id, ...attributes } = record.attributes;
      record.id = String(id);
      record.attributes = attributes;
    }
  };
  if (Array.isArray(body.data)) body.data.forEach(lift);
  else lift(body.data as never);
  return body;
}

/**
 * A response body as the live API frames it: list bodies get `meta` and `links` (the docs print
 * only `data`), single bodies are left alone.
 */
export function framedBody(example: ContractExample): unknown {
  const body = correctedBody(example) as { data: unknown; meta?: unknown; links?: unknown };
  if (!Array.isArray(body.data)) return body;
  const count = body.data.length;
  return {
    ...body,
    meta: body.meta ?? {
      'current-page': 1,
      'next-page': null,
      'prev-page': null,
      'total-pages': 1,
      'total-count': count,
      filters: {},
    },
    links: body.links ?? {},
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
