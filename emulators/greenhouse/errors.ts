/**
 * Harvest v3 error bodies: `{"message": <status phrase>}` plus, for validation and auth failures,
 * an `errors` array whose entries are plain strings or single-key `{field: problem}` objects.
 * OAuth token errors use the OAuth 2.0 shape instead (`{"error", "error_description"}`).
 */

export type FieldError = string | Record<string, string>;

const PHRASES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Resource not found',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

export function errorBody(status: number, errors?: FieldError[]): { message: string; errors?: FieldError[] } {
  const message = PHRASES[status] ?? 'Error';
  return errors && errors.length > 0 ? { message, errors } : { message };
}

export function errorResponse(status: number, errors?: FieldError[]): Response {
  return new Response(JSON.stringify(errorBody(status, errors)), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
}

/** Thrown by handlers; the app's error handler renders it in the vendor's shape. */
export class HarvestError extends Error {
  constructor(
    readonly status: number,
    readonly errors?: FieldError[],
  ) {
    super(`${status} ${PHRASES[status] ?? ''}`);
  }
}

export const unprocessable = (...errors: FieldError[]) => new HarvestError(422, errors);
export const notFound = () => new HarvestError(404);
export const fieldError = (field: string, problem: string): FieldError => ({ [field]: problem });

export function oauthError(status: 400 | 401, error: string, description: string): Response {
  return new Response(JSON.stringify({ error, error_description: description }), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
