/**
 * A writer that raced past the re-check before a create (another machine, another GLUEFLOW_HOME)
 * leaves a duplicate the records layer notices in a later listing: say so, once, naming both records
 * (EDUPLICATE_RECORD). Checked as each item finishes.
 */
import { resourceType } from '@glueflow/itglue';
import { createError } from '../../errors/catalogue.js';
import type { WriteGateOptions } from './gate-options.js';

export function reportDuplicates(options: WriteGateOptions): void {
  for (const duplicate of options.records.takeDuplicates?.() ?? []) {
    const error = createError('EDUPLICATE_RECORD', {
      record: `${resourceType(duplicate.type).entity} "${duplicate.name}"`,
      ids: duplicate.ids,
    });
    options.report?.({ severity: 'warning', code: error.code, reason: error.message, hint: error.hint });
  }
}
