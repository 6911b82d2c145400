/**
 * Configuration: every environment variable is read here, once, into a frozen `Config`.
 * Nothing else in the code base reads `process.env`.
 */
import path from 'node:path';
import { z } from 'zod';
import { parseCidr } from '../lib/ip.js';
import { maskSecrets } from '../lib/redact.js';

const flag = (defaultValue: boolean) =>
  z
    .enum(['0', '1', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
    .optional()
    .transform((value) => (value === undefined || value === '' ? defaultValue : ['1', 'true', 'yes', 'on'].includes(value)));

/** A duration such as `15m`, `24h`, `30s`, `500ms`, `14d`, or plain milliseconds. */
const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(value.trim());
      if (!match) {
        ctx.addIssue({ code: 'custom', message: 'must be a duration such as 30s, 15m, 24h or 14d' });
        return z.NEVER;
      }
      const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] ?? 'ms'] ?? 1;
      return Math.round(Number(match[1]) * unit);
    });

const COALESCE_MESSAGE = 'must be a whole number of milliseconds from 0 to 60000';

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  API_KEY: z.string().min(16, 'must be at least 16 characters').optional().or(z.literal('').transform(() => undefined)),
  ENCRYPTION_KEY: z.string().optional().or(z.literal('').transform(() => undefined)),
  SANDBOX: flag(true),
  CONNECT_SANDBOX: flag(false),
  SANDBOX_SIZE: z.coerce.number().int().min(0).max(1_000_000).default(500),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['pretty', 'json']).optional().or(z.literal('').transform(() => undefined)),
  ALLOW_CUSTOM_BASE_URLS: flag(false),
  PUBLIC_URL: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  FULL_SYNC_INTERVAL: duration('24h'),
  DELTA_SYNC_INTERVAL: duration('15m'),
  DELETED_RETENTION: duration('14d'),
  SYNC_TIMEOUT: duration('6h'),
  SYNC_STALE_AFTER: duration('60s'),
  FIRST_SYNC_RETRY: duration('30s'),
  WEBHOOK_URL: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  WEBHOOK_SECRET: z.string().min(8, 'must be at least 8 characters').optional().or(z.literal('').transform(() => undefined)),
  ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  VENDOR_RATE_SHARE: z.coerce.number().gt(0, 'must be above 0').max(1).default(1),
  // Empty counts as unset (not as 0, which would turn coalescing off).
  VENDOR_WEBHOOK_COALESCE_MS: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.coerce.number({ message: COALESCE_MESSAGE }).int(COALESCE_MESSAGE).min(0, COALESCE_MESSAGE).max(60_000, COALESCE_MESSAGE).default(500),
  ),
  ALLOW_PRIVATE_ATTACHMENT_URLS: z
    .string()
    .optional()
    .transform((value, ctx): boolean | readonly string[] => {
      const text = (value ?? '').trim().toLowerCase();
      if (['', '0', 'false', 'no', 'off'].includes(text)) return false;
      if (['1', 'true', 'yes', 'on'].includes(text)) return true;
      const ranges = text.split(',').map((part) => part.trim()).filter(Boolean);
      const bad = ranges.find((range) => parseCidr(range) === null);
      if (bad !== undefined) {
        ctx.addIssue({ code: 'custom', message: `must be 0, 1 or a comma-separated list of IP ranges such as 10.0.0.0/8,fd00::/8 ("${bad}" is not one)` });
        return z.NEVER;
      }
      return Object.freeze(ranges);
    }),
  MAX_ATTACHMENT_BYTES: z.coerce.number().int().min(1).max(1024 * 1024 * 1024).default(25 * 1024 * 1024),
  SETUP_PENDING_STATUS: z
    .enum(['503', '409', ''], { message: 'must be 503 or 409' })
    .optional()
    .transform((value): 503 | 409 => (value === '409' ? 409 : 503)),
});

/** Every variable the configuration reads. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(EnvSchema.shape);

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  apiKey: string | undefined;
  encryptionKey: string | undefined;
  sandbox: { enabled: boolean; size: number };
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  /** pretty: human-readable lines; json: one JSON object a line; undefined: pretty on a terminal, JSON otherwise. */
  logFormat: 'pretty' | 'json' | undefined;
  allowCustomBaseUrls: boolean;
  /** Whether the connect page's tool picker offers the Sandbox to end customers. */
  connectSandbox: boolean;
  /** Base of links we hand out (log_url, attachment downloads); defaults to the listen address. */
  publicUrl: string | undefined;
  sync: {
    fullIntervalMs: number;
    deltaIntervalMs: number;
    deletedRetentionMs: number;
    timeoutMs: number;
    staleAfterMs: number;
    concurrency: number;
    /** First wait before a failed first sync is retried; it doubles per failure, up to the delta interval. */
    firstRetryMs: number;
  };
  /** A webhook endpoint configured by the environment (in addition to those created by API). */
  webhook: { url: string; secret: string } | undefined;
  /** api: HTTP only; worker: syncs, schedules and webhook deliveries only; all: both. */
  role: 'all' | 'api' | 'worker';
  /**
   * The share of each vendor account's rate and concurrency this process spends (1: all of it).
   * Budgets live in one process; with several processes talking to the same accounts, each takes its share.
   */
  vendorRateShare: number;
  /**
   * How long vendor webhooks of one integration are collected before one refresh reads what they
   * named: longer turns bigger bursts into one refresh, shorter makes a change readable sooner.
   */
  vendorWebhookCoalesceMs: number;
  /**
   * Which non-public addresses an attachment `data_url` may point at: none (false), all (true),
   * or these IP ranges. Loopback, private and link-local targets are refused otherwise.
   */
  allowPrivateAttachmentUrls: boolean | readonly string[];
  /** Largest attachment a write accepts (decoded `data` or downloaded `data_url`), in bytes. */
  maxAttachmentBytes: number;
  /**
   * HTTP status of INTEGRATION.SETUP_SYNC_PENDING (and the other setup-state codes): 503, as Kombo
   * answered until 2026-05-19 and SDK clients with backoff retry; or 409, as Kombo answers since.
   */
  setupPendingStatus: 503 | 409;
}

export class ConfigError extends Error {}

/** Variables whose values are secrets: an error names them but never shows what was given. */
const SECRET_VARIABLES = new Set(['API_KEY', 'ENCRYPTION_KEY', 'WEBHOOK_SECRET']);

/** How a refused value is quoted in an error: secrets not at all, passwords in URLs masked. */
function quoteValue(name: string, value: string | undefined): string {
  if (SECRET_VARIABLES.has(name)) return `(${value?.length ?? 0} characters, not shown)`;
  return JSON.stringify(maskSecrets(value ?? ''));
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      // Zod's own messages never quote the value; custom ones (ALLOW_PRIVATE_ATTACHMENT_URLS) are masked too.
      return `${name}=${quoteValue(name, env[name])}: ${maskSecrets(issue.message)}`;
    });
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  if (e.WEBHOOK_URL && !e.WEBHOOK_SECRET) throw new ConfigError('Invalid configuration:\n  WEBHOOK_SECRET="": required when WEBHOOK_URL is set');
  if (e.ROLE !== 'all' && !e.DATABASE_URL) {
    throw new ConfigError(`Invalid configuration:\n  ROLE="${e.ROLE}": separate api and worker processes need PostgreSQL (DATABASE_URL); SQLite runs everything in one process`);
  }
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    apiKey: e.API_KEY,
    encryptionKey: e.ENCRYPTION_KEY,
    sandbox: Object.freeze({ enabled: e.SANDBOX, size: e.SANDBOX_SIZE }),
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    allowCustomBaseUrls: e.ALLOW_CUSTOM_BASE_URLS,
    connectSandbox: e.CONNECT_SANDBOX,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    sync: Object.freeze({
      fullIntervalMs: e.FULL_SYNC_INTERVAL,
      deltaIntervalMs: e.DELTA_SYNC_INTERVAL,
      deletedRetentionMs: e.DELETED_RETENTION,
      timeoutMs: e.SYNC_TIMEOUT,
      staleAfterMs: e.SYNC_STALE_AFTER,
      concurrency: e.WORKER_CONCURRENCY,
      firstRetryMs: e.FIRST_SYNC_RETRY,
    }),
    webhook: e.WEBHOOK_URL ? Object.freeze({ url: e.WEBHOOK_URL, secret: e.WEBHOOK_SECRET ?? '' }) : undefined,
    role: e.ROLE,
    vendorRateShare: e.VENDOR_RATE_SHARE,
    vendorWebhookCoalesceMs: e.VENDOR_WEBHOOK_COALESCE_MS,
    allowPrivateAttachmentUrls: e.ALLOW_PRIVATE_ATTACHMENT_URLS,
    maxAttachmentBytes: e.MAX_ATTACHMENT_BYTES,
    setupPendingStatus: e.SETUP_PENDING_STATUS,
  });
}

/** The configuration from the environment; `overrides` win (e.g. the worker command forcing ROLE). */
export function loadConfig(overrides: Record<string, string> = {}): Config {
  return parseConfig({ ...process.env, ...overrides });
}
