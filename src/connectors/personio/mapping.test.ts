/**
 * Personio → source records, from fixtures shaped like the v2 answers in
 * shared/reference/vendors/personio.md (values invented), parsed from `unknown` as in production.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWith, recruitingReasons } from './client.js';
import { instant, isDeclined, jobTakesApplications, mapApplication, mapCandidate, mapJob, mapStages, mapUser, stageRemoteId } from './mapping.js';
import { applicationSchema, candidateSchema, categorySchema, jobSchema, listEnvelope, personSchema } from './vendor-schemas.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as unknown;
const data = (name: string): unknown => (fixture(name) as { _data: unknown })._data;
const page = parseWith(listEnvelope, fixture('applications-page.json'), 'applications');
const [interviewing, rejected, hired] = page._data.map((a) => parseWith(applicationSchema, a, 'application'));
const job = parseWith(jobSchema, data('job.json'), 'job');
const category = parseWith(categorySchema, data('category.json'), 'category');

describe('timestamps', () => {
  it('turns a wall-clock time in a zone into UTC, across daylight saving time', () => {
    expect(instant({ 'date-time': '2026-03-28T12:00:00', timezone: 'Europe/Berlin' })).toBe('2026-03-28T11:00:00.000Z');
    expect(instant({ 'date-time': '2026-04-03T09:14:22', timezone: 'Europe/Berlin' })).toBe('2026-04-03T07:14:22.000Z');
    // The hour that does not exist in spring lands an hour later, as wall clocks do.
    expect(instant({ 'date-time': '2026-03-29T02:30:00', timezone: 'Europe/Berlin' })).toBe('2026-03-29T01:30:00.000Z');
  });

  it('reads ISO strings, the `date` key of common-components-v2 and times with an offset as they are', () => {
    expect(instant('2026-02-01T10:30:00.123Z')).toBe('2026-02-01T10:30:00.123Z');
    expect(instant({ date: '2022-01-01T14:07:17.000Z', timezone: 'Europe/Berlin' })).toBe('2022-01-01T14:07:17.000Z');
    expect(instant({ 'date-time': '2026-05-01T10:00:00', timezone: null })).toBe('2026-05-01T10:00:00.000Z');
    expect(instant(null)).toBeNull();
    expect(instant({ 'date-time': 'not a date', timezone: 'Europe/Berlin' })).toBeNull();
  });
});

describe('applications', () => {
  it('maps a custom phase to its stage id, PENDING, with the channel kept raw', () => {
    expect(mapApplication(interviewing ?? (undefined as never))).toMatchObject({
      remote_id: '1a2b3c4d-1111-4e5f-9a8b-77665544aa01',
      candidate_remote_id: '4b7c2d1e-0f3a-4c5b-8d9e-102938475612',
      job_remote_id: '1834552',
      current_stage_remote_id: '88123',
      outcome: 'PENDING',
      rejection_reason_name: null,
      rejected_at: null,
      remote_created_at: '2026-04-03T07:14:22.000Z',
      remote_updated_at: '2026-04-11T14:02:05.000Z',
      remote_data: { channel: { id: '456', name: 'LinkedIn' } },
    });
  });

  it('maps system phases: rejected is DECLINED with its time, accepted HIRED, each named system:<kind>', () => {
    expect(isDeclined(rejected ?? (undefined as never))).toBe(true);
    expect(mapApplication(rejected ?? (undefined as never), '2026-04-10T06:45:00.000Z')).toMatchObject({ current_stage_remote_id: 'system:rejected', outcome: 'DECLINED', rejected_at: '2026-04-10T06:45:00.000Z' });
    expect(mapApplication(hired ?? (undefined as never), '2026-01-01T00:00:00.000Z')).toMatchObject({ current_stage_remote_id: 'system:accepted', outcome: 'HIRED', rejected_at: null, remote_updated_at: '2026-02-01T10:30:00.123Z' });
    const withdrawn = { ...(rejected ?? (undefined as never)), current_stage: { id: null, kind: 'withdrawn', name: null, type: 'system' } };
    expect(mapApplication(withdrawn).outcome).toBe('DECLINED');
    expect(mapApplication({ ...withdrawn, current_stage: { id: null, kind: 'offer', name: null, type: 'system' } }).outcome).toBe('PENDING');
    expect(mapApplication({ ...withdrawn, current_stage: null }).current_stage_remote_id).toBeNull();
    expect(stageRemoteId({ id: null, kind: 'Unassigned', name: null, type: 'system' })).toBe('system:unassigned');
  });

  it('keeps an anonymised application with its candidate reference', () => {
    expect(mapApplication(hired ?? (undefined as never))).toMatchObject({ candidate_remote_id: 'c0ffee00-1234-4a4b-8c8d-aabbccddee01', remote_data: { is_anonymized: true } });
  });
});

describe('jobs and stages', () => {
  it('frames the category’s custom phases, in position order, with the system phases', () => {
    expect(mapStages(category).map((s) => [s.remote_id, s.name, s.index])).toEqual([
      ['system:unassigned', 'Unassigned', 0],
      ['88123', 'CV screening', 1],
      ['88124', 'Coding challenge', 2],
      ['88125', 'Interview round 1', 3],
      ['system:offer', 'Offer', 4],
      ['system:accepted', 'Accepted', 5],
      ['system:rejected', 'Rejected', 6],
      ['system:withdrawn', 'Withdrawn', 7],
    ]);
    expect(mapStages(category)[1]).toMatchObject({ status: 'ACTIVE', custom_fields: { type: 'custom', kind: 'custom' } });
    expect(mapStages(undefined).map((s) => s.remote_id)).toEqual(['system:unassigned', 'system:offer', 'system:accepted', 'system:rejected', 'system:withdrawn']);
  });

  it('maps a job with its status, office, category and hiring team (roles merged per person)', () => {
    expect(mapJob(job, category)).toMatchObject({
      remote_id: '1834552',
      name: 'Frontend Engineer (m/f/d)',
      status: 'OPEN',
      visibility: 'PUBLIC',
      employment_type: null,
      category: 'Tech',
      department: 'Engineering',
      location: { raw: 'Berlin', city: 'Berlin' },
      contact_user_remote_id: '990011',
      remote_created_at: '2026-02-20T09:00:00.000Z',
      remote_updated_at: '2026-03-30T16:20:00.000Z',
      hiring_team: [
        { user_remote_id: '990011', hiring_team_roles: ['RECRUITER', 'HIRING_MANAGER'], job_roles: [] },
        { user_remote_id: '990042', hiring_team_roles: ['HIRING_MANAGER'], job_roles: [] },
      ],
    });
    expect(mapJob(job, category).stages).toHaveLength(8);
  });

  it('maps the other statuses; only published jobs (or an unknown status) take applications', () => {
    expect(mapJob({ ...job, status: 'unpublished' }, category)).toMatchObject({ status: 'CLOSED', visibility: null });
    expect(mapJob({ ...job, status: 'archived' }, category).status).toBe('ARCHIVED');
    expect(mapJob({ ...job, status: 'draft', employment_type: 'intern' }, category)).toMatchObject({ status: 'DRAFT', employment_type: 'INTERNSHIP' });
    expect(jobTakesApplications(job)).toBe(true);
    expect(jobTakesApplications({ ...job, status: 'archived' })).toBe(false);
    expect(jobTakesApplications({ ...job, status: null })).toBe(true);
  });
});

describe('candidates and users', () => {
  it('maps the system fields a candidate carries, without tags (Personio returns none)', () => {
    expect(mapCandidate(parseWith(candidateSchema, data('candidate.json'), 'candidate'))).toMatchObject({
      remote_id: '4b7c2d1e-0f3a-4c5b-8d9e-102938475612',
      first_name: 'Jonas',
      last_name: 'Becker',
      email_addresses: [{ email_address: 'jonas.becker@example.de', type: null }],
      phone_numbers: [{ phone_number: '+49 151 2345678', type: null }],
      social_media: [{ link: 'https://www.linkedin.com/in/jonas-becker-example', type: 'LINKEDIN', username: null }],
      location: { raw: 'Berlin', city: 'Berlin' },
      tags: [],
      source: null,
      remote_updated_at: '2026-01-11T15:02:05.000Z',
    });
  });

  it('maps a person on a hiring team, and one the credentials may not read by id alone', () => {
    expect(mapUser('990011', parseWith(personSchema, fixture('person.json'), 'person'))).toEqual({ remote_id: '990011', first_name: 'Hannah', last_name: 'Richter', email: 'hannah.richter@acme-gmbh.example', status: 'ACTIVE', system_roles: [] });
    expect(mapUser('990042', undefined)).toEqual({ remote_id: '990042', first_name: null, last_name: null, email: null, status: null, system_roles: [] });
  });
});

describe('v1 Recruiting API errors', () => {
  it('reads the reasons of both error forms', () => {
    expect(recruitingReasons({ errors: [{ field: 'email', errors: [{ reason: 'errors.applicant-already-exists', context: {} }] }] })).toEqual(['email: errors.applicant-already-exists']);
    expect(recruitingReasons({ errors: [{ id: 'x', status: '403', title: 'Forbidden', detail: 'feature.recruiting.disabled' }] })).toEqual(['feature.recruiting.disabled']);
    expect(recruitingReasons('oops')).toEqual([]);
  });
});
