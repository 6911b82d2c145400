/**
 * The one place where errors become HTTP answers (Kombo's error envelope, contract §3).
 */
import { HTTPException } from 'hono/http-exception';
import { AppError, IdempotencyInProgressError, MethodNotAllowedError, NotFoundError, UnsupportedMediaTypeError, type ErrorCode } from '../lib/errors.js';

export type ErrorCategory = 'ATS' | 'GENERAL';

const STATUS: Record<ErrorCode, number> = {
  'PLATFORM.RATE_LIMIT_EXCEEDED': 429,
  'PLATFORM.CONCURRENCY_LIMIT_EXCEEDED': 429,
  'PLATFORM.INTEGRATION_NOT_FOUND': 404,
  'PLATFORM.INPUT_INVALID': 400,
  'PLATFORM.UNKNOWN_ERROR': 500,
  'PLATFORM.IP_NOT_WHITELISTED': 403,
  'PLATFORM.AUTHENTICATION_INVALID': 401,
  'PLATFORM.TASK_TIMED_OUT': 504,
  'INTEGRATION.PERMISSION_MISSING': 403,
  'INTEGRATION.AUTHENTICATION_INVALID': 403,
  'INTEGRATION.QA_FAILED': 503,
  // 503 with Retry-After, as Kombo answered before 2026-05-19; SETUP_PENDING_STATUS=409 follows
  // Kombo's current answer (see SETUP_STATE_CODES).
  'INTEGRATION.SETUP_SYNC_PENDING': 503,
  'INTEGRATION.SETUP_INCOMPLETE': 503,
  'INTEGRATION.INACTIVE': 403,
  'INTEGRATION.MODEL_NOT_AVAILABLE': 400,
  'INTEGRATION.MODEL_DISABLED': 403,
  'INTEGRATION.ACTION_NOT_AVAILABLE': 400,
  'INTEGRATION.ACTION_DISABLED': 403,
  'REMOTE.SERVICE_UNAVAILABLE': 503,
  'REMOTE.RATE_LIMIT_EXCEEDED': 429,
  'REMOTE.INPUT_INVALID': 400,
  'REMOTE.UNKNOWN_HTTP_ERROR': 502,
  'ATS.JOB_CLOSED': 400,
  'ATS.APPLICATION_ALREADY_EXISTS': 409,
};

const TITLES: Partial<Record<ErrorCode, string>> = {
  'PLATFORM.INPUT_INVALID': 'Invalid input',
  'PLATFORM.AUTHENTICATION_INVALID': 'Authentication invalid',
  'PLATFORM.INTEGRATION_NOT_FOUND': 'Integration not found',
  'PLATFORM.UNKNOWN_ERROR': 'Unknown error',
  'INTEGRATION.SETUP_SYNC_PENDING': 'Setup sync pending',
  'INTEGRATION.INACTIVE': 'Integration inactive',
  'INTEGRATION.AUTHENTICATION_INVALID': 'Integration authentication invalid',
  'INTEGRATION.ACTION_NOT_AVAILABLE': 'Action not available',
  'ATS.JOB_CLOSED': 'Job closed',
  'ATS.APPLICATION_ALREADY_EXISTS': 'Application already exists',
  'REMOTE.INPUT_INVALID': 'Input rejected by the remote system',
  'REMOTE.RATE_LIMIT_EXCEEDED': 'Remote rate limit exceeded',
  'REMOTE.SERVICE_UNAVAILABLE': 'Remote service unavailable',
  'REMOTE.UNKNOWN_HTTP_ERROR': 'Unknown remote error',
};

/** The codes Kombo moved from 503 to 409 on 2026-05-19; `setupPendingStatus` decides which we send. */
const SETUP_STATE_CODES: ReadonlySet<ErrorCode> = new Set(['INTEGRATION.SETUP_SYNC_PENDING', 'INTEGRATION.SETUP_INCOMPLETE', 'INTEGRATION.QA_FAILED']);

export interface ErrorOptions {
  /** Status of the setup-state codes (config `SETUP_PENDING_STATUS`); 503 when not given. */
  setupPendingStatus?: 503 | 409;
}

export interface ErrorAnswer {
  status: number;
  code: ErrorCode | null;
  title: string | null;
  message: string;
  retryAfterSeconds: number | undefined;
  /** The methods the path takes, sent as `Allow` with a 405. */
  allow?: readonly string[];
}

/** General and connect endpoints may only carry PLATFORM.* codes (the SDK rejects others there). */
function codeFor(category: ErrorCategory, code: ErrorCode): ErrorCode | null {
  return category === 'ATS' || code.startsWith('PLATFORM.') ? code : null;
}

/** Errors whose status is about the request's shape or the setup-state setting rather than their Kombo code. */
function statusOf(err: AppError, options: ErrorOptions): number {
  if (err instanceof NotFoundError) return 404;
  if (err instanceof IdempotencyInProgressError) return 409;
  if (err instanceof MethodNotAllowedError) return 405;
  if (err instanceof UnsupportedMediaTypeError) return 415;
  if (SETUP_STATE_CODES.has(err.code)) return options.setupPendingStatus ?? STATUS[err.code];
  return STATUS[err.code];
}

export function describeError(err: unknown, category: ErrorCategory, options: ErrorOptions = {}): ErrorAnswer {
  if (err instanceof AppError) {
    const status = statusOf(err, options);
    return {
      ...(err instanceof MethodNotAllowedError ? { allow: err.allowed } : {}),
      status,
      code: codeFor(category, err.code),
      title: TITLES[err.code] ?? err.code.split('.')[1]?.replace(/_/g, ' ').toLowerCase() ?? null,
      message: err.message,
      retryAfterSeconds: err.retryAfterSeconds,
    };
  }
  if (err instanceof HTTPException && err.status < 500) {
    // Hono's own validation failures, e.g. a body that is not JSON.
    const message = /json/i.test(err.message) ? 'The request body is not valid JSON.' : err.message || 'The request is invalid.';
    return { status: 400, code: 'PLATFORM.INPUT_INVALID', title: TITLES['PLATFORM.INPUT_INVALID'] ?? null, message, retryAfterSeconds: undefined };
  }
  return {
    status: 500,
    code: 'PLATFORM.UNKNOWN_ERROR',
    title: TITLES['PLATFORM.UNKNOWN_ERROR'] ?? null,
    message: 'An unexpected error occurred. The request log has the details.',
    retryAfterSeconds: undefined,
  };
}

export function errorBody(answer: ErrorAnswer, logUrl: string | null): string {
  return JSON.stringify({ status: 'error', error: { code: answer.code, title: answer.title, message: answer.message, log_url: logUrl } });
}

export function categoryOf(path: string): ErrorCategory {
  return path.startsWith('/v1/ats/') ? 'ATS' : 'GENERAL';
}
