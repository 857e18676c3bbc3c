/**
 * `onMissingInPsa: mark-inactive`: organizations synced from companies that left the PSA (deleted,
 * or no longer in the filter's scope) get the inactive status — through the same source key, so the
 * write gate sends nothing when they are already inactive. Organizations deleted in IT Glue meanwhile
 * are left alone (never re-created for a company that is gone), and PSA-locked ones are reported.
 */
import type { OrganizationFields } from './attributes.js';
import type { OrgMappings } from './mappings.js';
import type { OrganizationIndex } from './org-index.js';
import type { SyncRun } from './sync-organizations.js';

export async function markMissingInactive(
  run: SyncRun,
  sourceKeys: string[],
  index: OrganizationIndex,
  mappings: OrgMappings,
  fields: OrganizationFields,
): Promise<void> {
  const { ctx } = run;
  const inactive = fields.statusId(false);
  if (!inactive) return; // reported once by OrganizationFields
  await ctx.forEachItem(
    sourceKeys,
    (key) => key,
    async (sourceKey) => {
      const org = index.get(mappings.mine.get(sourceKey) ?? '');
      if (!org) return;
      if (org.locked) {
        ctx.count('skipped');
        ctx.report({
          severity: 'info',
          code: 'EPSA_LOCKED',
          reason: `skipped (psa-locked): "${org.name}" #${org.id} left the PSA but its status belongs to IT Glue's own PSA sync (psa-integration: ${org.psaIntegration})`,
          item: sourceKey,
        });
        return;
      }
      try {
        const result = await ctx.itglue.upsert({
          sourceKey,
          resourceType: 'organizations',
          naturalKey: { name: org.name },
          attributes: { organizationStatusId: inactive },
        });
        if (result.action === 'updated') {
          ctx.report({
            severity: 'info',
            reason: `"${org.name}" #${org.id} marked inactive: its company left the PSA`,
            item: sourceKey,
          });
        }
      } catch (error) {
        run.failures.count++;
        throw error;
      }
    },
  );
}
