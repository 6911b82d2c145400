/** Constants and small helpers shared by the sandbox generator modules. */

/** Every sandbox timestamp is this instant minus a deterministic offset (never `Date.now()`). */
export const EPOCH_MS = Date.UTC(2026, 0, 1, 0, 0, 0, 0);
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export const REMOTE_BASE_URL = 'https://sandbox.unified-ats.local';
export const CAREERS_BASE_URL = 'https://careers.sandbox.unified-ats.local';
export const MEET_BASE_URL = 'https://meet.sandbox.unified-ats.local';
/** Email domain of the fictional company using the sandbox ATS. */
export const COMPANY_EMAIL_DOMAIN = 'sandbox-corp.example';

const datePrefixes = new Map<number, string>();
const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/**
 * `new Date(ms).toISOString()`, several times faster: the date part is cached per
 * day (sandbox timestamps span a few years, so the cache stays small).
 */
export function iso(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let prefix = datePrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    if (datePrefixes.size < 20_000) datePrefixes.set(day, prefix);
  }
  const rest = ms - day * DAY_MS;
  const hours = Math.floor(rest / HOUR_MS);
  const minutes = Math.floor((rest % HOUR_MS) / MINUTE_MS);
  const seconds = Math.floor((rest % MINUTE_MS) / 1000);
  return `${prefix}${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}.${pad(rest % 1000, 3)}Z`;
}

/** Truncates to the whole minute. */
export const toMinute = (ms: number): number => Math.floor(ms / MINUTE_MS) * MINUTE_MS;

const SPECIAL_LETTERS: Record<string, string> = { ß: 'ss', ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', æ: 'ae', Æ: 'AE', đ: 'd', Đ: 'D' };

/** Printable ASCII only: strips accents, maps a few special letters, replaces the rest with '?'. */
export function toAscii(text: string): string {
  return text
    .replace(/[ßøØłŁæÆđĐ]/g, (ch) => SPECIAL_LETTERS[ch] ?? '?')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '?');
}

/** Lowercase letters and digits only, for email local parts and domains. */
export const slug = (text: string): string => toAscii(text).toLowerCase().replace(/[^a-z0-9]/g, '');

/** Deterministic random-looking digits, e.g. for phone numbers. */
export const digits = (count: number, next: () => number): string =>
  Array.from({ length: count }, () => String(Math.floor(next() * 10))).join('');

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
