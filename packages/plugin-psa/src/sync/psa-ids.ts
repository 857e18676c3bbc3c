/**
 * PSA-id matches through IT Glue's documented filters: `filter[psa_integration_type]` (the PSA kind,
 * which no answer carries) with `filter[psa_id]` (which requires it), the id sent as a string.
 * One request per company that nothing else placed yet — and none at all when IT Glue's own sync
 * has touched no organization (then no PSA id can match).
 */
import type { StepContext } from '@glueflow/core';
import type { PsaCompany } from '../provider/types.js';
import type { OrganizationIndex } from './org-index.js';

export async function learnPsaIds(
  ctx: StepContext,
  index: OrganizationIndex,
  companies: readonly PsaCompany[],
  integrationType: string | undefined,
  alreadyPlaced: (company: PsaCompany) => boolean,
): Promise<number> {
  if (!integrationType || !index.anyPsaSynced) return 0;
  let asked = 0;
  for (const company of companies) {
    const psaId = String(company.id);
    if (alreadyPlaced(company) || index.knowsPsaId(integrationType, psaId)) continue;
    const ids: string[] = [];
    for await (const org of ctx.itglue.read.organizations.list({
      filter: { psaIntegrationType: integrationType, psaId },
      pageSize: 50,
    })) {
      ids.push(String(org.id));
    }
    index.learnPsaId(integrationType, psaId, ids);
    asked++;
  }
  return asked;
}
