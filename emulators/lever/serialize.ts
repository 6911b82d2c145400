/** Wire shapes of Lever records (field order and nulls as in recorded live responses). */
import { applicationOf, type Json } from './children.js';
import type { LeverState } from './state.js';
import type { Contact, DeletedOpportunity, Note, Opportunity, Posting, StoredFile, User } from './types.js';

const HIRE = 'https://hire.lever.co';
const JOBS = 'https://jobs.lever.co/acme';

export function userJson(u: User): Json {
  return {
    id: u.id,
    name: u.name,
    username: u.username,
    email: u.email,
    accessRole: u.accessRole,
    photo: u.photo,
    createdAt: u.createdAt,
    deactivatedAt: u.deactivatedAt,
    externalDirectoryId: u.externalDirectoryId,
    linkedContactIds: null,
    jobTitle: u.jobTitle,
    managerId: u.managerId,
  };
}

export function contactJson(c: Contact): Json {
  return { id: c.id, name: c.name, headline: c.headline, isAnonymized: false, location: { name: c.location }, emails: [...c.emails], phones: c.phones.map((p) => ({ ...p })) };
}

const userRef = (state: LeverState, id: string | null) => (id === null ? null : state.usersById.get(id) ? userJson(state.usersById.get(id) as User) : id);

/** `expand` turns id fields into objects; supported: applications, stage, owner, followers, sourcedBy, contact. */
export function opportunityJson(state: LeverState, o: Opportunity, expand: ReadonlySet<string>): Json {
  const c = state.contact(o.contactId);
  const application = expand.has('applications') ? applicationOf(state, o) : null;
  const stage = state.stages.find((s) => s.id === o.stage);
  return {
    id: o.id,
    name: c?.name ?? '',
    contact: expand.has('contact') && c ? contactJson(c) : o.contactId,
    headline: c?.headline ?? '',
    stage: expand.has('stage') ? (stage ? { id: stage.id, text: stage.text } : o.stage) : o.stage,
    confidentiality: o.confidential ? 'confidential' : 'non-confidential',
    location: c?.location ?? '',
    phones: c ? c.phones.map((p) => ({ type: p.type, value: p.value })) : [],
    emails: c ? [...c.emails] : [],
    links: c ? [...c.links] : [],
    archived: o.archived ? { reason: o.archived.reason, archivedAt: o.archived.archivedAt } : null,
    tags: [...o.tags],
    sources: [...o.sources],
    stageChanges: state.stageChangesOf(o).map((s) => ({ ...s })),
    origin: o.origin,
    sourcedBy: expand.has('sourcedBy') ? userRef(state, o.sourcedBy) : o.sourcedBy,
    owner: expand.has('owner') ? userRef(state, o.owner) : o.owner,
    followers: expand.has('followers') ? o.followers.map((f) => userRef(state, f)) : [...o.followers],
    applications: o.applicationId ? [application ?? o.applicationId] : [],
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    lastInteractionAt: o.lastInteractionAt,
    lastAdvancedAt: o.lastAdvancedAt,
    snoozedUntil: o.snoozedUntil,
    urls: { list: `${HIRE}/candidates`, show: `${HIRE}/candidates/${o.id}` },
    isAnonymized: false,
    dataProtection: null,
    opportunityLocation: o.opportunityLocation,
  };
}

export function deletedJson(d: DeletedOpportunity): Json {
  return { id: d.id, deletedAt: d.deletedAt, deletedBy: d.deletedBy };
}

/** `expand` supported: user, owner, hiringManager, followers. */
export function postingJson(state: LeverState, p: Posting, expand: ReadonlySet<string>): Json {
  const ref = (field: string, id: string | null) => (expand.has(field) ? userRef(state, id) : id);
  const description = `We are hiring a ${p.text} to join the ${p.team} team (${p.department}) in ${p.location}.`;
  const lists = [{ text: 'What you will do', content: `<li>Own meaningful work on the ${p.team} team</li><li>Collaborate across ${p.department}</li>` }];
  return {
    id: p.id,
    text: p.text,
    state: p.state,
    distributionChannels: [...p.distributionChannels],
    user: ref('user', p.user),
    owner: ref('owner', p.owner),
    hiringManager: ref('hiringManager', p.hiringManager),
    categories: { commitment: p.commitment, department: p.department, level: p.level, location: p.location, team: p.team, allLocations: [...p.allLocations] },
    tags: [...p.tags],
    content: { description, descriptionHtml: `<div>${description}</div>`, lists, closing: 'We look forward to hearing from you.', closingHtml: '<div>We look forward to hearing from you.</div>' },
    country: p.country,
    followers: expand.has('followers') ? p.followers.map((f) => userRef(state, f)) : [...p.followers],
    reqCode: null,
    requisitionCodes: [...p.requisitionCodes],
    urls: { list: JOBS, show: `${JOBS}/${p.id}`, apply: `${JOBS}/${p.id}/apply` },
    confidentiality: p.confidential ? 'confidential' : 'non-confidential',
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    workplaceType: p.workplaceType,
  };
}

export function noteJson(n: Note): Json {
  return {
    id: n.id,
    text: 'Note',
    fields: [{ createdAt: n.createdAt, score: n.score, stage: n.stage, text: 'Comment', type: 'note', user: n.user, value: n.value }],
    user: n.user,
    secret: n.secret,
    completedAt: n.createdAt,
    createdAt: n.createdAt,
    deletedAt: null,
  };
}

/** File download URLs are API URLs on this emulator and need the same credentials. */
export function fileJson(base: string, oppId: string, f: StoredFile): Json {
  return { id: f.id, downloadUrl: `${base}/v1/opportunities/${oppId}/files/${f.id}/download`, ext: f.ext, name: f.name, uploadedAt: f.uploadedAt, status: 'processed', size: f.size };
}

export function resumeJson(state: LeverState, base: string, opp: Opportunity, f: StoredFile): Json {
  const headline = state.contact(opp.contactId)?.headline ?? '';
  const [org, school] = headline.split(', ');
  return {
    id: f.id,
    createdAt: f.uploadedAt,
    file: { name: f.name, ext: f.ext, downloadUrl: `${base}/v1/opportunities/${opp.id}/resumes/${f.id}/download`, uploadedAt: f.uploadedAt, status: 'processed', size: f.size },
    parsedData: {
      positions: org && opp.seq >= 0 ? [{ org, title: '', summary: '', location: '', start: null, end: null }] : [],
      schools: school && opp.seq >= 0 ? [{ org: school, degree: '', field: '', summary: '', start: null, end: null }] : [],
    },
  };
}
