/** One sandbox application with its interviews and offer, on a timeline inside its job's open window. */
import type { OfferStatus, Outcome } from '../../model/common.js';
import type { SourceApplication, SourceInterview, SourceOffer } from '../source-records.js';
import type { GeneratedJob } from './jobs.js';
import { REJECTION_REASON_NAMES } from './names.js';
import type { Rng } from './prng.js';
import { answerQuestions, type Answerer } from './questions.js';
import { DAY_MS, EPOCH_MS, HOUR_MS, MEET_BASE_URL, MINUTE_MS, REMOTE_BASE_URL, iso, toMinute } from './shared.js';

export interface GeneratedApplication {
  application: SourceApplication;
  interviews: SourceInterview[];
  offer: SourceOffer | null;
  createdMs: number;
  updatedMs: number;
}

export interface ApplicationInput {
  remoteId: string;
  candidateRemoteId: string;
  /** Used in interview titles. */
  candidateName: string;
  job: GeneratedJob;
  answerer: Answerer;
}

const GENERAL_REASONS = REJECTION_REASON_NAMES.filter((name) => name !== 'Declined offer');

function rejectionReason(rng: Rng, stageIndex: number, stageCount: number, jobClosed: boolean): string {
  if (stageIndex === stageCount - 2) return rng.chance(0.6) ? 'Declined offer' : 'Compensation expectations';
  if (jobClosed && rng.chance(0.4)) return 'Position filled';
  const pool = stageIndex >= 2 ? GENERAL_REASONS : GENERAL_REASONS.filter((name) => name !== 'Failed technical assessment');
  return rng.pick(pool);
}

/** A business-hours start inside [from, to), falling back to the middle of a short window. */
function meetingStart(rng: Rng, from: number, to: number): number {
  const fromDay = Math.floor(from / DAY_MS);
  const spareDays = Math.max(0, Math.floor((to - from) / DAY_MS) - 2);
  const start = (fromDay + 1 + rng.int(0, spareDays)) * DAY_MS + rng.int(18, 33) * 30 * MINUTE_MS;
  return start < to ? start : toMinute(from + (to - from) / 2);
}

function nextMonday(dayNumber: number): number {
  const weekday = new Date(dayNumber * DAY_MS).getUTCDay();
  return dayNumber + ((8 - weekday) % 7);
}

export function generateApplication(rng: Rng, input: ApplicationInput): GeneratedApplication {
  const { job, remoteId } = input;
  const stages = job.record.stages;
  const n = stages.length;
  const jobClosed = job.closedMs !== null;
  const outcome: Outcome = rng.weighted<Outcome>(
    jobClosed ? [['HIRED', 10], ['DECLINED', 90]] : [['HIRED', 5], ['DECLINED', 40], ['PENDING', 55]],
  );
  const s = outcome === 'HIRED' ? n - 1 : Math.floor(rng.next() ** (outcome === 'DECLINED' ? 2 : 1.5) * (n - 1));

  // Timeline: entered stage k at entries[k]; a rejection comes some days after the last stage change.
  const start = job.openedMs ?? EPOCH_MS;
  const end = job.closedMs ?? EPOCH_MS;
  let steps = Array.from({ length: s }, () => rng.int(2, 7) * DAY_MS + rng.int(0, 12) * HOUR_MS);
  let declineDelay = outcome === 'DECLINED' ? rng.int(2, 6) * DAY_MS + rng.int(0, 8) * HOUR_MS : 0;
  const total = steps.reduce((sum, step) => sum + step, 0) + declineDelay;
  const room = (end - start) * 0.9;
  if (total > room) {
    const scale = room / total;
    steps = steps.map((step) => Math.floor(step * scale));
    declineDelay = Math.floor(declineDelay * scale);
  }
  const used = steps.reduce((sum, step) => sum + step, 0) + declineDelay;
  const latest = end - used;
  const earliest = outcome === 'PENDING' ? Math.max(start, latest - 90 * DAY_MS) : start;
  const createdMs = toMinute(earliest + rng.next() * Math.max(0, latest - earliest));
  const entries = [createdMs];
  for (const step of steps) entries.push(Math.min(end, (entries[entries.length - 1] ?? createdMs) + step));
  const entered = (k: number): number => entries[k] ?? createdMs;
  const rejectedMs = outcome === 'DECLINED' ? Math.min(end, entered(s) + declineDelay) : null;
  const updatedMs = rejectedMs ?? entered(s);

  const application: SourceApplication = {
    remote_id: remoteId,
    candidate_remote_id: input.candidateRemoteId,
    job_remote_id: job.record.remote_id,
    current_stage_remote_id: stages[s]?.remote_id ?? null,
    outcome,
    rejection_reason_name: outcome === 'DECLINED' ? rejectionReason(rng, s, n, jobClosed) : null,
    rejected_at: rejectedMs === null ? null : iso(rejectedMs),
    screening_question_answers: answerQuestions(rng, job.record.screening_questions, input.answerer),
    remote_url: `${REMOTE_BASE_URL}/applications/${remoteId}`,
    remote_created_at: iso(createdMs),
    remote_updated_at: iso(updatedMs),
  };

  // Interviews happen in the stages between the recruiter screen and the offer.
  const interviews: SourceInterview[] = [];
  if (s >= 2) {
    const lastInterviewStage = Math.min(s, n - 3);
    const chosen = rng.sampleIndexes(lastInterviewStage, rng.int(1, 2)).map((i) => i + 1);
    chosen.forEach((k, m) => {
      const id = `int-${remoteId.slice('app-'.length)}-${m + 1}`;
      const from = entered(k);
      const to = k < s ? entered(k + 1) : outcome === 'PENDING' ? from + 10 * DAY_MS : updatedMs;
      const startMs = meetingStart(rng, from, to);
      const createdAt = Math.min(startMs, toMinute(from + rng.int(5, 120) * MINUTE_MS));
      const canceled = rng.chance(0.08);
      const video = rng.chance(0.7);
      const team = job.teamUserIds;
      interviews.push({
        remote_id: id,
        application_remote_id: remoteId,
        stage_remote_id: stages[k]?.remote_id ?? null,
        title: `${stages[k]?.name ?? 'Interview'}: ${input.candidateName}`,
        starting_at: iso(startMs),
        ending_at: iso(startMs + rng.pick([30, 45, 60]) * MINUTE_MS),
        location: video ? null : job.record.location,
        video_conferencing_url: video ? `${MEET_BASE_URL}/${id}` : null,
        canceled,
        interviewer_remote_ids: rng.sample(team, rng.int(1, Math.min(3, team.length))),
        remote_created_at: iso(createdAt),
        remote_updated_at: iso(canceled ? Math.max(createdAt, startMs - rng.int(2, 24) * HOUR_MS) : createdAt),
      });
    });
  }

  // An offer once the application reached the offer stage.
  let offer: SourceOffer | null = null;
  if (s >= n - 2) {
    const offerStage = entered(n - 2);
    const nextEvent = outcome === 'HIRED' ? entered(n - 1) : rejectedMs ?? EPOCH_MS;
    const offerCreated = toMinute(offerStage + Math.min(rng.int(2, 30) * HOUR_MS, (nextEvent - offerStage) / 2));
    const status: OfferStatus =
      outcome === 'HIRED' ? 'ACCEPTED' : outcome === 'DECLINED' ? 'DECLINED' : rng.chance(0.6) ? 'SENT' : 'DRAFT';
    const offerUpdated =
      status === 'ACCEPTED' || status === 'DECLINED'
        ? nextEvent
        : status === 'SENT'
          ? Math.max(offerCreated, Math.min(EPOCH_MS, offerCreated + rng.int(1, 20) * HOUR_MS))
          : offerCreated;
    const startDay = nextMonday(Math.floor(offerCreated / DAY_MS) + rng.int(21, 60));
    offer = {
      remote_id: `offer-${remoteId.slice('app-'.length)}`,
      application_remote_id: remoteId,
      status,
      employment_start_date: iso(startDay * DAY_MS),
      remote_created_at: iso(offerCreated),
      remote_updated_at: iso(offerUpdated),
    };
  }

  return { application, interviews, offer, createdMs, updatedMs };
}
