/**
 * Personal data is removed from records deleted in the source system once the retention period
 * has passed (Kombo: 14 days). The record stays, with its ids and timestamps, so consumers still
 * see that it was deleted; names, contact details and free text are gone.
 */
const PERSONAL: Record<string, null | []> = {
  first_name: null,
  last_name: null,
  email: null,
  email_addresses: [],
  phone_numbers: [],
  social_media: [],
  location: null,
  company: null,
  title: null,
  screening_question_answers: null,
  remote_url: null,
  // Raw vendor data may hold any personal field under the vendor's own names.
  remote_data: null,
  integration_fields: [],
  custom_fields: null,
};

/** Replaces personal fields at any depth; shapes stay valid (lists become empty lists). */
export function anonymise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(anonymise);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    out[key] = key in PERSONAL ? (Array.isArray(inner) ? [] : PERSONAL[key] === null ? null : []) : anonymise(inner);
  }
  return out;
}
