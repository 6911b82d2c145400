/**
 * The Sandbox's write operations: every write action of the contract, behaving like a small
 * real ATS and persisting in the overlay (`overlay.ts`), so later syncs keep what was written.
 *
 * Vendor semantics worth knowing:
 * - notes are stored natively; the Sandbox has **no result links**, so those arrive as notes
 *   (manifest `resultLinks: 'note'`); notes bump the application's (or candidate's) update time;
 * - a new application goes to an open job only (closed, archived and draft jobs answer
 *   ATS.JOB_CLOSED) and starts in the given stage or the job's first one; a stage must belong to
 *   the job; moving to the last stage marks the application hired;
 * - an email address that already belongs to a candidate reuses that candidate; applying the
 *   same email to the same job again is ATS.APPLICATION_ALREADY_EXISTS;
 * - tags are addressed by name (case-insensitive): added ones are created when missing, removing
 *   an absent tag succeeds; an already rejected application cannot be rejected again;
 * - tracked-application imports accept every identifier shape of the contract.
 */
import { ApplicationExistsError, JobClosedError, VendorError } from '../../lib/errors.js';
import type { ScreeningQuestionAnswer } from '../../model/common.js';
import type { ConnectorContext } from '../connector.js';
import type { SourceApplication, SourceAttachment, SourceCandidate, SourceTag } from '../source-records.js';
import type {
  ConnectorWrites,
  CreateApplicationInput,
  CreateApplicationResult,
  FileToUpload,
  NewCandidate,
  ScreeningAnswerInput,
  WriteResult,
} from '../writes.js';
import { REJECTION_REASONS, SandboxGenerator, TAGS, type GeneratedJob, type SandboxConfig } from './generator.js';
import {
  exclusive,
  nextSequence,
  readNotes,
  readOverlay,
  readTracked,
  writeFile,
  writeNotes,
  writeOverlay,
  writeTracked,
  type OverlayBlob,
  type OverlayModel,
  type OverlayModels,
} from './overlay.js';
import { REMOTE_BASE_URL } from './shared.js';

const unknown = (what: string, id: string) => new VendorError('REMOTE.INPUT_INVALID', `The sandbox has no ${what} "${id}".`);
const indexOf = (pattern: RegExp, id: string | null): number | null => {
  const match = id === null ? null : pattern.exec(id);
  return match?.[1] === undefined ? null : Number(match[1]) - 1;
};
const sameName = (a: string | null, b: string) => (a ?? '').trim().toLowerCase() === b.trim().toLowerCase();

/** What a write needs to know about the integration's sandbox: its size and seed, and which generated candidates are absent now (`churn.ts`). */
export interface SandboxWorld {
  config: SandboxConfig;
  absent(candidateIndex: number): boolean;
}

/** The sandbox ATS of one integration during one write. */
class SandboxVendor {
  readonly generator: SandboxGenerator;
  readonly now = new Date().toISOString();
  private readonly blobs = new Map<OverlayModel, OverlayBlob<unknown>>();
  private readonly dirty = new Set<OverlayModel>();

  constructor(
    readonly ctx: ConnectorContext,
    private readonly world: SandboxWorld,
  ) {
    this.generator = new SandboxGenerator(world.config);
  }

  /** A generated candidate deleted in the current epoch, with everything hanging off it: writes cannot reach it. */
  private gone(candidateRemoteId: string): boolean {
    const index = indexOf(/^cand-([1-9]\d*)$/, candidateRemoteId);
    return index !== null && this.world.absent(index);
  }

  private async blob<K extends OverlayModel>(model: K): Promise<OverlayBlob<OverlayModels[K]>> {
    let blob = this.blobs.get(model);
    if (!blob) {
      blob = await readOverlay(this.ctx.state, model);
      this.blobs.set(model, blob);
    }
    return blob as OverlayBlob<OverlayModels[K]>;
  }

  async put<K extends OverlayModel>(model: K, record: OverlayModels[K], created = false): Promise<void> {
    const blob = await this.blob(model);
    blob.records[record.remote_id] = record;
    if (created) blob.created.push(record.remote_id);
    this.dirty.add(model);
  }

  async save(): Promise<void> {
    for (const model of this.dirty) await this.flush(model);
    this.dirty.clear();
  }

  /** One model's blob back to the state (generic, so the blob's type follows the model). */
  private async flush<K extends OverlayModel>(model: K): Promise<void> {
    await writeOverlay(this.ctx.state, model, await this.blob(model));
  }

  async newId(prefix: string): Promise<string> {
    return `${prefix}-w${await nextSequence(this.ctx.state)}`;
  }

  private generatedCandidateIndex(remoteId: string): number | null {
    const index = indexOf(/^cand-([1-9]\d*)$/, remoteId);
    return index !== null && index < this.generator.counts.candidates ? index : null;
  }

  async candidate(remoteId: string): Promise<SourceCandidate | null> {
    if (this.gone(remoteId)) return null;
    const changed = (await this.blob('candidates')).records[remoteId];
    if (changed) return changed;
    const index = this.generatedCandidateIndex(remoteId);
    return index === null ? null : this.generator.candidate(index).candidate;
  }

  async requireCandidate(remoteId: string): Promise<SourceCandidate> {
    const found = await this.candidate(remoteId);
    if (!found) throw unknown('candidate', remoteId);
    return found;
  }

  async application(remoteId: string): Promise<SourceApplication | null> {
    const found = (await this.blob('applications')).records[remoteId] ?? this.generatedApplication(remoteId);
    return found && !this.gone(found.candidate_remote_id) ? found : null;
  }

  private generatedApplication(remoteId: string): SourceApplication | null {
    const index = indexOf(/^app-([1-9]\d*)-\d+$/, remoteId);
    if (index === null || index >= this.generator.counts.candidates) return null;
    return this.generator.candidate(index).applications.find((a) => a.remote_id === remoteId) ?? null;
  }

  async requireApplication(remoteId: string): Promise<SourceApplication> {
    const found = await this.application(remoteId);
    if (!found) throw unknown('application', remoteId);
    return found;
  }

  /** Every application of a candidate, as the vendor has them now. */
  async applicationsOf(candidateRemoteId: string): Promise<SourceApplication[]> {
    if (this.gone(candidateRemoteId)) return [];
    const blob = await this.blob('applications');
    const index = this.generatedCandidateIndex(candidateRemoteId);
    const generated = index === null ? [] : this.generator.candidate(index).applications.map((a) => blob.records[a.remote_id] ?? a);
    const created = blob.created.flatMap((id) => (blob.records[id]?.candidate_remote_id === candidateRemoteId ? [blob.records[id]] : []));
    return [...generated, ...created];
  }

  job(remoteId: string | null): GeneratedJob | null {
    const index = indexOf(/^job-([1-9]\d*)$/, remoteId);
    return index === null || index >= this.generator.counts.jobs ? null : this.generator.get(index);
  }

  userExists(remoteId: string): boolean {
    const index = indexOf(/^user-([1-9]\d*)$/, remoteId);
    return index !== null && index < this.generator.counts.users;
  }

  /** The candidate owning an email address: written ones first, then the generated one its address names. */
  async candidateByEmail(email: string): Promise<SourceCandidate | null> {
    const has = (c: SourceCandidate) => c.email_addresses.some((e) => sameName(e.email_address ?? null, email));
    for (const candidate of Object.values((await this.blob('candidates')).records)) if (has(candidate) && !this.gone(candidate.remote_id)) return candidate;
    // Generated personal addresses end their local part with the candidate's number.
    const index = indexOf(/^[^@]*?([1-9]\d*)@/, email.trim());
    if (index === null || index >= this.generator.counts.candidates) return null;
    const candidate = await this.candidate(`cand-${index + 1}`);
    return candidate && has(candidate) ? candidate : null;
  }

  async tags(): Promise<SourceTag[]> {
    const blob = await this.blob('tags');
    return [...TAGS, ...blob.created.flatMap((id) => (blob.records[id] ? [blob.records[id]] : []))];
  }

  async addNote(note: { application_remote_id: string | null; candidate_remote_id: string; content: string }): Promise<void> {
    const notes = await readNotes(this.ctx.state);
    notes.push({ remote_id: await this.newId('note'), ...note, created_at: this.now });
    await writeNotes(this.ctx.state, notes);
  }

  async storeFile(file: FileToUpload, candidateRemoteId: string, applicationRemoteId: string | null): Promise<SourceAttachment> {
    const remoteId = await this.newId('att');
    await writeFile(this.ctx.state, remoteId, file.data, file.content_type);
    const attachment: SourceAttachment = {
      remote_id: remoteId,
      candidate_remote_id: candidateRemoteId,
      application_remote_id: applicationRemoteId,
      type: file.type,
      file_name: file.name,
      content_type: file.content_type,
      remote_created_at: this.now,
      remote_updated_at: this.now,
    };
    await this.put('attachments', attachment, true);
    return attachment;
  }
}

function socialType(url: string): string | null {
  const host = URL.canParse(url) ? new URL(url).hostname.replace(/^www\./, '') : '';
  const known: Record<string, string> = { 'linkedin.com': 'LINKEDIN', 'github.com': 'GITHUB', 'x.com': 'X', 'twitter.com': 'X', 'xing.com': 'XING' };
  return known[host] ?? null;
}

function newCandidateRecord(remoteId: string, input: NewCandidate, source: string | null, now: string): SourceCandidate {
  const location = input.location;
  const cityLine = [location?.zip_code, location?.city].filter(Boolean).join(' ');
  return {
    remote_id: remoteId,
    first_name: input.first_name,
    last_name: input.last_name,
    company: input.company,
    title: input.title,
    confidential: false,
    source,
    phone_numbers: [
      ...(input.phone_number ? [{ phone_number: input.phone_number, type: null }] : []),
      ...input.additional_phone_numbers.map((p) => ({ phone_number: p.phone_number, type: p.type })),
    ],
    email_addresses: [
      { email_address: input.email_address, type: null },
      ...input.additional_email_addresses.map((e) => ({ email_address: e.email_address, type: e.type })),
    ],
    social_media: input.social_links.map((l) => ({ link: l.url, type: socialType(l.url), username: null })),
    location: location
      ? {
          city: location.city,
          state: location.state,
          country: location.country,
          street_1: location.street_1,
          zip_code: location.zip_code,
          raw: [location.street_1, cityLine, location.state, location.country].filter(Boolean).join(', '),
        }
      : null,
    remote_url: `${REMOTE_BASE_URL}/candidates/${remoteId}`,
    tags: [],
    remote_created_at: now,
    remote_updated_at: now,
  };
}

/** Answers in the shape the Sandbox reports them (option names, like its generated answers). */
function toAnswers(job: GeneratedJob, answers: readonly ScreeningAnswerInput[]): ScreeningQuestionAnswer[] {
  return answers.map((input) => {
    const question = job.record.screening_questions.find((q) => q.remote_id === input.question_remote_id);
    if (!question) throw unknown(`screening question on ${job.record.remote_id}`, input.question_remote_id);
    const head = { remote_id: question.remote_id, title: question.title ?? '' };
    const options = question.format && 'options' in question.format ? question.format.options : [];
    const name = (optionId: string) => {
      const option = options.find((o) => (o.remote_id ?? o.id) === optionId);
      if (!option) throw unknown(`option of ${question.remote_id}`, optionId);
      return option.name;
    };
    switch (input.type) {
      case 'TEXT':
        return { question: { ...head, type: 'TEXT' }, answer: { content: input.value } };
      case 'NUMBER':
        return { question: { ...head, type: 'NUMBER' }, answer: { number: input.value } };
      case 'BOOLEAN':
        return { question: { ...head, type: 'BOOLEAN' }, answer: { checked: input.value } };
      case 'DATE':
        return { question: { ...head, type: 'DATE' }, answer: { date: input.value } };
      case 'SINGLE_SELECT':
        return { question: { ...head, type: 'SINGLE_SELECT' }, answer: { choice: name(input.option_remote_id) } };
      case 'MULTI_SELECT':
        return { question: { ...head, type: 'MULTI_SELECT' }, answer: { choices: input.option_remote_ids.map(name) } };
      case 'FILE':
        return { question: { ...head, type: 'UNKNOWN' }, answer: { raw: { file_name: input.file.name } } };
      case 'UNKNOWN':
        return { question: { ...head, type: 'UNKNOWN' }, answer: { raw: input.value } };
    }
  });
}

async function createApplication(vendor: SandboxVendor, input: CreateApplicationInput): Promise<CreateApplicationResult> {
  const job = vendor.job(input.job_remote_id);
  if (!job) throw unknown('job', input.job_remote_id);
  if (job.status !== 'OPEN') {
    throw new JobClosedError(`The job "${job.record.name ?? job.record.remote_id}" is ${job.status.toLowerCase()} in the Sandbox and does not take applications.`);
  }
  const stages = job.record.stages;
  const stage = input.stage_remote_id === null ? stages[0] : stages.find((s) => s.remote_id === input.stage_remote_id);
  if (!stage) throw new VendorError('REMOTE.INPUT_INVALID', `The stage "${input.stage_remote_id ?? ''}" is not part of the pipeline of ${job.record.remote_id}.`);
  if (input.sourced_by_user_remote_id !== null && !vendor.userExists(input.sourced_by_user_remote_id)) throw unknown('user', input.sourced_by_user_remote_id);
  const answers = toAnswers(job, input.screening_question_answers);

  const warnings: string[] = [];
  let candidate = await vendor.candidateByEmail(input.candidate.email_address);
  if (candidate) {
    const existing = (await vendor.applicationsOf(candidate.remote_id)).find((a) => a.job_remote_id === job.record.remote_id);
    if (existing) {
      throw new ApplicationExistsError(
        `The candidate with the email address ${input.candidate.email_address} already applied to "${job.record.name ?? job.record.remote_id}" (application ${existing.remote_id}).`,
      );
    }
    warnings.push(`A candidate with the email address ${input.candidate.email_address} already exists in the Sandbox; the application was added to them and their details were left unchanged.`);
  } else {
    candidate = newCandidateRecord(await vendor.newId('cand'), input.candidate, input.source?.name ?? null, vendor.now);
    await vendor.put('candidates', candidate, true);
  }
  const remoteId = await vendor.newId('app');
  const application: SourceApplication = {
    remote_id: remoteId,
    candidate_remote_id: candidate.remote_id,
    job_remote_id: job.record.remote_id,
    current_stage_remote_id: stage.remote_id,
    outcome: 'PENDING',
    rejection_reason_name: null,
    rejected_at: null,
    screening_question_answers: answers,
    remote_url: `${REMOTE_BASE_URL}/applications/${remoteId}`,
    remote_created_at: vendor.now,
    remote_updated_at: vendor.now,
  };
  await vendor.put('applications', application, true);
  const attachments: SourceAttachment[] = [];
  // CVs belong to the candidate, other files to the application (as in generated data).
  for (const file of input.attachments) attachments.push(await vendor.storeFile(file, candidate.remote_id, file.type === 'CV' ? null : remoteId));
  for (const answer of input.screening_question_answers) {
    if (answer.type === 'FILE') attachments.push(await vendor.storeFile(answer.file, candidate.remote_id, remoteId));
  }
  await vendor.save();
  return {
    candidate_remote_id: candidate.remote_id,
    application_remote_id: remoteId,
    records: { candidates: [candidate], applications: [application], attachments },
    warnings,
  };
}

/** Runs one write against the integration's sandbox, serialised with its other writes. */
function inSandbox<I, R>(worldOf: (ctx: ConnectorContext) => Promise<SandboxWorld>, fn: (vendor: SandboxVendor, input: I) => Promise<R>) {
  return (ctx: ConnectorContext, input: I): Promise<R> =>
    exclusive(ctx.integrationId, async () => {
      ctx.signal?.throwIfAborted();
      return fn(new SandboxVendor(ctx, await worldOf(ctx)), input);
    });
}

export function createSandboxWrites(worldOf: (ctx: ConnectorContext) => Promise<SandboxWorld>): ConnectorWrites {
  const op = <I, R>(fn: (vendor: SandboxVendor, input: I) => Promise<R>) => inSandbox(worldOf, fn);

  const touchApplication = async (vendor: SandboxVendor, remoteId: string): Promise<WriteResult> => {
    const application = { ...(await vendor.requireApplication(remoteId)), remote_updated_at: vendor.now };
    await vendor.put('applications', application);
    await vendor.save();
    return { records: { applications: [application] } };
  };
  const touchCandidate = async (vendor: SandboxVendor, remoteId: string): Promise<WriteResult> => {
    const candidate = { ...(await vendor.requireCandidate(remoteId)), remote_updated_at: vendor.now };
    await vendor.put('candidates', candidate);
    await vendor.save();
    return { records: { candidates: [candidate] } };
  };

  return {
    moveApplicationToStage: op(async (vendor, input) => {
      const application = await vendor.requireApplication(input.application_remote_id);
      const job = vendor.job(application.job_remote_id);
      if (!job) throw unknown('job', application.job_remote_id ?? '(none)');
      const stages = job.record.stages;
      const at = stages.findIndex((s) => s.remote_id === input.stage_remote_id);
      if (at < 0) throw new VendorError('REMOTE.INPUT_INVALID', `The stage "${input.stage_remote_id}" is not part of the pipeline of ${job.record.remote_id}.`);
      const hired = at === stages.length - 1;
      const updated: SourceApplication = {
        ...application,
        current_stage_remote_id: input.stage_remote_id,
        outcome: hired ? 'HIRED' : application.outcome === 'HIRED' ? 'PENDING' : application.outcome,
        remote_updated_at: vendor.now,
      };
      await vendor.put('applications', updated);
      await vendor.save();
      return { records: { applications: [updated] } };
    }),

    addApplicationNote: op(async (vendor, input) => {
      const application = await vendor.requireApplication(input.application_remote_id);
      await vendor.addNote({ application_remote_id: application.remote_id, candidate_remote_id: application.candidate_remote_id, content: input.content });
      return touchApplication(vendor, application.remote_id);
    }),

    addCandidateNote: op(async (vendor, input) => {
      const candidate = await vendor.requireCandidate(input.candidate_remote_id);
      await vendor.addNote({ application_remote_id: null, candidate_remote_id: candidate.remote_id, content: input.content });
      return touchCandidate(vendor, candidate.remote_id);
    }),

    addApplicationAttachment: op(async (vendor, input) => {
      const application = await vendor.requireApplication(input.application_remote_id);
      const attachment = await vendor.storeFile(input.attachment, application.candidate_remote_id, application.remote_id);
      await vendor.save();
      return { records: { attachments: [attachment] } };
    }),

    addCandidateAttachment: op(async (vendor, input) => {
      const candidate = await vendor.requireCandidate(input.candidate_remote_id);
      const attachment = await vendor.storeFile(input.attachment, candidate.remote_id, null);
      await vendor.save();
      return { records: { attachments: [attachment] } };
    }),

    rejectApplication: op(async (vendor, input) => {
      const application = await vendor.requireApplication(input.application_remote_id);
      const reason = REJECTION_REASONS.find((r) => r.remote_id === input.rejection_reason_remote_id);
      if (!reason) throw unknown('rejection reason', input.rejection_reason_remote_id);
      if (application.outcome === 'DECLINED') {
        throw new VendorError('REMOTE.INPUT_INVALID', `The application ${application.remote_id} is already rejected (${application.rejection_reason_name ?? 'no reason'}).`);
      }
      const updated: SourceApplication = {
        ...application,
        outcome: 'DECLINED',
        rejection_reason_name: reason.name,
        rejected_at: vendor.now,
        remote_updated_at: vendor.now,
      };
      await vendor.put('applications', updated);
      if (input.note) await vendor.addNote({ application_remote_id: updated.remote_id, candidate_remote_id: updated.candidate_remote_id, content: input.note });
      await vendor.save();
      return { records: { applications: [updated] } };
    }),

    addCandidateTag: op(async (vendor, input) => {
      const candidate = await vendor.requireCandidate(input.candidate_remote_id);
      let tag = (await vendor.tags()).find((t) => sameName(t.name, input.tag_name));
      const createdTags: SourceTag[] = [];
      if (!tag) {
        tag = { remote_id: await vendor.newId('tag'), name: input.tag_name };
        await vendor.put('tags', tag, true);
        createdTags.push(tag);
      }
      const has = candidate.tags.some((t) => t.remote_id === tag.remote_id);
      const updated: SourceCandidate = has
        ? candidate
        : { ...candidate, tags: [...candidate.tags, { remote_id: tag.remote_id, name: tag.name }], remote_updated_at: vendor.now };
      if (!has) await vendor.put('candidates', updated);
      await vendor.save();
      return { records: { tags: createdTags, candidates: [updated] } };
    }),

    removeCandidateTag: op(async (vendor, input) => {
      const candidate = await vendor.requireCandidate(input.candidate_remote_id);
      const remaining = candidate.tags.filter((t) => !sameName(t.name, input.tag_name));
      if (remaining.length === candidate.tags.length) {
        return { records: {}, warnings: [`The candidate has no tag named "${input.tag_name}"; nothing was removed.`] };
      }
      const updated: SourceCandidate = { ...candidate, tags: remaining, remote_updated_at: vendor.now };
      await vendor.put('candidates', updated);
      await vendor.save();
      return { records: { candidates: [updated] } };
    }),

    createApplication: op(createApplication),

    importTrackedApplication: op(async (vendor, input) => {
      let application: SourceApplication | null = null;
      if (input.application_remote_id !== null) {
        application = await vendor.requireApplication(input.application_remote_id);
      } else if (input.candidate_remote_id !== null && input.job_remote_id !== null) {
        await vendor.requireCandidate(input.candidate_remote_id);
        application = (await vendor.applicationsOf(input.candidate_remote_id)).find((a) => a.job_remote_id === input.job_remote_id) ?? null;
        if (!application) throw unknown('application', `of ${input.candidate_remote_id} to ${input.job_remote_id}`);
      } else {
        throw new VendorError('REMOTE.INPUT_INVALID', 'The sandbox needs an application id, or a candidate and a job id, to import an application.');
      }
      if (input.candidate_remote_id !== null && input.candidate_remote_id !== application.candidate_remote_id) {
        throw new VendorError('REMOTE.INPUT_INVALID', `The application ${application.remote_id} does not belong to the candidate ${input.candidate_remote_id}.`);
      }
      if (input.job_remote_id !== null && input.job_remote_id !== application.job_remote_id) {
        throw new VendorError('REMOTE.INPUT_INVALID', `The application ${application.remote_id} is not for the job ${input.job_remote_id}.`);
      }
      const tracked = await readTracked(vendor.ctx.state);
      tracked[application.remote_id] = input.tracked_at;
      await writeTracked(vendor.ctx.state, tracked);
      const candidate = await vendor.requireCandidate(application.candidate_remote_id);
      return { application_remote_id: application.remote_id, records: { candidates: [candidate], applications: [application] } };
    }),
  };
}
