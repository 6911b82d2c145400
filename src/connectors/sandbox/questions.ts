/** Screening question templates for sandbox jobs, and how candidates answer them. */
import type { ScreeningQuestionAnswer, ScreeningQuestionFormat } from '../../model/common.js';
import type { SourceScreeningQuestion } from '../source-records.js';
import { LANGUAGES, MOTIVATIONS } from './names.js';
import type { Rng } from './prng.js';
import { slug } from './shared.js';

interface QuestionTemplate {
  key: string;
  title: string;
  description: string | null;
  format: (questionId: string) => ScreeningQuestionFormat;
}

const options = (questionId: string, names: readonly string[]) =>
  names.map((name, i) => ({ id: `${questionId}-opt-${i + 1}`, remote_id: `${questionId}-opt-${i + 1}`, name }));

export const QUESTION_TEMPLATES: readonly QuestionTemplate[] = [
  { key: 'motivation', title: 'Why do you want to join us?', description: 'A few sentences are enough.', format: () => ({ type: 'TEXT', display_type: 'MULTI_LINE', max_length: 2000 }) },
  { key: 'portfolio', title: 'Link to your portfolio or GitHub profile', description: null, format: () => ({ type: 'TEXT', display_type: 'URL', max_length: 500 }) },
  {
    key: 'notice',
    title: 'What is your notice period?',
    description: null,
    format: (id) => ({ type: 'SINGLE_SELECT', display_type: 'DROPDOWN', options: options(id, ['Immediately', '2 weeks', '1 month', '2 months', '3 months or more']) }),
  },
  {
    key: 'heard',
    title: 'How did you hear about this job?',
    description: null,
    format: (id) => ({ type: 'SINGLE_SELECT', display_type: 'RADIO', options: options(id, ['LinkedIn', 'Company website', 'Friend or colleague', 'Job board', 'Other']) }),
  },
  { key: 'authorized', title: 'Are you legally authorized to work in the country of this position?', description: null, format: () => ({ type: 'BOOLEAN' }) },
  { key: 'visa', title: 'Will you now or in the future require visa sponsorship?', description: 'Only asked when you are not authorized to work in the country.', format: () => ({ type: 'BOOLEAN' }) },
  { key: 'years', title: 'How many years of professional experience do you have?', description: null, format: () => ({ type: 'NUMBER', display_type: 'FIELD', min: 0, max: 50 }) },
  { key: 'salary', title: 'What are your yearly salary expectations?', description: 'Gross, in the currency of the job location.', format: () => ({ type: 'NUMBER', display_type: 'FIELD', min: 0, max: null }) },
  { key: 'languages', title: 'Which languages do you speak fluently?', description: null, format: (id) => ({ type: 'MULTI_SELECT', options: options(id, LANGUAGES) }) },
  { key: 'arrangement', title: 'Which working arrangements would you consider?', description: null, format: (id) => ({ type: 'MULTI_SELECT', options: options(id, ['On-site', 'Hybrid', 'Remote']) }) },
];

/** 0–4 screening questions for a job; `visa` depends on a "no" to `authorized` when both are asked. */
export function generateQuestions(rng: Rng, jobRemoteId: string): SourceScreeningQuestion[] {
  const count = rng.weighted([[0, 20], [1, 20], [2, 25], [3, 20], [4, 15]] as const);
  const chosen = rng.sampleIndexes(QUESTION_TEMPLATES.length, count).flatMap((i) => QUESTION_TEMPLATES[i] ?? []);
  const questions: SourceScreeningQuestion[] = [];
  let authorizedId: string | null = null;
  chosen.forEach((template, index) => {
    const remoteId = `${jobRemoteId}-q-${index + 1}`;
    const dependsOnAuthorized = template.key === 'visa' && authorizedId !== null;
    questions.push({
      remote_id: remoteId,
      title: template.title,
      description: template.description,
      format: template.format(remoteId),
      category: null,
      index,
      required: template.key === 'authorized' || template.key === 'visa' || rng.chance(0.5),
      precondition_question_remote_id: dependsOnAuthorized ? authorizedId : null,
      precondition_options: dependsOnAuthorized ? [false] : null,
    });
    if (template.key === 'authorized') authorizedId = remoteId;
  });
  return questions;
}

export interface Answerer {
  firstName: string;
  lastName: string;
  yearsOfExperience: number;
  salaryExpectation: number;
}

/** Answers for every question the candidate is shown (preconditions honoured, optional ones sometimes skipped). */
export function answerQuestions(rng: Rng, questions: readonly SourceScreeningQuestion[], who: Answerer): ScreeningQuestionAnswer[] {
  const answers: ScreeningQuestionAnswer[] = [];
  const checkedById = new Map<string, boolean>();
  for (const q of questions) {
    const format = q.format;
    const title = q.title ?? '';
    if (format === null) continue;
    if (q.precondition_question_remote_id !== null) {
      const previous = checkedById.get(q.precondition_question_remote_id);
      const wanted = q.precondition_options ?? [];
      if (previous === undefined || !wanted.some((option) => option === previous)) continue;
    }
    if (q.required !== true && rng.chance(0.25)) continue;
    const question = { remote_id: q.remote_id, title };
    switch (format.type) {
      case 'TEXT': {
        const content =
          format.display_type === 'URL' ? `https://github.com/${slug(who.firstName)}${slug(who.lastName)}` : rng.pick(MOTIVATIONS);
        answers.push({ question: { ...question, type: 'TEXT' }, answer: { content } });
        break;
      }
      case 'SINGLE_SELECT':
        answers.push({ question: { ...question, type: 'SINGLE_SELECT' }, answer: { choice: rng.pick(format.options).name } });
        break;
      case 'MULTI_SELECT': {
        const picked = rng.sampleIndexes(format.options.length, rng.int(1, Math.min(3, format.options.length)));
        const choices = picked.flatMap((i) => format.options[i]?.name ?? []);
        answers.push({ question: { ...question, type: 'MULTI_SELECT' }, answer: { choices } });
        break;
      }
      case 'BOOLEAN': {
        const checked = title.includes('sponsorship') ? rng.chance(0.6) : rng.chance(0.85);
        checkedById.set(q.remote_id, checked);
        answers.push({ question: { ...question, type: 'BOOLEAN' }, answer: { checked } });
        break;
      }
      case 'NUMBER': {
        const number = format.max === null || format.max === undefined ? who.salaryExpectation : Math.min(format.max, who.yearsOfExperience);
        answers.push({ question: { ...question, type: 'NUMBER' }, answer: { number } });
        break;
      }
      default:
        break;
    }
  }
  return answers;
}
