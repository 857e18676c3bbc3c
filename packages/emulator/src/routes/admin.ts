import type { FastifyInstance } from 'fastify';
import type { EmulatorAdmin, EmulatorConfigPatch, FaultRule, SeedRequest } from '../types.js';
import { isPlainObject } from '../case.js';
import { EmulatorUsageError } from '../usage-error.js';

interface Body {
  type?: string;
  id?: string | number;
  attributes?: unknown;
}

/** The admin API under /__emulator/: no auth, no rate limit, no faults. */
export function registerAdminRoutes(app: FastifyInstance, admin: EmulatorAdmin): void {
  const body = (raw: unknown): Body => {
    if (!isPlainObject(raw))
      throw new EmulatorUsageError('EEMULATOR_BAD_BODY', 'The admin API takes a JSON object body');
    return raw as Body;
  };
  const typeOf = (raw: Body): string => {
    if (typeof raw.type !== 'string') throw new EmulatorUsageError('EEMULATOR_BAD_BODY', 'type is required');
    return raw.type;
  };

  app.post('/__emulator/reset', async () => {
    await admin.reset();
    return { ok: true };
  });
  app.get('/__emulator/state', () => admin.dump());
  app.get('/__emulator/stats', () => admin.stats());
  app.post('/__emulator/stats/reset', () => {
    admin.resetStats();
    return { ok: true };
  });
  app.patch('/__emulator/config', (request) => {
    admin.configure(body(request.body) as EmulatorConfigPatch);
    return { ok: true };
  });
  app.post('/__emulator/mutate', async (request) => {
    const input = body(request.body);
    return {
      data: await admin.mutate(
        typeOf(input),
        input.id ?? '',
        isPlainObject(input.attributes) ? input.attributes : {},
      ),
    };
  });
  app.post('/__emulator/remove', async (request) => {
    const input = body(request.body);
    await admin.remove(typeOf(input), input.id ?? '');
    return { ok: true };
  });
  // Benches load 100,000 records in one call: the 10 MB API limit does not apply here.
  app.post('/__emulator/insert', { bodyLimit: 1024 * 1024 * 1024 }, async (request) => {
    const input = body(request.body);
    const list = Array.isArray(input.attributes) ? (input.attributes as Record<string, unknown>[]) : [];
    return { ids: await admin.insert(typeOf(input), list) };
  });
  app.post('/__emulator/seed', async (request) => admin.seed(body(request.body) as unknown as SeedRequest));
  app.post('/__emulator/faults', (request) => {
    admin.enqueueFault(body(request.body) as unknown as FaultRule);
    return { ok: true };
  });
}
