// The config `glueflow demo` runs against its in-process emulator, pipeline by pipeline in this order:
// PSA companies become organizations, runbooks become flexible assets, the sample inbox is filed.
// Paths are relative to this file. Run one yourself against `glueflow emulator` (it adds the clients
// the runbooks and mail are filed under — Acme Corp, Globex, Initech — as the demo does):
//   ITGLUE_API_URL=http://127.0.0.1:4100 ITGLUE_API_KEY=ITG.emulator glueflow plan runbooks -c examples/glueflow.config.mjs
/** @type {import('@glueflow/core').ConfigFile} */
export default {
  plugins: [
    'markdown',
    [
      'psa',
      {
        provider: 'csv',
        connection: { file: 'psa/companies.csv' },
        filter: { types: { exclude: ['Vendor'] } },
        fields: {
          organizationType: {
            map: { 'Managed Services Client': 'Customer', 'Break/Fix Client': 'Customer' },
          },
          quickNotes: 'PSA {{identifier}} · {{phone}} · {{website}}',
        },
      },
    ],
    ['email', { organizationDomains: { Initech: ['initech.example'] } }],
  ],
  pipelines: {
    'psa-sync': [{ step: 'psa.sync-organizations' }],
    runbooks: [
      {
        step: 'markdown.import',
        with: { files: 'markdown/runbooks/**/*.md', organization: 'Acme Corp' },
      },
    ],
    mail: [
      {
        step: 'email.import',
        with: {
          source: { type: 'directory', path: 'email/inbox' },
          route: { map: { 'acme.example': 'Acme Corp' }, subjectTag: 'Org' },
          allowTypes: ['application/pdf', 'text/*', 'image/*', '.lic', '.crt', '.csv'],
        },
      },
    ],
  },
};
