/** The emulator's records in SmartRecruiters' answer shapes (list rows are slimmer than details). */
import { link } from './http.js';
import type { SmartRecruitersState, SrAssignment, SrCandidate, SrJob, SrUser } from './state.js';

const COUNTRIES: Record<string, string> = { gb: 'United Kingdom', de: 'Germany', pt: 'Portugal', pl: 'Poland' };

export function assignmentOf(state: SmartRecruitersState, origin: string, candidateId: string, a: SrAssignment, withTitle: boolean) {
  const job = state.job(a.jobId);
  const path = `/candidates/${candidateId}/jobs/${a.jobId}`;
  return {
    job: { id: a.jobId, ...(withTitle ? { title: job?.title ?? null } : {}), actions: { details: link(origin, `/jobs/${a.jobId}`) } },
    ...applicationOf(origin, candidateId, a),
    actions: { sourceDetails: link(origin, `${path}/source`) },
  };
}

export function applicationOf(origin: string, candidateId: string, a: SrAssignment) {
  return {
    status: a.status,
    subStatus: a.subStatus,
    startsOn: a.startsOn,
    source: a.source,
    reasonOfRejection: a.reasonOfRejection,
    reasonOfWithdrawal: a.reasonOfWithdrawal,
    actions: { sourceDetails: link(origin, `/candidates/${candidateId}/jobs/${a.jobId}/source`) },
  };
}

export function candidateRow(state: SmartRecruitersState, origin: string, c: SrCandidate) {
  const [primary, ...secondary] = c.assignments;
  return {
    id: c.id,
    internal: false,
    firstName: c.firstName,
    lastName: c.lastName,
    email: c.email,
    location: { country: COUNTRIES[c.countryCode] ?? null, countryCode: c.countryCode, city: c.city },
    createdOn: c.createdOn,
    updatedOn: c.updatedOn,
    averageRating: 0,
    primaryAssignment: primary ? assignmentOf(state, origin, c.id, primary, true) : null,
    secondaryAssignments: secondary.map((a) => assignmentOf(state, origin, c.id, a, false)),
    actions: { details: link(origin, `/candidates/${c.id}`) },
  };
}

export function candidateDetail(state: SmartRecruitersState, origin: string, c: SrCandidate) {
  return {
    ...candidateRow(state, origin, c),
    phoneNumber: c.phoneNumber,
    web: { skype: null, linkedin: c.linkedin, facebook: null, twitter: null, website: null },
    tags: c.tags,
    consent: { status: 'REQUIRED' },
    education: [],
    experience: [],
    actions: {
      properties: link(origin, `/candidates/${c.id}/properties`),
      attachments: link(origin, `/candidates/${c.id}/attachments`),
    },
  };
}

export function jobRow(origin: string, j: SrJob) {
  return {
    id: j.id,
    title: j.title,
    refNumber: j.refNumber,
    createdOn: j.createdOn,
    updatedOn: j.updatedOn,
    lastActivityOn: j.updatedOn,
    status: j.status,
    postingStatus: j.postingStatus,
    department: { id: j.department.id, label: j.department.label },
    location: { country: COUNTRIES[j.countryCode] ?? null, countryCode: j.countryCode, city: j.city, remote: false },
    actions: { details: link(origin, `/jobs/${j.id}`) },
  };
}

export function jobDetail(origin: string, j: SrJob) {
  return {
    ...jobRow(origin, j),
    typeOfEmployment: { id: 'permanent', label: 'Full-time' },
    experienceLevel: { id: 'mid_senior_level', label: 'Mid-Senior Level' },
    function: { id: 'information_technology', label: 'Information Technology' },
    compensation: { min: 50000, max: 70000, currency: 'GBP' },
    jobAd: { sections: { jobDescription: { title: 'Job Description', text: j.description } }, language: { code: 'en', label: 'English' } },
    actions: {
      details: link(origin, `/jobs/${j.id}`),
      hiringTeam: link(origin, `/jobs/${j.id}/hiring-team`),
    },
  };
}

export function userRow(u: SrUser) {
  return { id: u.id, firstName: u.firstName, lastName: u.lastName, email: u.email, active: u.active, updatedOn: u.updatedOn, systemRole: systemRoleOf(u.role) };
}

/** The built-in system roles: ids as the users API names them, with their display names. */
export const SYSTEM_ROLES: Readonly<Record<string, string>> = { ADMINISTRATOR: 'Administrator', EXTENDED: 'Extended', STANDARD: 'Standard', RESTRICTED: 'Restricted', EMPLOYEE: 'Employee' };
export const systemRoleOf = (id: string) => ({ id, name: SYSTEM_ROLES[id] ?? id });
