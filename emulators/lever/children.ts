/**
 * An opportunity's children (application, notes, interviews, feedback, offers, files, resumes).
 * Seeded children are regenerated on demand from the opportunity's `seq`, so the account stays
 * compact at 100,000 candidates; what the API adds lives in `state.extras`.
 */
import { Rng, uuidFor } from './prng.js';
import type { LeverState } from './state.js';
import type { Note, Opportunity, StoredFile } from './types.js';
import { NOTE_TEXTS } from './words.js';

const DAY = 86_400_000;
export type Json = Record<string, unknown>;

const stageAt = (state: LeverState, opp: Opportunity, t: number) => {
  const changes = state.stageChangesOf(opp);
  let stage = changes[0]?.toStageId ?? opp.stage;
  for (const change of changes) if (change.updatedAt <= t) stage = change.toStageId;
  return stage;
};

export function applicationOf(state: LeverState, opp: Opportunity): Json | null {
  if (!opp.applicationId || !opp.postingId) return null;
  const posting = state.postingsById.get(opp.postingId);
  const contact = state.contact(opp.contactId);
  const hiredReason = opp.archived ? state.archiveReasons.find((r) => r.id === opp.archived?.reason && r.type === 'hired') : undefined;
  return {
    id: opp.applicationId,
    type: opp.applicationType,
    candidateId: opp.id,
    opportunityId: opp.id,
    posting: opp.postingId,
    postingHiringManager: posting?.hiringManager ?? null,
    postingOwner: posting?.owner ?? null,
    name: contact?.name ?? '',
    company: contact?.headline.split(',')[0] ?? null,
    phone: contact?.phones[0] ?? null,
    email: contact?.emails[0] ?? null,
    links: contact?.links ?? [],
    comments: null,
    user: opp.applicationType === 'posting' ? null : (opp.sourcedBy ?? opp.owner),
    customQuestions: [],
    createdAt: opp.createdAt + 1,
    archived: opp.archived ? { reason: opp.archived.reason, archivedAt: opp.archived.archivedAt } : null,
    requisitionForHire:
      hiredReason && posting ? { id: uuidFor(state.seed, 'requisition', opp.seq), requisitionCode: posting.requisitionCodes[0] ?? null, hiringManagerOnHire: posting.hiringManager } : null,
    ipAddress: null,
    referer: null,
    userAgent: null,
    acceptLanguage: null,
    timezone: null,
  };
}

function seededNotes(state: LeverState, opp: Opportunity): Note[] {
  if (opp.seq < 0) return [];
  const rng = new Rng(state.seed, 'notes', opp.seq);
  const count = rng.int(0, 1 + Math.ceil(opp.seedDepth / 2));
  const notes: Note[] = [];
  for (let i = 0; i < count; i++) {
    const createdAt = opp.createdAt + rng.int(1, 20) * DAY + i * DAY;
    notes.push({
      id: uuidFor(state.seed, `note:${opp.seq}`, i),
      value: rng.pick(NOTE_TEXTS),
      user: opp.owner ?? state.accountOwner.id,
      stage: stageAt(state, opp, createdAt),
      secret: rng.chance(0.1),
      score: null,
      createdAt,
    });
  }
  return notes;
}

export function notesOf(state: LeverState, opp: Opportunity): Note[] {
  const extras = state.extras.get(opp.id);
  const all = [...seededNotes(state, opp), ...(extras?.notes ?? [])];
  return extras ? all.filter((n) => !extras.deletedNoteIds.has(n.id)) : all;
}

/** Interview panels the seeded candidate went through (one interview per interview stage reached). */
export function interviewsOf(state: LeverState, opp: Opportunity): Json[] {
  if (opp.seq < 0) return [];
  const rng = new Rng(state.seed, 'interviews', opp.seq);
  const staff = state.users;
  const out: Json[] = [];
  const interviewStages = state.seededStageChanges(opp).filter((c) => c.toStageIndex >= 5 && c.toStageIndex <= 6);
  interviewStages.forEach((change, i) => {
    const interviewers = rng.sample(staff, rng.int(1, 3));
    const date = change.updatedAt + rng.int(1, 5) * DAY;
    const template = uuidFor(state.seed, 'feedback-template', change.toStageIndex);
    out.push({
      id: uuidFor(state.seed, `interview:${opp.seq}`, i),
      panel: uuidFor(state.seed, `panel:${opp.seq}`, i),
      subject: `${change.toStageIndex === 5 ? 'Phone interview' : 'On-site interview'} with ${state.contact(opp.contactId)?.name ?? 'candidate'}`,
      note: '',
      interviewers: interviewers.map((u) => ({ id: u.id, name: u.name, email: u.email, feedbackTemplate: template })),
      timezone: 'Europe/London',
      createdAt: change.updatedAt + 3_600_000,
      date,
      duration: change.toStageIndex === 5 ? 30 : 60,
      location: change.toStageIndex === 5 ? 'Phone' : 'Video call',
      feedbackTemplate: template,
      feedbackForms: opp.seedDepth > 3 ? [uuidFor(state.seed, `feedback:${opp.seq}`, i)] : [],
      feedbackReminder: 'daily',
      user: opp.owner,
      stage: change.toStageId,
      canceledAt: null,
      postings: opp.postingId ? [opp.postingId] : [],
      gcalEventUrl: null,
      opportunityId: opp.id,
    });
  });
  return out;
}

export function feedbackOf(state: LeverState, opp: Opportunity): Json[] {
  return interviewsOf(state, opp)
    .filter((iv) => Array.isArray(iv.feedbackForms) && iv.feedbackForms.length > 0)
    .map((iv, i) => {
      const rng = new Rng(state.seed, 'feedback', opp.seq * 4 + i);
      const interviewers = iv.interviewers as { id: string }[];
      const completedAt = (iv.date as number) + rng.int(1, 48) * 3_600_000;
      return {
        id: (iv.feedbackForms as string[])[0],
        type: 'interview',
        text: 'Interview feedback',
        instructions: 'Assess the candidate against the role scorecard.',
        baseTemplateId: iv.feedbackTemplate,
        interview: iv.id,
        panel: iv.panel,
        user: interviewers[0]?.id ?? opp.owner,
        createdAt: completedAt,
        completedAt,
        deletedAt: null,
        fields: [
          { type: 'score-system', text: 'Rating', description: '', required: true, value: rng.pick(['1 - Strong no hire', '2 - No hire', '3 - Hire', '4 - Strong hire']) },
          { type: 'textarea', text: 'Comments', description: '', required: false, value: rng.pick(['Clear communicator.', 'Needs more depth on design.', 'Great fit for the team.']) },
        ],
      };
    });
}

export function offersOf(state: LeverState, opp: Opportunity): Json[] {
  if (opp.seq < 0) return [];
  const offerChange = state.seededStageChanges(opp).find((c) => c.toStageIndex === 8);
  if (!offerChange) return [];
  const rng = new Rng(state.seed, 'offer', opp.seq);
  const hired = opp.archived !== null && state.archiveReasons.some((r) => r.id === opp.archived?.reason && r.type === 'hired');
  const status = hired ? 'signed' : rng.pick(['draft', 'approval-sent', 'approved', 'sent', 'denied'] as const);
  const sent = status === 'sent' || status === 'signed';
  const createdAt = offerChange.updatedAt + 3_600_000;
  const doc = (fileName: string) => ({ fileName, uploadedAt: createdAt + DAY, downloadUrl: null });
  return [
    {
      id: uuidFor(state.seed, 'offer', opp.seq),
      createdAt,
      status,
      creator: opp.owner,
      fields: [
        { text: 'Salary', identifier: 'salary_amount', value: rng.int(50, 180) * 1000 },
        { text: 'Currency', identifier: 'salary_currency', value: 'USD' },
        { text: 'Anticipated start date', identifier: 'anticipated_start_date', value: createdAt + rng.int(14, 60) * DAY },
      ],
      sentDocument: sent ? doc('Offer letter.pdf') : null,
      signedDocument: status === 'signed' ? doc('Offer letter (signed).pdf') : null,
    },
  ];
}

function seededFile(state: LeverState, opp: Opportunity, kind: 'file' | 'resume'): StoredFile | null {
  if (opp.seq < 0) return null;
  const rng = new Rng(state.seed, kind, opp.seq);
  if (!rng.chance(kind === 'resume' ? 0.7 : 0.25)) return null;
  const name = state.contact(opp.contactId)?.name ?? 'Candidate';
  const fileName = kind === 'resume' ? `${name} - Resume.pdf` : `${name} - Portfolio.pdf`;
  const bytes = new TextEncoder().encode(`%PDF-1.4\n% ${fileName}\n% generated by the Lever emulator\n%%EOF\n`);
  return { id: uuidFor(state.seed, kind, opp.seq), name: fileName, ext: '.pdf', uploadedAt: opp.createdAt + 60_000, size: bytes.length, contentType: 'application/pdf', bytes };
}

export function filesOf(state: LeverState, opp: Opportunity): StoredFile[] {
  const seeded = seededFile(state, opp, 'file');
  return [...(seeded ? [seeded] : []), ...(state.extras.get(opp.id)?.files ?? [])];
}

export function resumesOf(state: LeverState, opp: Opportunity): StoredFile[] {
  const seeded = seededFile(state, opp, 'resume');
  return [...(seeded ? [seeded] : []), ...(state.extras.get(opp.id)?.resumes ?? [])];
}
