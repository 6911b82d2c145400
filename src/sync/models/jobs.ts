import type { SourceJob, SourceScreeningQuestion } from '../../connectors/source-records.js';
import type { ScreeningQuestionFormat } from '../../model/common.js';
import type { Json, ModelSpec, Ref } from '../model-spec.js';
import { arr, baseView, keysOf, lower, str } from './helpers.js';
import { jobStages } from './nested-refs.js';

type HiringMember = { user_id: string; hiring_team_roles: string[]; job_roles: Json[] };

const optionRef = (ref: Ref, questionRemoteId: string, optionRemoteId: string) =>
  ref('screening_question_options', `${questionRemoteId}\u0000${optionRemoteId}`);

function format(ref: Ref, question: SourceScreeningQuestion): ScreeningQuestionFormat | null {
  const f = question.format;
  if (!f || (f.type !== 'SINGLE_SELECT' && f.type !== 'MULTI_SELECT')) return f;
  const options = f.options.map((o) => {
    const remote = o.remote_id ?? o.id;
    return { id: optionRef(ref, question.remote_id, remote), remote_id: remote, name: o.name };
  });
  return { ...f, options };
}

function preconditionOptions(ref: Ref, q: SourceScreeningQuestion): string[] | boolean[] | null {
  const options = q.precondition_options;
  if (!options || !q.precondition_question_remote_id) return options;
  const pre = q.precondition_question_remote_id;
  return options.every((o): o is boolean => typeof o === 'boolean') ? options : (options as string[]).map((o) => optionRef(ref, pre, o));
}

export const jobsSpec: ModelSpec<SourceJob> = {
  model: 'jobs',
  toOwn(job, ref) {
    const fields = {
      remote_id: job.remote_id,
      name: job.name,
      job_code: job.job_code,
      description: job.description,
      confidential: job.confidential,
      weekly_hours: job.weekly_hours,
      employment_type: job.employment_type,
      status: job.status,
      visibility: job.visibility,
      category: job.category,
      department: job.department,
      post_url: job.post_url,
      experience_level: job.experience_level,
      remote_work_status: job.remote_work_status,
      salary_amount: job.salary_amount,
      salary_amount_from: job.salary_amount_from,
      salary_amount_to: job.salary_amount_to,
      salary_currency: job.salary_currency,
      salary_period: job.salary_period,
      location: job.location,
      custom_fields: null,
      remote_url: job.remote_url,
      opened_at: job.opened_at,
      closed_at: job.closed_at,
      remote_created_at: job.remote_created_at,
      remote_updated_at: job.remote_updated_at,
      contact_id: job.contact_user_remote_id ? ref('users', job.contact_user_remote_id) : null,
    };
    const parts = {
      stages: job.stages.map((s) => ({
        id: ref('application_stages', s.remote_id),
        remote_id: s.remote_id,
        name: s.name,
        index: s.index,
        status: s.status,
        custom_fields: s.custom_fields,
      })),
      screening_questions: job.screening_questions.map((q) => ({
        id: ref('screening_questions', q.remote_id),
        remote_id: q.remote_id,
        title: q.title,
        description: q.description,
        format: format(ref, q),
        category: q.category,
        index: q.index,
        required: q.required,
        precondition_question_id: q.precondition_question_remote_id ? ref('screening_questions', q.precondition_question_remote_id) : null,
        precondition_options: preconditionOptions(ref, q),
      })),
      job_postings: job.job_postings.map((p) => ({
        id: ref('job_postings', p.remote_id),
        remote_id: p.remote_id,
        title: p.title,
        description_html: p.description_html,
        status: p.status,
        visibility: p.visibility,
        url: p.url,
      })),
      hiring_team: job.hiring_team.map((m) => ({
        user_id: ref('users', m.user_remote_id),
        hiring_team_roles: m.hiring_team_roles,
        // Always JOB here: SDK 1.3.x accepts no other scope on job roles.
        job_roles: m.job_roles.map((r) => ({ remote_id: r.remote_id, remote_label: r.remote_label, scope: 'JOB', unified_type: r.unified_type })),
      })),
    };
    const keys = keysOf([
      ['job_code', job.job_code],
      ['post_url', job.post_url],
      ['status', job.status],
      ['employment_type', job.employment_type],
      ['visibility', job.visibility],
      ['name', lower(job.name)],
    ]);
    // Stages and team: added/removed only; postings and (since SDK 1.3.x's documentation)
    // screening questions: also their content (§2.5).
    const tracked = [
      parts.stages.map((s) => s.id),
      parts.screening_questions,
      parts.job_postings,
      parts.hiring_team.map((m) => [m.user_id, m.hiring_team_roles, m.job_roles]),
    ];
    return { fields, parts, tracked, keys };
  },
  async compose(records, lookups) {
    const members = (own: Json) => arr<HiringMember>(own, 'hiring_team');
    const users = await lookups.byIds(
      'users',
      records.flatMap((r) => members(r.own).map((m) => m.user_id)),
    );
    return records.map((parsed) => {
      const team = members(parsed.own);
      const hiring_team = team.map((m) => {
        const user = users.get(m.user_id);
        return {
          id: m.user_id,
          remote_id: user?.remote_id ?? null,
          first_name: user ? str(user.own, 'first_name') : null,
          last_name: user ? str(user.own, 'last_name') : null,
          email: user ? str(user.own, 'email') : null,
          hiring_team_roles: m.hiring_team_roles,
          job_roles: m.job_roles.map((r) => ({ ...r, scope: 'JOB' })),
        };
      });
      return { ...baseView(parsed), stages: jobStages(parsed.own), hiring_team };
    });
  },
};
