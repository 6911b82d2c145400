/**
 * The Sandbox's credentials: `size` and `seed` choose the generated ATS; the optional fault
 * settings make it misbehave like a real vendor (see `transport.ts` and `churn.ts`). A present but
 * malformed value is a `VendorAuthError` naming the key, so connecting with it fails like wrong
 * credentials would, with a message that says what to fix.
 */
import { VendorAuthError } from '../../lib/errors.js';
import { SOURCE_MODELS, type SourceModel } from '../source-records.js';
import { DEFAULT_SEED, DEFAULT_SIZE, MAX_SIZE, type SandboxConfig } from './generator.js';

export interface SandboxFaults {
  /** Probability (0..1) that an exchange is answered 429 with `Retry-After`. */
  rate429: number;
  /** What those 429s send as `Retry-After`, in seconds (fractions allowed). */
  retryAfterSeconds: number;
  /** Probability that an exchange is answered 500. */
  rate500: number;
  /** Probability that the connection drops without an answer. */
  dropRate: number;
  /** Delay before every answer, in milliseconds. */
  slowMs: number;
  /** Listings the faults above apply to; null: every listing and the deleted-records report. */
  models: readonly SourceModel[] | null;
  /** Share (0..1) of generated candidates absent in each epoch, with everything hanging off them. */
  churn: number;
}

export const NO_FAULTS: SandboxFaults = { rate429: 0, retryAfterSeconds: 1, rate500: 0, dropRate: 0, slowMs: 0, models: null, churn: 0 };

const MAX_RETRY_AFTER_SECONDS = 3600;
const MAX_SLOW_MS = 60_000;

const raw = (credentials: Record<string, string>, key: string): string => credentials[key]?.trim() ?? '';

function integerCredential(credentials: Record<string, string>, key: string, fallback: number, max: number): number {
  const text = raw(credentials, key);
  if (text === '') return fallback;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value > max) {
    throw new VendorAuthError(`The sandbox "${key}" must be a whole number from 0 to ${max.toLocaleString('en-US')}; got "${text}".`);
  }
  return value;
}

/** A plain decimal (`0.3`, `.5`, `2`): no signs, exponents or `Infinity`, so what was typed is what is used. */
function decimalCredential(credentials: Record<string, string>, key: string, fallback: number, max: number, what: string): number {
  const text = raw(credentials, key);
  if (text === '') return fallback;
  const value = /^(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
  if (!(value <= max)) throw new VendorAuthError(`The sandbox "${key}" must be ${what}; got "${text}".`);
  return value;
}

const probability = (credentials: Record<string, string>, key: string): number =>
  decimalCredential(credentials, key, 0, 1, 'a probability from 0 to 1, like 0.3');

function modelsCredential(credentials: Record<string, string>): readonly SourceModel[] | null {
  const text = raw(credentials, 'fault_models');
  if (text === '') return null;
  const names = text.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(SOURCE_MODELS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new VendorAuthError(`The sandbox "fault_models" must list models separated by commas (${SOURCE_MODELS.join(', ')}); unknown: "${unknown.join('", "')}".`);
  }
  return SOURCE_MODELS.filter((model) => names.includes(model));
}

/** Reads `size` and `seed`; throws `VendorAuthError` when either is present but not a non-negative integer in range. */
export function parseSandboxCredentials(credentials: Record<string, string>): SandboxConfig {
  return {
    size: integerCredential(credentials, 'size', DEFAULT_SIZE, MAX_SIZE),
    seed: integerCredential(credentials, 'seed', DEFAULT_SEED, Number.MAX_SAFE_INTEGER),
  };
}

/** Reads the fault settings; absent ones are `NO_FAULTS`' (no fault at all). */
export function parseSandboxFaults(credentials: Record<string, string>): SandboxFaults {
  const faults: SandboxFaults = {
    rate429: probability(credentials, 'fail_rate_429'),
    retryAfterSeconds: decimalCredential(credentials, 'retry_after_seconds', NO_FAULTS.retryAfterSeconds, MAX_RETRY_AFTER_SECONDS, `a number of seconds from 0 to ${MAX_RETRY_AFTER_SECONDS}, like 1 or 0.25`),
    rate500: probability(credentials, 'fail_rate_500'),
    dropRate: probability(credentials, 'drop_rate'),
    slowMs: integerCredential(credentials, 'slow_ms', 0, MAX_SLOW_MS),
    models: modelsCredential(credentials),
    churn: probability(credentials, 'churn'),
  };
  // One roll per exchange decides its fate, so the three shares must fit in one (0.1 + 0.2 + 0.7 is 1.0000000000000002).
  const total = faults.rate429 + faults.rate500 + faults.dropRate;
  if (total > 1 + 1e-9) {
    throw new VendorAuthError(`The sandbox "fail_rate_429", "fail_rate_500" and "drop_rate" must add up to at most 1; they add up to ${Number(total.toFixed(6))}.`);
  }
  return faults;
}

/** Whether listings go through the fault-injecting transport; without transport faults they are generated directly, as always. */
export const injectsTransportFaults = (faults: SandboxFaults): boolean =>
  faults.rate429 > 0 || faults.rate500 > 0 || faults.dropRate > 0 || faults.slowMs > 0;
