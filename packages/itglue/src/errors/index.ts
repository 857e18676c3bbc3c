export { GlueflowError, isGlueflowError } from './glueflow-error.js';
export type { ErrorDetail, GlueflowErrorInit } from './glueflow-error.js';
export { defineErrors } from './define-errors.js';
export type {
  ErrorCatalogue,
  ErrorDefinition,
  ErrorDefinitions,
  ErrorExtras,
  ErrorText,
} from './define-errors.js';
export { ITGLUE_ERRORS, itglueErrors, createError } from './itglue-errors.js';
export { parseErrorBody } from './parse-error-body.js';
export type { ParsedErrorBody } from './parse-error-body.js';
