/**
 * A request's query string as request logs keep it: parameter names all, values only where they
 * cannot be personal data (paging, flags, timestamps, our own ids). Anything else, an email
 * filter or a name search, becomes "…", so a log page shows what was asked without whom.
 */
const KEPT_VALUES = new Set([
  'page_size',
  'cursor',
  'include_deleted',
  'ignore_unsupported_filters',
  'updated_after',
  'created_after',
  'remote_created_after',
  'ids',
  'job_ids',
  'application_ids',
  'candidate_ids',
  'stage_ids',
  'statuses',
  'type',
  'sdkv',
  'tool',
]);

export function maskQuery(search: string): string {
  const params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const parts: string[] = [];
  for (const [name, value] of params) {
    const shown = KEPT_VALUES.has(name) ? (value.length > 80 ? `${value.slice(0, 79)}…` : value) : '…';
    parts.push(`${encodeURIComponent(name)}=${shown === '…' ? shown : encodeURIComponent(shown)}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}
