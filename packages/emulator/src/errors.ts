/**
 * Error bodies as IT Glue sends them. The real API mixes two shapes (numeric `status` or a Rails
 * symbol such as "unprocessable_entity") and several `source.pointer` forms; clients must parse all
 * of them, so the emulator uses each one, deterministically by kind:
 * - field validation: numeric 422, pointer "/data/attributes/<kebab-name>"
 * - reference to a missing record: numeric 422, pointer "data/attributes/<snake_name>"
 * - rule violations (PSA lock, filters, bulk rules, relationships in PATCH): "unprocessable_entity", pointer "data"
 * - a wrong `data.type`: numeric 422, pointer ["data", "type"]
 * - authorization: "forbidden"; everything else numeric.
 */
export type ErrorPointer = string | string[] | null;

export interface ApiErrorObject {
  status: number | string;
  title: string;
  detail?: string;
  source?: { pointer: ErrorPointer };
}

export class ApiError extends Error {
  readonly httpStatus: number;
  readonly errors: ApiErrorObject[];

  constructor(httpStatus: number, errors: ApiErrorObject[]) {
    super(errors[0]?.detail ?? errors[0]?.title ?? `HTTP ${httpStatus}`);
    this.httpStatus = httpStatus;
    this.errors = errors;
  }

  body(): { errors: ApiErrorObject[] } {
    return { errors: this.errors };
  }
}

export function fieldInvalid(attribute: string, detail: string): ApiError {
  return new ApiError(422, [
    {
      status: 422,
      title: 'Unprocessable Entity',
      detail,
      source: { pointer: `/data/attributes/${attribute}` },
    },
  ]);
}

export function referenceMissing(attribute: string, detail: string): ApiError {
  const snake = attribute.replace(/-/g, '_');
  return new ApiError(422, [
    { status: 422, title: 'Unprocessable Entity', detail, source: { pointer: `data/attributes/${snake}` } },
  ]);
}

export function ruleViolation(detail: string): ApiError {
  return new ApiError(422, [
    { status: 'unprocessable_entity', title: 'Unprocessable Entity', detail, source: { pointer: 'data' } },
  ]);
}

export function wrongType(expected: string, found: unknown): ApiError {
  return new ApiError(422, [
    {
      status: 422,
      title: 'Unprocessable Entity',
      detail: `type must be ${expected}, found ${JSON.stringify(found)}`,
      source: { pointer: ['data', 'type'] },
    },
  ]);
}

export function badRequest(detail: string): ApiError {
  return new ApiError(400, [{ status: 400, title: 'Bad Request', detail }]);
}

export function paramMissing(param: string): ApiError {
  return badRequest(`param is missing or the value is empty: ${param}`);
}

export function recordNotFound(label: string, id: string | number): ApiError {
  return new ApiError(404, [
    { status: 404, title: 'Record not found', detail: `Couldn't find ${label} with 'id'=${id}` },
  ]);
}

export function unauthorized(): ApiError {
  return new ApiError(401, [
    { status: 401, title: 'Unauthorized', detail: 'An API key is required: send it in the x-api-key header' },
  ]);
}

export function forbidden(): ApiError {
  return new ApiError(403, [
    {
      status: 'forbidden',
      title: 'Forbidden',
      detail: 'The API key is invalid, revoked or for another region',
    },
  ]);
}

export function unsupportedMediaType(found: string | undefined): ApiError {
  return new ApiError(415, [
    {
      status: 415,
      title: 'Unsupported Media Type',
      detail: `Content-Type must be application/vnd.api+json (or application/json), found ${found ?? 'none'}`,
    },
  ]);
}

export function tooManyRequests(): ApiError {
  return new ApiError(429, [
    { status: 429, title: 'Too Many Requests', detail: 'Rate limit exceeded, slow down and retry later' },
  ]);
}

export function serverError(status: 500 | 502 | 503): ApiError {
  const titles = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' } as const;
  return new ApiError(status, [{ status, title: titles[status] }]);
}

/** API Gateway answers a few failures itself, with its own non-JSON:API body. */
export const GATEWAY_TIMEOUT_BODY = { message: 'Endpoint request timed out' };
export const GATEWAY_TOO_LARGE_BODY = { message: 'Request Too Long' };

/** What the real API answers for a route it does not have (Rails' public/404.html). */
export const HTML_NOT_FOUND = `<!DOCTYPE html>
<html>
<head>
  <title>The page you were looking for doesn't exist (404)</title>
  <meta name="viewport" content="width=device-width,initial-scale=1">
</head>
<body>
  <div class="dialog">
    <h1>The page you were looking for doesn't exist.</h1>
    <p>You may have mistyped the address or the page may have moved.</p>
  </div>
</body>
</html>
`;
