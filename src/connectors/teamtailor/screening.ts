/**
 * Teamtailor's questions and answers → screening questions (on jobs) and screening answers (on
 * applications), pure. A job asks its `picked-questions` (each with `mandatory` and a `question`);
 * an answer belongs to a candidate and a question, not to an application, so an application's
 * answers are its candidate's answers to the questions its job asks.
 *
 * Question types (`question-type`, compared case-insensitively): Text, Boolean, Choice (its
 * `alternatives` are `{id, title}` and an answer's `choices` hold alternative ids; `multiple`
 * allows several), Range (`start-with`..`end-with`, answered in `range`), Number and Date
 * (answered in `text`, the only documented place), File and Video (not returned, as Kombo returns
 * no FILE answers). Anything we cannot read for sure (alternatives without ids, choices that match
 * none, an unknown type) is UNKNOWN with the raw value.
 */
import type { ScreeningQuestionAnswer, ScreeningQuestionFormat } from '../../model/common.js';
import { clean } from '../kit/values.js';
import type { SourceScreeningQuestion } from '../source-records.js';
import { attributesOf, relatedId, relatedIds } from './client.js';
import { answerAttributes, pickedQuestionAttributes, questionAttributes, type QuestionAttributes, type TtResource } from './vendor-schemas.js';

type Included = ReadonlyMap<string, TtResource>;

const typeOf = (q: QuestionAttributes) => (clean(q['question-type']) ?? '').toLowerCase().replace(/[\s_-]+/g, '');

/** The alternatives as `{id, title}` when every one carries an id; null when they cannot be referenced. */
export function alternativesOf(q: QuestionAttributes): Array<{ id: string; title: string }> | null {
  const list = q.alternatives ?? [];
  const out: Array<{ id: string; title: string }> = [];
  for (const alt of list) {
    if (typeof alt !== 'object' || alt === null || !('id' in alt)) return null;
    const { id, title } = alt as { id: unknown; title?: unknown };
    if ((typeof id !== 'string' && typeof id !== 'number') || String(id) === '') return null;
    out.push({ id: String(id), title: typeof title === 'string' && title.trim() ? title.trim() : String(id) });
  }
  return out;
}

export function questionFormat(question: TtResource): ScreeningQuestionFormat | null {
  const q = attributesOf(question, questionAttributes);
  switch (typeOf(q)) {
    case 'text':
      return { type: 'TEXT', display_type: q['single-line'] === true ? 'SINGLE_LINE' : q['single-line'] === false ? 'MULTI_LINE' : null };
    case 'boolean':
    case 'yesno':
      return { type: 'BOOLEAN' };
    case 'range':
      return { type: 'NUMBER', display_type: 'SLIDER', min: q['start-with'] ?? null, max: q['end-with'] ?? null };
    case 'number':
      return { type: 'NUMBER', display_type: 'FIELD' };
    case 'date':
      return { type: 'DATE' };
    case 'file':
      return { type: 'FILE' };
    case 'choice': {
      const alternatives = alternativesOf(q);
      if (!alternatives) return { type: 'UNKNOWN', raw_question: question.attributes };
      const options = alternatives.map((a) => ({ id: a.id, name: a.title }));
      return q.multiple ? { type: 'MULTI_SELECT', options } : { type: 'SINGLE_SELECT', display_type: null, options };
    }
    default:
      return { type: 'UNKNOWN', raw_question: question.attributes };
  }
}

/** The questions a job asks (`include=picked-questions.question`), in the job's order. */
export function jobQuestions(job: TtResource, included: Included): SourceScreeningQuestion[] {
  return relatedIds(job, 'picked-questions').flatMap((pickedId, index) => {
    const picked = included.get(`picked-questions:${pickedId}`);
    const questionId = picked ? relatedId(picked, 'question') : null;
    const question = questionId ? included.get(`questions:${questionId}`) : undefined;
    if (!picked || !question) return [];
    const q = attributesOf(question, questionAttributes);
    return [
      {
        remote_id: question.id,
        title: clean(q.title),
        description: null,
        format: questionFormat(question),
        category: null,
        index,
        required: attributesOf(picked, pickedQuestionAttributes).mandatory ?? null,
        precondition_question_remote_id: null,
        precondition_options: null,
      },
    ];
  });
}

/** The question ids a job asks, or null when the document did not include them. */
function askedBy(jobId: string | null, included: Included): Set<string> | null {
  const job = jobId ? included.get(`jobs:${jobId}`) : undefined;
  if (!job || job.relationships['picked-questions']?.data === undefined) return null;
  return new Set(relatedIds(job, 'picked-questions').flatMap((id) => {
    const picked = included.get(`picked-questions:${id}`);
    const q = picked ? relatedId(picked, 'question') : null;
    return q ? [q] : [];
  }));
}

function answerOf(answer: TtResource, question: TtResource): ScreeningQuestionAnswer | null {
  const q = attributesOf(question, questionAttributes);
  const a = attributesOf(answer, answerAttributes);
  const base = { remote_id: question.id, title: clean(q.title) ?? question.id };
  const text = a.text ?? null;
  switch (typeOf(q)) {
    case 'text':
      return { question: { ...base, type: 'TEXT' }, answer: { content: text } };
    case 'boolean':
    case 'yesno':
      return { question: { ...base, type: 'BOOLEAN' }, answer: { checked: a.boolean ?? null } };
    case 'range':
      return { question: { ...base, type: 'NUMBER' }, answer: { number: a.range ?? null } };
    case 'number': {
      const n = text === null || text.trim() === '' ? NaN : Number(text);
      return { question: { ...base, type: 'NUMBER' }, answer: { number: Number.isFinite(n) ? n : null } };
    }
    case 'date': {
      const t = text ? Date.parse(text) : NaN;
      return { question: { ...base, type: 'DATE' }, answer: { date: Number.isNaN(t) ? null : new Date(t).toISOString() } };
    }
    case 'file':
    case 'video':
      return null;
    case 'choice': {
      const alternatives = alternativesOf(q);
      const chosen = (a.choices ?? []).map(String);
      const titles = alternatives ? chosen.map((id) => alternatives.find((alt) => alt.id === id)?.title) : [];
      if (!alternatives || titles.some((t) => t === undefined)) return { question: { ...base, type: 'UNKNOWN' }, answer: { raw: { choices: a.choices ?? [] } } };
      const names = titles.filter((t): t is string => t !== undefined);
      return q.multiple ? { question: { ...base, type: 'MULTI_SELECT' }, answer: { choices: names } } : { question: { ...base, type: 'SINGLE_SELECT' }, answer: { choice: names[0] ?? null } };
    }
    default:
      return { question: { ...base, type: 'UNKNOWN' }, answer: { raw: { ...answer.attributes } } };
  }
}

/**
 * An application's answers (`include=candidate.answers.question,job.picked-questions.question`):
 * the candidate's answers to the questions of the application's job. Null when the document did
 * not include the candidate's answers.
 */
export function applicationAnswers(app: TtResource, included: Included): ScreeningQuestionAnswer[] | null {
  const candidateId = relatedId(app, 'candidate');
  const candidate = candidateId ? included.get(`candidates:${candidateId}`) : undefined;
  if (!candidate || candidate.relationships['answers']?.data === undefined) return null;
  const asked = askedBy(relatedId(app, 'job'), included);
  return relatedIds(candidate, 'answers').flatMap((id) => {
    const answer = included.get(`answers:${id}`);
    const questionId = answer ? relatedId(answer, 'question') : null;
    const question = questionId ? included.get(`questions:${questionId}`) : undefined;
    if (!answer || !question || (asked && !asked.has(question.id))) return [];
    const mapped = answerOf(answer, question);
    return mapped ? [mapped] : [];
  });
}
