/** Test-engine helpers for the PSA steps: an engine with the plugin, IT Glue orgs as rows, the review file. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestEngine, type TestEngine } from '@glueflow/testkit';
import { psaPlugin } from '../plugin.js';

export async function psaEngine(
  pluginOptions: Record<string, unknown> = {},
  extra: { env?: Record<string, string> } = {},
): Promise<TestEngine> {
  return createTestEngine({
    plugins: [[psaPlugin, pluginOptions]],
    ...(extra.env ? { env: extra.env } : {}),
  });
}

export interface OrgRow {
  id: string;
  name: string;
  shortName: string | null;
  status: string | null;
  type: string | null;
  description: string | null;
  quickNotes: string | null;
  psa: string | null;
}

export async function organizations(t: TestEngine): Promise<OrgRow[]> {
  const dump = await t.admin.dump();
  return (dump.organizations ?? [])
    .map((o) => {
      const a = o.attributes as Record<string, string | null>;
      return {
        id: String(o.id),
        name: String(a.name),
        shortName: a['short-name'] ?? null,
        status: a['organization-status-name'] ?? null,
        type: a['organization-type-name'] ?? null,
        description: a.description ?? null,
        quickNotes: a['quick-notes'] ?? null,
        psa: a['psa-integration'] ?? null,
      };
    })
    .sort((a, b) => Number(a.id) - Number(b.id));
}

export async function organizationNamed(t: TestEngine, name: string): Promise<OrgRow | undefined> {
  return (await organizations(t)).find((o) => o.name === name);
}

/** Organizations as a person (or IT Glue's own PSA sync) created them before the first run. */
export async function insertOrganizations(
  t: TestEngine,
  rows: Array<Record<string, unknown>>,
): Promise<string[]> {
  return t.admin.insert('organizations', rows);
}

export interface ReviewJson {
  pairs: Array<{ sourceKey: string; organization: { id: string; name: string }; decision: string }>;
}

export function readReview(t: TestEngine, file = 'psa-review.json'): ReviewJson {
  return JSON.parse(readFileSync(join(t.baseDir, file), 'utf8')) as ReviewJson;
}

/** What a person does: set the decision of one pair in the review file. */
export function decide(
  t: TestEngine,
  sourceKey: string,
  decision: 'confirm' | 'reject',
  file = 'psa-review.json',
) {
  const review = readReview(t, file);
  for (const pair of review.pairs) if (pair.sourceKey === sourceKey) pair.decision = decision;
  writeFileSync(join(t.baseDir, file), JSON.stringify(review, null, 2));
}

export function messagesOf(
  summary: { messages: Array<{ code?: string; reason: string; item?: string }> },
  code: string,
) {
  return summary.messages.filter((m) => m.code === code);
}
