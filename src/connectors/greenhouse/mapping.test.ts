/**
 * Harvest v3 payloads (fixtures/*.json, shaped like the v3 OpenAPI examples) paired with the source
 * records they must become. Payloads go through the vendor schemas first, as in the connector.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { NewCandidate } from '../writes.js';
import { parseWith } from './client.js';
import {
  employmentType,
  iso,
  mapApplication,
  mapAttachment,
  mapCandidate,
  mapInterview,
  mapJob,
  mapOffer,
  mapUser,
  offerStatus,
} from './mapping.js';
import {
  applicationSchema,
  attachmentSchema,
  candidateSchema,
  candidateTagSchema,
  departmentSchema,
  interviewerSchema,
  interviewSchema,
  jobHiringManagerSchema,
  jobInterviewSchema,
  jobInterviewStageSchema,
  jobOwnerSchema,
  jobSchema,
  offerSchema,
  officeSchema,
  rejectionDetailSchema,
  rejectionReasonSchema,
  userSchema,
} from './vendor-schemas.js';
import { addressLine, attachmentBody, newCandidateBody } from './writes.js';

type Fixture = Record<string, unknown> & { expected: unknown; vendor: unknown };
const fixture = (name: string): Fixture => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as Fixture;
const list = <T>(schema: { parse(v: unknown): T }, value: unknown): T[] => (value as unknown[]).map((v) => schema.parse(v));

describe('Greenhouse mapping: fixtures', () => {
  it('maps a candidate, resolving tag names to tag ids', () => {
    const f = fixture('candidate');
    const tags = list(candidateTagSchema, f['tags']);
    const candidate = parseWith(candidateSchema, f.vendor, 'candidate');
    expect(mapCandidate(candidate, new Map(tags.map((t) => [t.name.toLowerCase(), t.id])))).toEqual(f.expected);
  });

  it('maps a rejected application with its rejection detail and reason name', () => {
    const f = fixture('application-rejected');
    const reasons = list(rejectionReasonSchema, f['rejection_reasons']);
    const detail = rejectionDetailSchema.parse(f['rejection_detail']);
    const app = applicationSchema.parse(f.vendor);
    expect(mapApplication(app, { detail, reasonNames: new Map(reasons.map((r) => [r.id, r.name])) })).toEqual(f.expected);
  });

  it('maps a job with stages in hiring-plan order, department, office and hiring team', () => {
    const f = fixture('job');
    const parts = {
      stages: list(jobInterviewStageSchema, f['stages']),
      owners: list(jobOwnerSchema, f['owners']),
      hiringManagers: list(jobHiringManagerSchema, f['hiring_managers']),
      departments: new Map(list(departmentSchema, f['departments']).map((d) => [d.id, d])),
      offices: new Map(list(officeSchema, f['offices']).map((o) => [o.id, o])),
    };
    expect(mapJob(jobSchema.parse(f.vendor), parts)).toEqual(f.expected);
  });

  it('maps an interview with its job interview and only its own interviewers that are users', () => {
    const f = fixture('interview');
    const interview = interviewSchema.parse(f.vendor);
    expect(mapInterview(interview, list(interviewerSchema, f['interviewers']), jobInterviewSchema.parse(f['job_interview']))).toEqual(f.expected);
  });

  it('maps an offer, a user and an attachment', () => {
    const f = fixture('offer-user-attachment') as Record<string, { vendor: unknown; expected: unknown }>;
    expect(mapOffer(offerSchema.parse(f['offer']?.vendor))).toEqual(f['offer']?.expected);
    expect(mapUser(userSchema.parse(f['user']?.vendor))).toEqual(f['user']?.expected);
    const attachment = attachmentSchema.parse(f['attachment']?.vendor);
    expect(mapAttachment(attachment, 48102377)).toEqual(f['attachment']?.expected);
  });
});

describe('Greenhouse mapping: rules', () => {
  it.each([
    ['2024-05-06T07:08:09.123Z', '2024-05-06T07:08:09.123Z'],
    ['2024-05-06T07:08:09Z', '2024-05-06T07:08:09.000Z'],
    ['2024-05-06T09:08:09.123+02:00', '2024-05-06T07:08:09.123Z'],
    // Canonical in form, but a day February lacks: normalised as Date.parse does, not passed through.
    ['2024-02-30T00:00:00.000Z', '2024-03-01T00:00:00.000Z'],
    ['not a date', null],
    ['', null],
  ])('timestamps: %s is stored as %s', (input, stored) => {
    expect(iso(input)).toBe(stored);
  });

  const app = applicationSchema.parse(fixture('application-rejected').vendor);
  const none = { detail: undefined, reasonNames: new Map<number, string>() };

  it.each([
    ['in_process', 'PENDING'],
    ['hired', 'HIRED'],
    ['rejected', 'DECLINED'],
    ['converted', null],
  ])('application status %s is outcome %s', (status, outcome) => {
    const mapped = mapApplication({ ...app, status }, none);
    expect(mapped.outcome).toBe(outcome);
    if (status !== 'rejected') expect(mapped).toMatchObject({ rejection_reason_name: null, rejected_at: null });
  });

  it('keeps a prospect application without job or stage', () => {
    expect(mapApplication({ ...app, status: 'in_process', job_id: null, stage_id: null, prospect: true }, none)).toMatchObject({ job_remote_id: null, current_stage_remote_id: null, outcome: 'PENDING' });
  });

  it.each([
    [{ status: 'Created', sent_on: null }, 'DRAFT'],
    [{ status: 'Created', sent_on: '2026-03-10' }, 'SENT'],
    [{ status: 'Accepted', sent_on: '2026-03-10' }, 'ACCEPTED'],
    [{ status: 'Rejected', sent_on: '2026-03-10' }, 'DECLINED'],
    [{ status: 'Deprecated', sent_on: null }, 'ABANDONED'],
  ])('offer %o is %s', (fields, status) => {
    const offer = offerSchema.parse((fixture('offer-user-attachment')['offer'] as { vendor: unknown }).vendor);
    expect(offerStatus({ ...offer, ...fields })).toBe(status);
  });

  it.each([
    ['Full-time', 'FULL_TIME'],
    ['Part Time', 'PART_TIME'],
    ['Contract', 'CONTRACT'],
    ['Intern', 'INTERNSHIP'],
    ['Seasonal', 'SEASONAL'],
    ['Apprenticeship', 'Apprenticeship'],
  ])('employment type %s is %s', (value, expected) => {
    const job = jobSchema.parse(fixture('job').vendor);
    expect(employmentType({ ...job, custom_fields: { employment_type: { name: 'Employment Type', type: 'single_select', value } } })).toBe(expected);
    expect(employmentType({ ...job, custom_fields: null })).toBeNull();
  });

  it('uses all-day dates when an interview has no times', () => {
    const interview = interviewSchema.parse(fixture('interview').vendor);
    const mapped = mapInterview({ ...interview, starts_at: null, ends_at: null, all_day_start_on: '2026-03-04', all_day_end_on: '2026-03-05' }, [], undefined);
    expect(mapped).toMatchObject({ starting_at: '2026-03-04T00:00:00.000Z', ending_at: '2026-03-05T00:00:00.000Z', title: null, stage_remote_id: null });
  });

  it('is strict on mapped fields and tolerant of extra ones', () => {
    const vendor = fixture('candidate').vendor as Record<string, unknown>;
    expect(candidateSchema.safeParse({ ...vendor, brand_new_field: { x: 1 } }).success).toBe(true);
    const { tags: _tags, ...withoutTags } = vendor;
    expect(() => parseWith(candidateSchema, withoutTags, 'GET /v3/candidates')).toThrow(/unexpected shape \(tags:/);
    expect(candidateSchema.safeParse({ ...vendor, id: '48102377' }).success).toBe(false);
  });
});

describe('Greenhouse mapping: write bodies', () => {
  const candidate: NewCandidate = {
    first_name: 'Ada',
    last_name: 'Kim',
    email_address: 'ada@example.org',
    additional_email_addresses: [{ type: 'WORK', email_address: 'ada@work.example' }],
    company: null,
    title: 'Engineer',
    phone_number: '+1 555 0100',
    additional_phone_numbers: [{ type: 'WORK', phone_number: '+1 555 0101' }],
    location: { city: 'Berlin', country: 'DE', state: null, street_1: 'Hauptstr. 1', zip_code: '10115' },
    gender: 'FEMALE',
    availability_date: null,
    salary_expectations: null,
    social_links: [{ url: 'https://github.com/ada' }],
  };

  it('builds POST /v3/candidates from a unified candidate, leaving out what is empty', () => {
    expect(newCandidateBody(candidate)).toEqual({
      first_name: 'Ada',
      last_name: 'Kim',
      title: 'Engineer',
      email_addresses: [{ value: 'ada@example.org', type: 'personal' }, { value: 'ada@work.example', type: 'work' }],
      phone_numbers: [{ value: '+1 555 0100', type: 'mobile' }, { value: '+1 555 0101', type: 'work' }],
      addresses: [{ value: 'Hauptstr. 1, Berlin, 10115, DE', type: 'home' }],
      social_media_addresses: [{ value: 'https://github.com/ada' }],
    });
    expect(addressLine({ city: null, country: 'GB', state: null, street_1: null, zip_code: null })).toBe('GB');
  });

  it('builds POST /v3/attachments with base64 content and Greenhouse attachment types', () => {
    const file = { name: 'cv.pdf', content_type: 'application/pdf; charset=binary', type: 'CV' as const, data: new TextEncoder().encode('hello') };
    // Exactly the documented body (harvestdocs "Create attachment"): no `content_type`, which v3 does not take.
    expect(attachmentBody(91, file)).toEqual({ application_id: 91, filename: 'cv.pdf', type: 'resume', content: 'aGVsbG8=' });
    expect(attachmentBody(91, { ...file, type: 'COVER_LETTER' })['type']).toBe('cover_letter');
    expect(attachmentBody(91, { ...file, type: 'OTHER' })['type']).toBe('other');
  });
});
