/**
 * Recruitee → source records, from fixtures shaped like the answers in
 * shared/reference/vendors/recruitee.md (values invented), parsed from `unknown` as in production.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWith } from './client.js';
import { cvCandidateOf, isJob, mapApplication, mapAttachment, mapCandidate, mapCv, mapJob, mapUser } from './mapping.js';
import { adminSchema, attachmentSchema, candidateEnvelope, offerSchema } from './vendor-schemas.js';
import { z } from 'zod';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as unknown;
const cand = parseWith(candidateEnvelope, fixture('candidate.json'), 'candidate').candidate;
const offer = parseWith(z.object({ offer: offerSchema }), fixture('offer.json'), 'offer').offer;
const stages = offer.pipeline_template?.stages ?? [];

describe('jobs', () => {
  it('maps an offer with its stages in pipeline order, their own fields kept raw', () => {
    const job = mapJob(offer);
    expect(job).toMatchObject({
      remote_id: '1408877',
      name: 'Senior Java Engineer',
      status: 'OPEN',
      visibility: 'PUBLIC',
      employment_type: 'FULL_TIME',
      department: 'Engineering',
      post_url: 'https://acme.recruitee.com/o/senior-java-engineer',
      location: { raw: 'Warsaw, Poland', city: 'Warsaw', country: 'PL', state: null, zip_code: '00-001' },
      opened_at: '2024-03-02T09:00:00.000Z',
      closed_at: null,
      contact_user_remote_id: '201003',
      remote_created_at: '2024-03-01T10:00:00.000Z',
    });
    expect(job.stages).toEqual([
      { remote_id: '8120438', name: 'Applied', index: 0, status: 'ACTIVE', custom_fields: { category: 'apply', group: 'apply' } },
      { remote_id: '8120439', name: 'Phone screen', index: 1, status: 'ACTIVE', custom_fields: { category: 'phone_screen', group: 'screening', time_limit: 5 } },
      { remote_id: '8120441', name: 'Technical interview', index: 2, status: 'ACTIVE', custom_fields: { category: 'interview', group: 'interview' } },
      { remote_id: '8120445', name: 'Hired', index: 3, status: 'ACTIVE', custom_fields: { category: 'hire', group: 'hired' } },
    ]);
    expect(job.hiring_team).toEqual([
      { user_remote_id: '201877', hiring_team_roles: ['HIRING_MANAGER'], job_roles: [] },
      { user_remote_id: '201003', hiring_team_roles: ['RECRUITER'], job_roles: [] },
    ]);
  });

  it('maps the other statuses and tells talent pools apart', () => {
    expect(mapJob({ ...offer, status: 'closed' })).toMatchObject({ status: 'CLOSED', visibility: null, post_url: null });
    expect(mapJob({ ...offer, status: 'internal' })).toMatchObject({ status: 'OPEN', visibility: 'INTERNAL' });
    expect(mapJob({ ...offer, status: 'draft' }).status).toBe('DRAFT');
    expect(isJob({ kind: 'talent_pool' })).toBe(false);
    expect(isJob({ kind: null })).toBe(true);
  });
});

describe('candidates and applications', () => {
  it('maps a candidate: the one name split, empty e-mails dropped, tag names to ids when known, custom fields by id', () => {
    const mapped = mapCandidate(cand, new Map([['java', '11']]));
    expect(mapped).toMatchObject({
      remote_id: '5512034',
      first_name: 'Tomasz',
      last_name: 'Kowalczyk',
      source: 'LinkedIn',
      email_addresses: [{ email_address: 'tomasz.k@example.net', type: null }],
      phone_numbers: [{ phone_number: '+48 600 100 200', type: null }],
      tags: [{ remote_id: '11', name: 'java' }, { remote_id: 'remote-ok', name: 'remote-ok' }],
      remote_url: 'https://app.recruitee.com/#/candidates/5512034',
      remote_updated_at: '2024-04-10T09:00:00.123Z',
      remote_custom_fields: { '91': { label: 'Address', value: [{ text: 'ul. Prosta 1', city: 'Warsaw', country_code: 'PL' }] } },
    });
    expect(mapped.remote_data).not.toHaveProperty('placements');
  });

  it('maps placements: disqualified → DECLINED with the reason text; a hire-category stage → HIRED', () => {
    const [declined, hired] = cand.placements ?? [];
    expect(declined && mapApplication(declined, stages)).toMatchObject({
      remote_id: '90311822',
      candidate_remote_id: '5512034',
      job_remote_id: '1408877',
      current_stage_remote_id: '8120441',
      outcome: 'DECLINED',
      rejection_reason_name: 'Not enough experience',
      rejected_at: '2024-04-10T09:00:00.000Z',
    });
    expect(hired && mapApplication(hired, stages)).toMatchObject({ outcome: 'HIRED', rejection_reason_name: null, rejected_at: null });
    expect(hired && mapApplication({ ...hired, stage_id: '8120438' }, stages).outcome).toBe('PENDING');
    expect(hired && mapApplication({ ...hired, stage_id: '8120438', hired_at: '2024-05-01T00:00:00Z' }, stages).outcome).toBe('HIRED');
  });
});

describe('users and attachments', () => {
  it('maps an admin with first and last name, or a single name', () => {
    expect(mapUser(parseWith(adminSchema, { id: 201003, first_name: 'Anna', last_name: 'de Vries', email: 'anna@acme.example' }, 'admin'))).toEqual({
      remote_id: '201003',
      first_name: 'Anna',
      last_name: 'de Vries',
      email: 'anna@acme.example',
      status: 'ACTIVE',
      system_roles: [],
    });
    expect(mapUser(parseWith(adminSchema, { id: 1, name: 'Anna de Vries' }, 'admin'))).toMatchObject({ first_name: 'Anna', last_name: 'de Vries', email: null });
  });

  it('maps attachments: kind cv → CV, content type from the answer or the file name', () => {
    const a = parseWith(attachmentSchema, { id: 77, filename: 'cv.docx', kind: 'cv', url: 'https://s3.example/x', created_at: '2024-04-02T08:15:31.000000Z' }, 'attachment');
    expect(mapAttachment(a, '5512034')).toEqual({
      remote_id: '77',
      candidate_remote_id: '5512034',
      application_remote_id: null,
      type: 'CV',
      file_name: 'cv.docx',
      content_type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      remote_created_at: '2024-04-02T08:15:31.000Z',
      remote_updated_at: null,
    });
    expect(mapAttachment({ ...a, kind: 'other', filename: null, content_type: 'image/png' }, '1')).toMatchObject({ type: 'OTHER', file_name: 'attachment-77', content_type: 'image/png' });
  });

  it('maps the CV linked on the candidate as a CV attachment named after the link', () => {
    expect(mapCv(cand)).toEqual({
      remote_id: 'cv-5512034',
      candidate_remote_id: '5512034',
      application_remote_id: null,
      type: 'CV',
      file_name: 'cv.pdf',
      content_type: 'application/pdf',
      remote_created_at: null,
      remote_updated_at: null,
    });
    expect(cvCandidateOf('cv-5512034')).toBe('5512034');
    expect(cvCandidateOf('77')).toBeNull();
    expect(mapCv({ ...cand, cv_url: null, cv_original_url: null })).toBeNull();
    expect(mapCv({ ...cand, cv_original_url: '/uploads/x' })?.file_name).toBe('cv-5512034.pdf');
  });
});
