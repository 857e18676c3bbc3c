import { startEmulator } from './server.js';
import { DEFAULT_API_KEY } from './server.js';
import type { CliIo } from './cli.js';

interface Reply {
  status: number;
  headers: Headers;
  body: { data?: unknown; errors?: unknown; meta?: Record<string, unknown> } | null;
}

/**
 * A short tour over real HTTP: seed data, a list, a create, a password value, a fault and a 429.
 * Exits 0 when every step behaved as IT Glue would.
 */
export async function runDemo(io: CliIo): Promise<number> {
  const emulator = await startEmulator({ generate: { organizations: 5, perOrganization: 5 } });
  const call = async (method: string, path: string, body?: unknown): Promise<Reply> => {
    const response = await fetch(`${emulator.url}${path}`, {
      method,
      headers: { 'x-api-key': DEFAULT_API_KEY, 'content-type': 'application/vnd.api+json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text.startsWith('{') ? JSON.parse(text) : null,
    };
  };
  const say = (line: string) => io.stdout(`${line}\n`);
  const problems: string[] = [];
  const expect = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  try {
    say(`IT Glue emulator demo on ${emulator.url} (5 organizations x 5 of everything)`);
    const orgs = await call('GET', '/organizations?page[size]=5&sort=name');
    const list = (orgs.body?.data ?? []) as { id: string; attributes: Record<string, unknown> }[];
    expect(orgs.status === 200 && list.length === 5, 'list organizations');
    say(
      `  GET /organizations            ${orgs.status}  ${list.map((org) => String(org.attributes.name)).join(', ')}`,
    );

    const org = list[0];
    const types = await call('GET', '/configuration_types?filter[name]=Managed Workstation');
    const typeId = (types.body?.data as { id: string }[] | undefined)?.[0]?.id;
    const created = await call('POST', `/organizations/${org?.id}/relationships/configurations`, {
      data: {
        type: 'configurations',
        attributes: { name: 'DEMO-WS-001', configuration_type_id: typeId, primary_ip: '10.0.0.42' },
      },
    });
    const configuration = created.body?.data as
      { id: string; attributes: Record<string, unknown> } | undefined;
    expect(created.status === 201, 'create a configuration');
    say(
      `  POST configuration            ${created.status}  #${configuration?.id} "${String(configuration?.attributes.name)}" in ${String(configuration?.attributes['organization-name'])}`,
    );

    const passwords = await call('GET', `/passwords?filter[organization_id]=${org?.id}&page[size]=1`);
    const first = (
      passwords.body?.data as { id: string; attributes: Record<string, unknown> }[] | undefined
    )?.[0];
    const shown = await call('GET', `/passwords/${first?.id}`);
    const value = (shown.body?.data as { attributes: Record<string, unknown> } | undefined)?.attributes
      .password;
    expect(
      first !== undefined && !('password' in first.attributes) && typeof value === 'string',
      'password only on show',
    );
    say(
      `  GET /passwords/${first?.id}            ${shown.status}  value shown (${String(value).length} chars); the list hid it`,
    );

    emulator.admin.enqueueFault({ kind: '502', method: 'GET', path: '/organizations' });
    const failed = await call('GET', '/organizations');
    const retried = await call('GET', '/organizations');
    expect(failed.status === 502 && retried.status === 200, 'fault then retry');
    say(`  injected fault                ${failed.status} then ${retried.status} on retry`);

    emulator.admin.configure({ rateLimit: { requests: 1, windowSeconds: 60 } });
    await call('GET', '/organizations');
    const limited = await call('GET', '/organizations');
    expect(limited.status === 429, 'rate limit');
    say(
      `  rate limit (1 per 60 s)       ${limited.status}  Retry-After: ${limited.headers.get('retry-after')}`,
    );

    const stats = emulator.admin.stats();
    say(
      `  stats: ${stats.requests.total} requests, ${stats.rateLimited} rate limited, ${stats.faultsInjected['502']} faults, ${stats.creates} created`,
    );
  } finally {
    await emulator.stop();
  }
  if (problems.length > 0) {
    io.stderr(`demo: unexpected behaviour in: ${problems.join(', ')}\n`);
    return 1;
  }
  say('Demo done: the emulator behaves like IT Glue.');
  return 0;
}
