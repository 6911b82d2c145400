/** Inputs for connector write tests: every field present, the ones a test cares about given. */
import type { CreateApplicationInput, NewCandidate } from '../../src/connectors/writes.js';

type Named = Pick<NewCandidate, 'first_name' | 'last_name' | 'email_address'> & Partial<NewCandidate>;

/** A new candidate applying to `jobRemoteId`, with nothing optional filled in unless `extra` says so. */
export function newApplication(jobRemoteId: string, candidate: Named, extra: Partial<Omit<CreateApplicationInput, 'candidate'>> = {}): CreateApplicationInput {
  return {
    job_remote_id: jobRemoteId,
    stage_remote_id: null,
    candidate: {
      additional_email_addresses: [],
      company: null,
      title: null,
      phone_number: null,
      additional_phone_numbers: [],
      location: null,
      gender: null,
      availability_date: null,
      salary_expectations: null,
      social_links: [],
      ...candidate,
    },
    attachments: [],
    screening_question_answers: [],
    source: null,
    sourced_by_user_remote_id: null,
    gdpr_consent: null,
    remote_fields: {},
    ...extra,
  };
}
