export { GlueflowError, isGlueflowError } from './glueflow-error.js';
export type { ErrorDetail, GlueflowErrorInit } from './glueflow-error.js';
export { ERROR_CATALOGUE, createError } from './catalogue.js';
export type { ErrorCode, ErrorContext, ErrorExtras } from './catalogue.js';
export type { ErrorText } from './itglue-errors.js';
export { parseErrorBody } from './parse-error-body.js';
export type { ParsedErrorBody } from './parse-error-body.js';
