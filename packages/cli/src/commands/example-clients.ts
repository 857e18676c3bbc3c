/**
 * The organizations examples/glueflow.config.mjs files things under (runbooks, mail routes). A real
 * account has its clients already; the sandboxes — `glueflow demo` and `glueflow emulator` — add them,
 * so the example config runs against either exactly as its comment says.
 */
import type { EmulatorAdmin } from '@glueflow/emulator';

export const EXAMPLE_CLIENTS = ['Acme Corp', 'Globex', 'Initech'] as const;

/** Adds the example clients an emulator lacks (a `--db` file may hold them from a previous start). */
export async function addExampleClients(admin: EmulatorAdmin): Promise<string[]> {
  const existing = new Set(
    ((await admin.dump()).organizations ?? []).map((org) => String(org.attributes.name)),
  );
  const missing = EXAMPLE_CLIENTS.filter((name) => !existing.has(name));
  if (missing.length > 0)
    await admin.insert(
      'organizations',
      missing.map((name) => ({ name })),
    );
  return missing;
}
