/**
 * Screening-question answers of a new application, checked against the job's questions as
 * stored by the last sync (contract §4.18): each answer must fit its question's format (a
 * mismatch is a 400 naming the answer); option ids become remote ids; an unknown question id
 * only yields a warning and the answer is left out.
 */
import type { FileToUpload, ScreeningAnswerInput } from '../connectors/writes.js';
import type { FileUploadBody, ScreeningAnswerBody } from './schemas.js';
import { fieldError, fileUploadProblems } from './validation.js';

export interface StoredQuestion {
  id: string;
  remote_id: string | null;
  title: string | null;
  format: { type: string; options?: Array<{ id: string; remote_id?: string | null; name: string }>; min?: number | null; max?: number | null } | null;
}

export interface ResolvedAnswers {
  answers: ScreeningAnswerInput[];
  warnings: string[];
}

const isFile = (value: unknown): value is FileUploadBody => typeof value === 'object' && value !== null && !Array.isArray(value);
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

export async function resolveScreeningAnswers(
  questions: readonly StoredQuestion[],
  answers: readonly ScreeningAnswerBody[],
  loadFile: (upload: FileUploadBody, path: string) => Promise<FileToUpload>,
): Promise<ResolvedAnswers> {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const out: ScreeningAnswerInput[] = [];
  const warnings: string[] = [];
  for (const [i, entry] of answers.entries()) {
    const path = `screening_question_answers.${i}.answer`;
    const question = byId.get(entry.question_id);
    if (!question || !question.remote_id) {
      warnings.push(`screening_question_answers.${i}: "${entry.question_id}" is not a screening question of this job; the answer was not sent.`);
      continue;
    }
    const title = question.title ? `"${question.title}"` : `"${question.id}"`;
    const wrong = (expected: string) => fieldError(path, `the question ${title} takes ${expected}.`);
    const question_remote_id = question.remote_id;
    const value = entry.answer;
    const format = question.format;
    const options = format?.options ?? [];
    const option = (optionId: string) => {
      const found = options.find((o) => o.id === optionId);
      if (!found) throw fieldError(path, `"${optionId}" is not an option of the question ${title}; its options are ${options.map((o) => `${o.id} (${o.name})`).join(', ')}.`);
      return found.remote_id ?? found.id;
    };
    switch (format?.type ?? 'UNKNOWN') {
      case 'TEXT':
        if (typeof value !== 'string') throw wrong('text');
        out.push({ question_remote_id, type: 'TEXT', value });
        break;
      case 'NUMBER': {
        if (typeof value !== 'number' || !Number.isFinite(value)) throw wrong('a number');
        if (typeof format?.min === 'number' && value < format.min) throw fieldError(path, `${value} is below the minimum of ${format.min} for the question ${title}.`);
        if (typeof format?.max === 'number' && value > format.max) throw fieldError(path, `${value} is above the maximum of ${format.max} for the question ${title}.`);
        out.push({ question_remote_id, type: 'NUMBER', value });
        break;
      }
      case 'BOOLEAN':
        if (typeof value !== 'boolean') throw wrong('true or false');
        out.push({ question_remote_id, type: 'BOOLEAN', value });
        break;
      case 'DATE':
        if (typeof value !== 'string' || !ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) throw wrong('an ISO 8601 date-time');
        out.push({ question_remote_id, type: 'DATE', value: new Date(value).toISOString() });
        break;
      case 'SINGLE_SELECT':
        if (typeof value !== 'string') throw wrong('one option id');
        out.push({ question_remote_id, type: 'SINGLE_SELECT', option_remote_id: option(value) });
        break;
      case 'MULTI_SELECT':
        if (!Array.isArray(value)) throw wrong('a list of option ids');
        out.push({ question_remote_id, type: 'MULTI_SELECT', option_remote_ids: value.map(option) });
        break;
      case 'FILE': {
        if (!isFile(value)) throw wrong('a file ({ name, data or data_url })');
        const problem = fileUploadProblems(value)[0];
        if (problem) throw fieldError(`${path}.${problem.path.join('.')}`, problem.message);
        out.push({ question_remote_id, type: 'FILE', file: await loadFile(value, path) });
        break;
      }
      case 'INFORMATION':
        warnings.push(`screening_question_answers.${i}: the question ${title} only shows information and takes no answer; the answer was not sent.`);
        break;
      default:
        out.push({ question_remote_id, type: 'UNKNOWN', value });
    }
  }
  return { answers: out, warnings };
}
