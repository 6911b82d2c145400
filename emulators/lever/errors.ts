/** Lever's error envelope: `{"code": "<ErrorName>", "message": "<text>"}` with the matching HTTP status. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

const CODES: Record<number, string> = {
  400: 'BadRequestError',
  401: 'UnauthorizedError',
  403: 'ForbiddenError',
  404: 'NotFoundError',
  405: 'MethodNotAllowedError',
  413: 'PayloadTooLargeError',
  415: 'UnsupportedMediaTypeError',
  429: 'TooManyRequestsError',
  500: 'InternalServerError',
  503: 'ServiceUnavailableError',
};

export function errorCode(status: number): string {
  return CODES[status] ?? (status >= 500 ? 'InternalServerError' : 'BadRequestError');
}

export function leverError(c: Context, status: number, message: string): Response {
  return c.json({ code: errorCode(status), message }, status as ContentfulStatusCode);
}

/** Thrown by helpers deep in a handler; `app.onError` renders it in Lever's shape. */
export class LeverHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new LeverHttpError(400, message);
export const notFound = (message: string) => new LeverHttpError(404, message);
export const forbidden = (message: string) => new LeverHttpError(403, message);
