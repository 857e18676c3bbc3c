export { GlueflowError, isGlueflowError, parseErrorBody, defineErrors } from '@glueflow/itglue';
export type {
  ErrorDetail,
  GlueflowErrorInit,
  ErrorText,
  ErrorCatalogue,
  ErrorDefinition,
  ErrorDefinitions,
  ParsedErrorBody,
} from '@glueflow/itglue';
export { ERROR_CATALOGUE, coreErrors, createError } from './catalogue.js';
export type { ErrorCode, ErrorContext, ErrorExtras } from './catalogue.js';
export { saidWhere } from './said-where.js';
export type { SaidWhere } from './said-where.js';
