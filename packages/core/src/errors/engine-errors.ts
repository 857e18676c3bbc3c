/**
 * The engine's, config's and plugin host's part of the error catalogue (run-time errors; load-time
 * config problems are collected as ConfigProblem and reported together by ConfigError).
 * Codes are a public contract: never rename one, add a new one.
 */
import type { ErrorText } from '@glueflow/itglue';

export const ENGINE_ERRORS = {
  ECONFIG_SECRET_MISSING: (c: { source: 'env' | 'keychain'; name: string }): ErrorText =>
    c.source === 'env'
      ? {
          message: `environment variable ${c.name} is not set`,
          hint: `export ${c.name}=… before running glueflow`,
        }
      : {
          message: `keychain entry ${c.name} not found`,
          hint: 'store it with `glueflow auth set` or use { env: NAME } where no keychain exists (headless Linux)',
        },
  ECONFIG_UNKNOWN_STEP: (c: { step: string }): ErrorText => ({
    message: `unknown step "${c.step}"`,
    hint: 'add the plugin that provides it to `plugins:`; `glueflow plugins` lists the registered steps',
  }),
  ECONFIG_STEP_OPTIONS: (c: { step: string }): ErrorText => ({
    message: `invalid options for ${c.step}`,
    hint: 'run `glueflow config print` or any command that loads the config to see every problem with its key path',
  }),
  EPLUGIN_DUPLICATE_STEP: (c: { step: string; first: string; second: string }): ErrorText => ({
    message: `step "${c.step}" is registered twice (by ${c.first} and ${c.second})`,
    hint: 'step ids are `<plugin>.<verb>`; rename one of them',
  }),
  ECONFIG_UNKNOWN_PIPELINE: (c: {
    pipeline: string;
    known: string[];
    configFile?: string | null;
  }): ErrorText =>
    // null: no config file was found at all — "this config has no pipelines" would send a person
    // looking for a file that does not exist.
    c.configFile === null
      ? {
          message: `no pipeline named "${c.pipeline}": there is no config file`,
          hint: 'none was found from this folder up (glueflow.config.*, .glueflowrc*, package.json "glueflow"); create one with `glueflow init`, or pass --config FILE',
        }
      : {
          message: `no pipeline named "${c.pipeline}"`,
          hint: c.known.length
            ? `pipelines in this config: ${c.known.join(', ')}`
            : 'this config has no `pipelines:` yet; `glueflow init` writes examples',
        },
  EPLAN_CONFLICT: (c: { sourceKey: string; reason: string }): ErrorText => ({
    message: `${c.sourceKey}: ${c.reason}`,
    hint: 'nothing was written for it; run `glueflow plan` again and review',
  }),
  EDUPLICATE_RECORD: (c: { record: string; ids: string[] }): ErrorText => ({
    message: `IT Glue now holds ${c.record} ${c.ids.length} times (${c.ids.map((id) => `#${id}`).join(', ')}): another writer created it at the same moment`,
    hint: 'two machines (two GLUEFLOW_HOMEs) ran the same pipeline at once; keep the lowest id, delete the others in IT Glue, and run one machine per pipeline (docs/security.md#two-writers)',
  }),
  EDELETED_IN_ITGLUE: (c: { sourceKey: string; record: string }): ErrorText => ({
    message: `${c.sourceKey}: ${c.record} was deleted in IT Glue; not created again (onDeleted: report)`,
    hint: 'set `onDeleted: recreate` on the step to create it again, or take the item out of the source',
  }),
  EPIPELINE_BUSY: (c: { lock: string; pid: number; host: string; startedAt: string }): ErrorText =>
    c.lock.startsWith('pipeline:')
      ? {
          message: `${c.lock.replace(/^pipeline:/, 'pipeline ')} is already running: pid ${c.pid} on ${c.host}, started ${c.startedAt}`,
          hint: 'wait for that run to finish, or pass --wait <seconds> to queue behind it; a lock of a process that died is taken over by itself',
        }
      : {
          // A write lock (item, attachment, flexible asset type) another run held past the wait.
          message: `${c.lock} is being written by another run: pid ${c.pid} on ${c.host}, since ${c.startedAt}`,
          hint: 'that run is writing it (a batch of a split run, or a run on another machine); what needed it fails in this run, and the next run picks it up without creating anything twice',
        },
  ERUN_ABANDONED: (c: { pid: number; host: string }): ErrorText => ({
    message: `the process running it (pid ${c.pid} on ${c.host}) ended before the run did: killed, or stopped at once by a second signal`,
    hint: 'what was written is kept and journalled: the next run resumes where it stopped and creates no duplicate',
  }),
  ERUN_NOT_FOUND: (c: { id: string; instance: string }): ErrorText => ({
    message: `no run #${c.id} in the history of instance "${c.instance}"`,
    hint: '`glueflow runs` lists the recorded runs; old ones are pruned (history.keep, history.maxAgeDays)',
  }),
  EUNSAFE_PATH: (c: { path: string; reason: string }): ErrorText => ({
    message: `refusing to write ${c.path}: ${c.reason}`,
    hint: 'Glueflow writes only regular files inside the config folder, never through a symbolic link; replace the link with the file itself, or move the file into the config folder',
  }),
  EWATCH_TYPES: (c: { unknown: string[]; known: string[] }): ErrorText => ({
    message: `cannot watch ${c.unknown.join(', ')}`,
    hint: `watchable types: ${c.known.join(', ')}`,
  }),
  EFAT_FIELD_KIND: (c: { type: string; field: string; expected: string; found: string }): ErrorText => ({
    message: `flexible asset type "${c.type}" has field "${c.field}" of kind ${c.found}, expected ${c.expected}`,
    hint: 'change the field in IT Glue (Admin → Flexible Asset Types) or point the step at another type; nothing was written',
  }),
  EPLAN_FORMAT: (c: { file: string; reason: string }): ErrorText => ({
    message: `${c.file} is not a glueflow plan: ${c.reason}`,
    hint: 'create one with `glueflow plan <pipeline> --out plan.json`',
  }),
  EPLAN_MISMATCH: (c: { file: string; reason: string }): ErrorText => ({
    message: `plan ${c.file} cannot be applied here: ${c.reason}`,
    hint: 'apply it with the config and instance it was planned with, or plan again',
  }),
} satisfies Record<string, (context: never) => ErrorText>;
