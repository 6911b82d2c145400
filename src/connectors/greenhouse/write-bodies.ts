/**
 * Unified write inputs → Harvest v3 request bodies (pure functions).
 *
 * @example
 * newCandidateBody(input.candidate); // → POST /v3/candidates body
 */
import type { AttachmentType } from '../../model/common.js';
import type { FileToUpload, NewCandidate } from '../writes.js';

const EMAIL_TYPES = { PERSONAL: 'personal', WORK: 'work', OTHER: 'other' } as const;
const PHONE_TYPES = { PERSONAL: 'mobile', WORK: 'work', OTHER: 'other' } as const;

/** One address line from a unified location. */
export function addressLine(location: NonNullable<NewCandidate['location']>): string {
  const cityLine = [location.city, [location.state, location.zip_code].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return [location.street_1, cityLine, location.country].filter((p) => p && p.trim()).join(', ');
}

/** `POST /v3/candidates` body (no application: that is a separate `POST /v3/applications`). */
export function newCandidateBody(candidate: NewCandidate): Record<string, unknown> {
  const body: Record<string, unknown> = {
    first_name: candidate.first_name,
    last_name: candidate.last_name,
    email_addresses: [
      { value: candidate.email_address, type: 'personal' },
      ...candidate.additional_email_addresses.map((e) => ({ value: e.email_address, type: EMAIL_TYPES[e.type] })),
    ],
  };
  if (candidate.company) body['company'] = candidate.company;
  if (candidate.title) body['title'] = candidate.title;
  const phones = [
    ...(candidate.phone_number ? [{ value: candidate.phone_number, type: 'mobile' }] : []),
    ...candidate.additional_phone_numbers.map((p) => ({ value: p.phone_number, type: PHONE_TYPES[p.type] })),
  ];
  if (phones.length) body['phone_numbers'] = phones;
  if (candidate.location) body['addresses'] = [{ value: addressLine(candidate.location), type: 'home' }];
  if (candidate.social_links.length) body['social_media_addresses'] = candidate.social_links.map((l) => ({ value: l.url }));
  return body;
}

const UPLOAD_TYPES: Record<AttachmentType, string> = { CV: 'resume', COVER_LETTER: 'cover_letter', OTHER: 'other' };

/**
 * `POST /v3/attachments` body: the file inline as base64 `content`. The documented body is
 * `application_id`, `filename`, `type`, `content` | `url` and `visibility` (reference page "Create
 * attachment", post_v3-attachments); there is no `content_type` (v1 had one), Greenhouse goes by the
 * filename's extension, so the file name is what carries the type.
 */
export function attachmentBody(applicationId: number, file: FileToUpload): Record<string, unknown> {
  return {
    application_id: applicationId,
    filename: file.name,
    type: UPLOAD_TYPES[file.type],
    content: Buffer.from(file.data).toString('base64'),
  };
}
