// A plain-JavaScript plugin for the CLI's tests (no schema: `with:` reaches the step as written).
// `orgs.sync` upserts the organizations listed in `companies`; one without a name fails alone.
// `announceTotal: false` reports progress without a total (a source that cannot count ahead).
const NAME = 'glueflow-plugin-cli-fixture';

export default {
  name: NAME,
  apiVersion: 1,
  description: 'organizations from a list, for the CLI tests',
  apply(host) {
    host.hooks.onOrganizationUpdated.tap(NAME, () => undefined);
    host.hooks.afterRun.tap(NAME, () => undefined);
    host.registerStep('orgs.sync', {
      description: 'upserts the organizations listed in `companies`',
      async run(ctx, options) {
        const companies = options.companies ?? [];
        let done = 0;
        await ctx.forEachItem(
          companies,
          (company) => company.key,
          async (company) => {
            if (!company.name) throw new Error(`company ${company.key} has no name`);
            await ctx.itglue.upsert({
              sourceKey: company.key,
              resourceType: 'organizations',
              naturalKey: { name: company.name },
              attributes: {
                name: company.name,
                ...(company.description ? { description: company.description } : {}),
              },
            });
            if (options.announceTotal === false) ctx.progress(++done);
            else ctx.progress(++done, companies.length);
          },
        );
      },
    });
  },
};
