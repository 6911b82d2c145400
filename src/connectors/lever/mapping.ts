/**
 * Lever records → source records (pure functions).
 *
 * Lever's model, mapped honestly:
 * - a **contact** (the person) is the unified candidate; its opportunities carry the person's
 *   name, e-mails, phones, links and location, so a candidate is merged from all of them (tags:
 *   the union, since Lever keeps tags per opportunity);
 * - an **opportunity** (one candidacy, with at most one application to a posting) is the unified
 *   application; its job is the application's posting, null for general leads;
 * - **postings** are jobs; Lever's pipeline stages are global, so every job has every stage;
 * - **archive reasons**: an archived opportunity is hired when its reason has type `hired`,
 *   otherwise rejected (DECLINED) with the reason's text; non-hired active reasons are the
 *   rejection reasons;
 * - tags are strings (the text is the remote id); access roles are the roles.
 */
import type { OfferStatus, PhoneNumber, SocialMedia } from '../../model/common.js';
import type { SourceApplication, SourceAttachment, SourceCandidate, SourceInterview, SourceOffer } from '../source-records.js';
import { clean, iso, splitName } from './mapping-account.js';
import {
  refId,
  type LeverArchiveReason,
  type LeverFile,
  type LeverInterview,
  type LeverOffer,
  type LeverOpportunity,
  type LeverResume,
} from './vendor-schemas.js';

export * from './mapping-account.js';

// --- candidates ------------------------------------------------------------------------------

const PHONE_TYPES: Record<string, string> = { mobile: 'MOBILE', home: 'PERSONAL', work: 'WORK', other: 'OTHER', skype: 'OTHER' };

function socialType(url: string): string | null {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `https://${url}`;
  const host = URL.canParse(withScheme) ? new URL(withScheme).hostname.toLowerCase().replace(/^www\./, '') : '';
  const known: Record<string, string> = { 'linkedin.com': 'LINKEDIN', 'github.com': 'GITHUB', 'x.com': 'X', 'twitter.com': 'X', 'xing.com': 'XING', 'facebook.com': 'FACEBOOK' };
  for (const [domain, type] of Object.entries(known)) if (host === domain || host.endsWith(`.${domain}`)) return type;
  return null;
}

export const contactIdOf = (o: LeverOpportunity): string => refId(o.contact) ?? o.id;

const locationText = (o: LeverOpportunity): string | null => (typeof o.location === 'string' ? clean(o.location) : clean(o.location?.name));

/** The opportunity's application, when listed with `expand=applications`. */
export function applicationOf(o: LeverOpportunity) {
  for (const app of o.applications ?? []) if (typeof app !== 'string') return app;
  return null;
}

/** Newest first: by `updatedAt` (null last), then `createdAt`. */
function newestFirst(a: LeverOpportunity, b: LeverOpportunity): number {
  return (b.updatedAt ?? -1) - (a.updatedAt ?? -1) || b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

const union = <T>(lists: ReadonlyArray<readonly T[]>, key: (t: T) => string): T[] => {
  const seen = new Map<string, T>();
  for (const list of lists) for (const item of list) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
};

/**
 * One person from all their opportunities (those of one contact). Person-level fields come from
 * the most recently updated opportunity; tags are the union; the source is the first source of
 * the earliest candidacy; the person is confidential only when every candidacy is.
 */
export function mapCandidate(opportunities: readonly LeverOpportunity[]): SourceCandidate {
  const sorted = [...opportunities].sort(newestFirst);
  const latest = sorted[0];
  if (!latest) throw new Error('mapCandidate needs at least one opportunity');
  const earliest = [...opportunities].sort((a, b) => a.createdAt - b.createdAt)[0] ?? latest;
  const { first_name, last_name } = splitName(latest.name);
  const raw = locationText(latest);
  const company = sorted.map((o) => clean(applicationOf(o)?.company)).find((c) => c !== null) ?? null;
  const phones: PhoneNumber[] = union([latest.phones ?? []], (p) => p.value).map((p) => ({ phone_number: p.value, type: PHONE_TYPES[p.type ?? ''] ?? null }));
  const links: SocialMedia[] = union([latest.links ?? []], (l) => l).map((link) => ({ link, type: socialType(link), username: null }));
  const updated = sorted.map((o) => o.updatedAt).find((t) => t !== null && t !== undefined);
  return {
    remote_id: contactIdOf(latest),
    first_name,
    last_name,
    company,
    title: null,
    confidential: opportunities.every((o) => o.confidentiality === 'confidential'),
    source: clean(earliest.sources?.[0]),
    phone_numbers: phones,
    email_addresses: union([latest.emails ?? []], (e) => e.toLowerCase()).map((email_address) => ({ email_address, type: null })),
    social_media: links,
    location: raw ? { raw } : null,
    remote_url: clean(latest.urls?.show),
    tags: union(
      sorted.map((o) => o.tags ?? []),
      (t) => t,
    ).map((t) => ({ remote_id: t, name: t })),
    remote_created_at: iso(earliest.createdAt),
    remote_updated_at: iso(updated),
  };
}

/** Groups opportunities by contact, keeping the order contacts first appear in. */
export function byContact(opportunities: readonly LeverOpportunity[]): Map<string, LeverOpportunity[]> {
  const groups = new Map<string, LeverOpportunity[]>();
  for (const o of opportunities) {
    const id = contactIdOf(o);
    const group = groups.get(id) ?? [];
    if (!group.some((g) => g.id === o.id)) group.push(o);
    groups.set(id, group);
  }
  return groups;
}

// --- applications ----------------------------------------------------------------------------

export type ReasonsById = ReadonlyMap<string, LeverArchiveReason>;

/** An opportunity as an application: archived with a hired reason is HIRED, with any other DECLINED. */
export function mapApplication(o: LeverOpportunity, reasons: ReasonsById): SourceApplication {
  const reasonId = refId(o.archived?.reason);
  const reason = reasonId === null ? undefined : reasons.get(reasonId);
  const archived = o.archived !== null && o.archived !== undefined && reasonId !== null;
  const hired = archived && reason?.type === 'hired';
  const declined = archived && !hired;
  return {
    remote_id: o.id,
    candidate_remote_id: contactIdOf(o),
    job_remote_id: refId(applicationOf(o)?.posting),
    current_stage_remote_id: refId(o.stage),
    outcome: !archived ? 'PENDING' : hired ? 'HIRED' : 'DECLINED',
    rejection_reason_name: declined ? (reason?.text ?? null) : null,
    rejected_at: declined ? iso(o.archived?.archivedAt) : null,
    screening_question_answers: null,
    remote_url: clean(o.urls?.show),
    remote_created_at: iso(o.createdAt),
    remote_updated_at: iso(o.updatedAt),
  };
}

// --- interviews, offers, attachments ---------------------------------------------------------

const isUrl = (s: string | null) => s !== null && /^https?:\/\//i.test(s);

export function mapInterview(i: LeverInterview, opportunityId: string): SourceInterview {
  const where = clean(i.location);
  const start = i.date ?? null;
  return {
    remote_id: i.id,
    application_remote_id: i.opportunityId ?? opportunityId,
    stage_remote_id: refId(i.stage),
    title: clean(i.subject),
    starting_at: iso(start),
    ending_at: start !== null && typeof i.duration === 'number' ? iso(start + i.duration * 60_000) : null,
    location: where && !isUrl(where) ? { raw: where } : null,
    video_conferencing_url: isUrl(where) ? where : null,
    canceled: i.canceledAt !== null && i.canceledAt !== undefined,
    interviewer_remote_ids: (i.interviewers ?? []).map((u) => u.id),
    remote_created_at: iso(i.createdAt),
    remote_updated_at: null,
  };
}

const OFFER_STATUS: Record<string, OfferStatus> = {
  draft: 'DRAFT',
  'approval-sent': 'DRAFT',
  approved: 'APPROVED',
  sent: 'SENT',
  'sent-manually': 'SENT',
  opened: 'SENT',
  denied: 'DECLINED',
  signed: 'ACCEPTED',
};

function startDate(offer: LeverOffer): string | null {
  const field = (offer.fields ?? []).find((f) => f.identifier === 'anticipated_start_date' || /start date/i.test(f.text ?? ''));
  const value = field?.value;
  if (typeof value === 'number') return iso(value);
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
  return null;
}

export function mapOffer(offer: LeverOffer, opportunityId: string): SourceOffer {
  return {
    remote_id: offer.id,
    application_remote_id: opportunityId,
    status: OFFER_STATUS[offer.status ?? ''] ?? null,
    employment_start_date: startDate(offer),
    remote_created_at: iso(offer.createdAt),
    remote_updated_at: null,
  };
}

const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
  rtf: 'application/rtf',
  txt: 'text/plain',
  html: 'text/html',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  zip: 'application/zip',
};

export function contentTypeOf(name: string | null | undefined, ext?: string | null): string {
  const extension = (ext ?? name?.split('.').pop() ?? '').replace(/^\./, '').toLowerCase();
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}

export function mapResume(r: LeverResume, contactId: string, opportunityId: string): SourceAttachment {
  const name = clean(r.file?.name) ?? `resume-${r.id}`;
  return {
    remote_id: r.id,
    candidate_remote_id: contactId,
    application_remote_id: opportunityId,
    type: 'CV',
    file_name: name,
    content_type: contentTypeOf(name, r.file?.ext),
    remote_created_at: iso(r.file?.uploadedAt ?? r.createdAt),
    remote_updated_at: null,
  };
}

export function mapFile(f: LeverFile, contactId: string, opportunityId: string): SourceAttachment {
  const name = clean(f.name) ?? `file-${f.id}`;
  return {
    remote_id: f.id,
    candidate_remote_id: contactId,
    application_remote_id: opportunityId,
    type: 'OTHER',
    file_name: name,
    content_type: contentTypeOf(name, f.ext),
    remote_created_at: iso(f.uploadedAt),
    remote_updated_at: null,
  };
}
