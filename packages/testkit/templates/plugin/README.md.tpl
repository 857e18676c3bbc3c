# {{packageName}}

A Glueflow plugin (an automation framework for the IT Glue API). It writes people from your own system as
IT Glue contacts of one organization — created once, updated when they change, never duplicated — and logs
every organization change that a pipeline or `glueflow watch` announces.

## When to use it

- You keep people in a system IT Glue does not sync (an HR tool, a spreadsheet export, an RMM) and want
  them as contacts, re-run safely from cron or CI.
- You want a starting point for your own plugin: this package is the shape `glueflow plugin new` makes.

Not for: PSA contacts (use `@glueflow/plugin-psa`'s `psa.sync-contacts`).

## Install

```bash
npm install {{packageName}}
```

Needs `@glueflow/core` (a peer dependency; the `glueflow` CLI brings it) and Node ≥ 20.19.

## Use

```yaml
# glueflow.config.yaml
plugins:
  - [{{configName}}, { organization: Acme Corp }]
pipelines:
  people:
    - step: {{shortName}}.upsert-contacts
      with:
        contacts:
          - { id: p-1, firstName: Ada, lastName: Lovelace, title: Engineer }
          - { id: p-2, firstName: Grace, lastName: Hopper }
```

```bash
glueflow plan people     # what would change, written nowhere
glueflow run people      # creates 2 contacts; the next run writes nothing
```

`{{configName}}` in `plugins:` finds the package `{{packageName}}`. During development, point the
config at the folder instead: `- [./path/to/{{directoryName}}, { … }]` (after `npm run build`).

## Options

On the plugin entry (`[{{configName}}, { … }]`):

| option | default | |
|---|---|---|
| `organization` | none | IT Glue organization (by name) the step writes to when its `with:` names none |
| `logOrganizationUpdates` | `true` | log every organization change a pipeline or `glueflow watch` announces |

### Step `{{shortName}}.upsert-contacts`

| `with:` | default | |
|---|---|---|
| `organization` | the plugin option | IT Glue organization, by name |
| `contacts` | required | `[{ id, firstName, lastName?, title? }]`; `id` is your system's id (the source key) |

Unknown keys are rejected when the config loads, before any IT Glue call.

## Events

- Taps `onOrganizationUpdated`: logs `organization updated` with the organization's id, name, changed
  fields and source (`pipeline:<name>` or `watch`).
- Writes through the engine, so its writes fire `contact:created` / `contact:updated` for other plugins.

## Errors

Reported per run as messages (the run goes on; exit code 2 when any item failed):

| code | meaning | fix |
|---|---|---|
| `E{{errorPrefix}}_NO_ORGANIZATION` | neither the step nor the plugin names an organization | set `organization` |
| `E{{errorPrefix}}_UNKNOWN_ORGANIZATION` | no IT Glue organization has that name | create it or fix the name |
| `EITGLUE_*` | IT Glue refused one contact (validation, permissions) | see the message's hint |

## Develop

```bash
npm install
npm run build   # tsc: type-checks and writes dist/
npm test        # jest against an in-process IT Glue emulator (@glueflow/testkit): no account needed
```

See Glueflow's `docs/plugins/authoring.md` for the contract, the hooks and the step context.
