/**
 * Configuration: every environment variable is read here, once, into a frozen `Config`.
 * Nothing else in the code base reads `process.env`.
 */
import path from 'node:path';
import { z } from 'zod';

const flag = (defaultValue: boolean) =>
  z
    .enum(['0', '1', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
    .optional()
    .transform((value) => (value === undefined || value === '' ? defaultValue : ['1', 'true', 'yes', 'on'].includes(value)));

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
  SANDBOX_SIZE: z.coerce.number().int().min(0).max(1_000_000).default(500),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ALLOW_CUSTOM_BASE_URLS: flag(false),
  PUBLIC_URL: z.string().url().optional().or(z.literal('').transform(() => undefined)),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  apiKey: string | undefined;
  encryptionKey: string | undefined;
  sandbox: { enabled: boolean; size: number };
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  allowCustomBaseUrls: boolean;
  /** Base of links we hand out (log_url, attachment downloads); defaults to the listen address. */
  publicUrl: string | undefined;
}

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      return `${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    apiKey: e.API_KEY,
    encryptionKey: e.ENCRYPTION_KEY,
    sandbox: Object.freeze({ enabled: e.SANDBOX, size: e.SANDBOX_SIZE }),
    logLevel: e.LOG_LEVEL,
    allowCustomBaseUrls: e.ALLOW_CUSTOM_BASE_URLS,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
  });
}

export function loadConfig(): Config {
  return parseConfig(process.env);
}
