/**
 * `glueflow get <type> [id] [--filter key=value …] [--include a,b] [--limit N] [--json]`: the live
 * API, read through the shared rate budget, retries and circuit breaker — what MSP engineers do every
 * day with the PowerShell module's Get-ITGlue* cmdlets. Records are shown as IT Glue answers them
 * (kebab-case attributes), with every secret masked: password values, OTP secrets and a flexible
 * asset's Password-kind traits (also in side-loaded `included` records). `--show-password` reveals
 * one password's value — only for a single password id — and the reveal is logged (never the value).
 */
import os from 'node:os';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { columns } from '../render/format.js';
import { withItGlue } from '../session/open-session.js';
import { UsageError } from '../usage-error.js';

export interface GetFlags {
  filter?: string[];
  include?: string;
  limit?: string;
  showPassword?: boolean;
  json?: boolean;
}

interface Resource {
  id: string;
  type: string;
  attributes: Record<string, unknown>;
}

const MAX_PAGE = 1000;

export async function getCommand(
  ctx: CliContext,
  type: string,
  id: string | undefined,
  flags: GetFlags,
): Promise<number> {
  const route = type.trim().replace(/-/g, '_');
  if (!/^[a-z][a-z_]*$/.test(route)) {
    throw new UsageError(`"${type}" is not an IT Glue type`, 'e.g. organizations, configurations, passwords');
  }
  if (flags.showPassword && (route !== 'passwords' || id === undefined)) {
    throw new UsageError(
      '--show-password reveals one password: give the type `passwords` and one id',
      'glueflow get passwords 1234 --show-password',
    );
  }
  const filters = parseFilters(flags.filter ?? []);
  const limit = parseLimit(flags.limit);
  return withItGlue(ctx, async ({ runtime }) => {
    const client = runtime.client;
    const { replaceSecrets, SECRET_PLACEHOLDER } = await import('@glueflow/core');
    const mask = async (resource: Resource): Promise<Resource> => {
      const typeId = resource.attributes['flexible-asset-type-id'];
      const known =
        typeId === undefined || typeId === null ? undefined : await client.secretTraits.load(typeId);
      return {
        ...resource,
        attributes: replaceSecrets(resource.attributes, () => SECRET_PLACEHOLDER, known),
      };
    };

    if (id !== undefined) {
      const query: Record<string, string> = { ...(flags.include ? { include: flags.include } : {}) };
      if (route === 'passwords') query.show_password = flags.showPassword ? 'true' : 'false';
      const response = await client.request<{ data: Resource; included?: Resource[] }>({
        method: 'GET',
        path: `/${route}/${encodeURIComponent(id)}`,
        query,
        priority: 'interactive',
        ...(flags.showPassword ? { passwordValue: true } : {}),
      });
      const record = flags.showPassword ? response.data.data : await mask(response.data.data);
      if (flags.showPassword) {
        runtime.logger.warn('password value shown by glueflow get --show-password', {
          passwordId: id,
          instance: runtime.config.instanceName,
          user: os.userInfo().username,
        });
      }
      const included = await Promise.all((response.data.included ?? []).map(mask));
      if (ctx.jsonMode) ctx.json({ record, ...(included.length > 0 ? { included } : {}) });
      else printRecord(ctx, record, included);
      return EXIT.ok;
    }

    const records: Resource[] = [];
    const included: Resource[] = [];
    const size = Math.min(MAX_PAGE, limit);
    for (let page = 1; records.length < limit; page++) {
      const response = await client.request<{
        data: Resource[];
        included?: Resource[];
        meta?: { 'next-page'?: number | null };
      }>({
        method: 'GET',
        path: `/${route}`,
        query: {
          ...filters,
          ...(flags.include ? { include: flags.include } : {}),
          'page[size]': size,
          'page[number]': page,
        },
        priority: 'interactive',
      });
      const data = Array.isArray(response.data.data) ? response.data.data : [];
      for (const resource of data.slice(0, limit - records.length)) records.push(await mask(resource));
      for (const resource of response.data.included ?? []) included.push(await mask(resource));
      if (data.length < size || !response.data.meta?.['next-page']) break;
    }
    if (ctx.jsonMode) ctx.json({ records, ...(included.length > 0 ? { included } : {}) });
    else printList(ctx, records);
    return EXIT.ok;
  });
}

/** `--filter name=Acme --filter organization_id=5` → `filter[name]=Acme&filter[organization_id]=5`. */
function parseFilters(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--filter takes key=value, not "${pair}"`, '--filter name=Acme');
    out[`filter[${pair.slice(0, at).trim()}]`] = pair.slice(at + 1);
  }
  return out;
}

function parseLimit(text: string | undefined): number {
  if (text === undefined) return 100;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--limit must be a whole number ≥ 1, not "${text}"`);
  return n;
}

function printList(ctx: CliContext, records: Resource[]): void {
  if (records.length === 0) {
    ctx.print('no records');
    return;
  }
  const rows = records.map((r) => [
    r.id,
    String(r.attributes.name ?? r.attributes['resource-name'] ?? ''),
    String(r.attributes['organization-name'] ?? ''),
    String(r.attributes['updated-at'] ?? r.attributes['created-at'] ?? ''),
  ]);
  for (const line of columns([['id', 'name', 'organization', 'updated'], ...rows])) ctx.print(line);
  ctx.note(`${records.length} record(s)`);
}

function printRecord(ctx: CliContext, record: Resource, included: Resource[]): void {
  ctx.print(`${record.type} #${record.id}`);
  for (const [key, value] of Object.entries(record.attributes)) {
    if (value === null || value === '') continue;
    ctx.print(`  ${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
  }
  for (const item of included) {
    ctx.print(`  included ${item.type} #${item.id}: ${String(item.attributes.name ?? '')}`);
  }
}
