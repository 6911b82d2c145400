/**
 * Typed errors. Code throws them; `http/errors.ts` alone turns them into HTTP answers.
 * The codes are Kombo's closed enums, so an error can travel to the wire unchanged.
 */
export const PLATFORM_CODES = [
  'PLATFORM.RATE_LIMIT_EXCEEDED',
  'PLATFORM.CONCURRENCY_LIMIT_EXCEEDED',
  'PLATFORM.INTEGRATION_NOT_FOUND',
  'PLATFORM.INPUT_INVALID',
  'PLATFORM.UNKNOWN_ERROR',
  'PLATFORM.IP_NOT_WHITELISTED',
  'PLATFORM.AUTHENTICATION_INVALID',
  'PLATFORM.TASK_TIMED_OUT',
] as const;

export const INTEGRATION_CODES = [
  'INTEGRATION.PERMISSION_MISSING',
  'INTEGRATION.AUTHENTICATION_INVALID',
  'INTEGRATION.QA_FAILED',
  'INTEGRATION.SETUP_SYNC_PENDING',
  'INTEGRATION.SETUP_INCOMPLETE',
  'INTEGRATION.INACTIVE',
  'INTEGRATION.MODEL_NOT_AVAILABLE',
  'INTEGRATION.MODEL_DISABLED',
  'INTEGRATION.ACTION_NOT_AVAILABLE',
  'INTEGRATION.ACTION_DISABLED',
] as const;

export const REMOTE_CODES = [
  'REMOTE.SERVICE_UNAVAILABLE',
  'REMOTE.RATE_LIMIT_EXCEEDED',
  'REMOTE.INPUT_INVALID',
  'REMOTE.UNKNOWN_HTTP_ERROR',
] as const;

export const ATS_CODES = ['ATS.JOB_CLOSED', 'ATS.APPLICATION_ALREADY_EXISTS'] as const;

export type PlatformCode = (typeof PLATFORM_CODES)[number];
export type ErrorCode = PlatformCode | (typeof INTEGRATION_CODES)[number] | (typeof REMOTE_CODES)[number] | (typeof ATS_CODES)[number];

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Seconds a client should wait before retrying, sent as `Retry-After`. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, options: { retryAfterSeconds?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export class InputError extends AppError {
  constructor(message: string) {
    super('PLATFORM.INPUT_INVALID', message);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super('PLATFORM.INPUT_INVALID', message);
  }
}

export class IntegrationNotFoundError extends AppError {
  constructor(id: string) {
    super('PLATFORM.INTEGRATION_NOT_FOUND', `No integration with the id "${id}" exists in this environment.`);
  }
}

export class AuthenticationError extends AppError {
  constructor(message = 'The API key is missing or invalid. Send it as "Authorization: Bearer <key>".') {
    super('PLATFORM.AUTHENTICATION_INVALID', message);
  }
}

export class SetupSyncPendingError extends AppError {
  constructor(integrationId: string) {
    super(
      'INTEGRATION.SETUP_SYNC_PENDING',
      `The first sync of integration "${integrationId}" has not finished successfully yet, so there is no data to serve. Retry later or wait for the sync-finished webhook.`,
      { retryAfterSeconds: 30 },
    );
  }
}

/** The vendor rejected the credentials (401/403 on verification or during a sync). */
export class VendorAuthError extends AppError {
  constructor(message: string) {
    super('INTEGRATION.AUTHENTICATION_INVALID', message);
  }
}

/** The vendor failed in a way that is not about our input or the credentials. */
export class VendorError extends AppError {
  readonly vendorStatus: number | undefined;
  constructor(code: (typeof REMOTE_CODES)[number], message: string, options: { vendorStatus?: number; retryAfterSeconds?: number } = {}) {
    super(code, message, options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds });
    this.vendorStatus = options.vendorStatus;
  }
}

/** The integration's tool cannot perform a write action (or we have not implemented it for the tool). */
export class ActionNotAvailableError extends AppError {
  constructor(message: string) {
    super('INTEGRATION.ACTION_NOT_AVAILABLE', message);
  }
}

/** The job does not take applications (closed, archived, draft). */
export class JobClosedError extends AppError {
  constructor(message: string) {
    super('ATS.JOB_CLOSED', message);
  }
}

/** The candidate already applied to the job. */
export class ApplicationExistsError extends AppError {
  constructor(message: string) {
    super('ATS.APPLICATION_ALREADY_EXISTS', message);
  }
}

/** A request with the same Idempotency-Key is still being processed (answered with 409). */
export class IdempotencyInProgressError extends AppError {
  constructor(key: string) {
    super(
      'PLATFORM.CONCURRENCY_LIMIT_EXCEEDED',
      `A request with the Idempotency-Key "${key}" is still being processed. Retry shortly to receive its response.`,
      { retryAfterSeconds: 1 },
    );
  }
}

/** The path exists but not with this method (answered 405 with `Allow`). */
export class MethodNotAllowedError extends AppError {
  constructor(
    method: string,
    path: string,
    readonly allowed: readonly string[],
  ) {
    super('PLATFORM.INPUT_INVALID', `${path} does not take ${method}; it takes ${allowed.join(', ')}.`);
  }
}

/** A body in a format the endpoint does not read (answered 415); every body we read is JSON. */
export class UnsupportedMediaTypeError extends AppError {
  constructor(contentType: string | undefined) {
    super(
      'PLATFORM.INPUT_INVALID',
      `The request body must be JSON, sent with "Content-Type: application/json"${contentType ? ` (this one is "${contentType.split(';')[0]?.trim()}")` : ' (this one has no Content-Type)'}.`,
    );
  }
}
