/** A sandbox candidate and everything hanging off it, generated from the candidate index alone. */
import type { EmailAddress, PhoneNumber, SocialMedia } from '../../model/common.js';
import type { SourceApplication, SourceAttachment, SourceCandidate, SourceInterview, SourceOffer } from '../source-records.js';
import { generateApplication } from './applications.js';
import { TAGS } from './catalog.js';
import { acceptsApplications, type GeneratedJob, type JobStatus } from './jobs.js';
import { CANDIDATE_SOURCES, CITIES, COMPANIES, DEPARTMENTS, FIRST_NAMES, LAST_NAMES, PERSONAL_EMAIL_DOMAINS } from './names.js';
import { Rng } from './prng.js';
import { HOUR_MS, MINUTE_MS, REMOTE_BASE_URL, digits, iso, slug, toAscii } from './shared.js';

export interface CandidateBundle {
  candidate: SourceCandidate;
  applications: SourceApplication[];
  interviews: SourceInterview[];
  offers: SourceOffer[];
  attachments: SourceAttachment[];
}

/** Where candidates find their jobs (backed by a cache in the generator). */
export interface JobSource {
  count: number;
  status(index: number): JobStatus;
  get(index: number): GeneratedJob;
}

export const candidateRemoteId = (index: number): string => `cand-${index + 1}`;

/** File-name friendly: ASCII letters and digits, words joined with underscores. */
const fileWord = (text: string): string => toAscii(text).replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '');

/** 1–3 distinct jobs that accept applications, open ones favoured. */
function pickJobs(rng: Rng, jobs: JobSource, count: number): number[] {
  const picked: number[] = [];
  for (let tries = 0; picked.length < count && tries < 40; tries++) {
    const j = rng.int(0, jobs.count - 1);
    const status = jobs.status(j);
    if (picked.includes(j) || !acceptsApplications(status)) continue;
    if (status !== 'OPEN' && rng.chance(0.5)) continue;
    picked.push(j);
  }
  // The first three jobs are always open, so this ends quickly.
  for (let j = 0; picked.length < count && j < jobs.count; j++) {
    if (!picked.includes(j) && acceptsApplications(jobs.status(j))) picked.push(j);
  }
  return picked;
}

function phoneNumber(rng: Rng, dial: string): string {
  const next = () => rng.next();
  // North American numbers use the fictional 555-01xx range.
  return dial.startsWith('+1 ') ? `${dial} 555 01${digits(2, next)}` : `${dial} ${digits(4, next)} ${digits(4, next)}`;
}

export function generateCandidateBundle(seed: number, jobs: JobSource, index: number): CandidateBundle {
  const rng = new Rng(seed, 'candidate', index);
  const id = candidateRemoteId(index);
  const firstName = rng.pick(FIRST_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  const city = rng.pick(CITIES);
  const department = rng.pick(DEPARTMENTS);
  const seniority = rng.weighted([['', 55], ['Senior ', 30], ['Lead ', 10], ['Principal ', 5]] as const);
  const employed = rng.chance(0.9);
  const title = employed ? `${seniority}${rng.pick(department.titles)}` : null;
  const company = employed ? rng.pick(COMPANIES) : null;
  const years = rng.int(0, 6) + (seniority === '' ? 0 : seniority === 'Senior ' ? 5 : 9);
  const source = rng.weighted(CANDIDATE_SOURCES);

  const email_addresses: EmailAddress[] = [
    { email_address: `${slug(firstName)}.${slug(lastName)}${index + 1}@${rng.pick(PERSONAL_EMAIL_DOMAINS)}`, type: 'PERSONAL' },
  ];
  if (company !== null && rng.chance(0.25)) {
    email_addresses.push({ email_address: `${slug(firstName)}.${slug(lastName)}@${slug(company)}.example`, type: 'WORK' });
  }
  const phone_numbers: PhoneNumber[] = rng.chance(0.9) ? [{ phone_number: phoneNumber(rng, city.dial), type: 'MOBILE' }] : [];
  if (phone_numbers.length > 0 && rng.chance(0.1)) phone_numbers.push({ phone_number: phoneNumber(rng, city.dial), type: 'WORK' });
  const handle = `${slug(firstName)}-${slug(lastName)}-${(index + 1).toString(36)}`;
  const social_media: SocialMedia[] = [];
  if (rng.chance(0.75)) social_media.push({ type: 'LINKEDIN', link: `https://www.linkedin.com/in/${handle}`, username: handle });
  if (department.code === 'ENG' && rng.chance(0.4)) social_media.push({ type: 'GITHUB', link: `https://github.com/${handle}`, username: handle });
  const tags = rng.sample(TAGS, rng.weighted([[0, 50], [1, 30], [2, 14], [3, 6]] as const)).map((t) => ({ remote_id: t.remote_id, name: t.name }));
  const confidential = rng.chance(0.02);
  const leadMinutes = rng.int(2, 180);

  // Applications come from their own stream so the person's fields stay put when application logic changes.
  const appRng = new Rng(seed, 'applications', index);
  const jobIndexes = pickJobs(appRng, jobs, appRng.weighted([[1, 65], [2, 25], [3, 10]] as const));
  const generated = jobIndexes.map((jobIndex, a) => {
    const job = jobs.get(jobIndex);
    const salaryExpectation = Math.round((department.baseSalary * job.city.salaryFactor * (0.8 + appRng.next() * 0.5)) / 1000) * 1000;
    return generateApplication(appRng, {
      remoteId: `app-${index + 1}-${a + 1}`,
      candidateRemoteId: id,
      candidateName: `${firstName} ${lastName}`,
      job,
      answerer: { firstName, lastName, yearsOfExperience: years, salaryExpectation },
    });
  });
  const createdMs = Math.min(...generated.map((g) => g.createdMs)) - leadMinutes * MINUTE_MS;
  const updatedMs = Math.max(...generated.map((g) => g.updatedMs));

  const candidate: SourceCandidate = {
    remote_id: id,
    first_name: firstName,
    last_name: lastName,
    company,
    title,
    confidential,
    source,
    phone_numbers,
    email_addresses,
    social_media,
    location: { city: city.city, state: city.state, country: city.country, raw: `${city.city}, ${city.countryName}` },
    remote_url: `${REMOTE_BASE_URL}/candidates/${id}`,
    tags,
    remote_created_at: iso(createdMs),
    remote_updated_at: iso(updatedMs),
  };

  const name = `${fileWord(firstName)}_${fileWord(lastName)}`;
  const attachments: SourceAttachment[] = [
    {
      remote_id: `att-${index + 1}-cv`,
      candidate_remote_id: id,
      application_remote_id: null,
      type: 'CV',
      file_name: `${name}_CV.pdf`,
      content_type: 'application/pdf',
      remote_created_at: iso(createdMs),
      remote_updated_at: iso(createdMs),
    },
  ];
  generated.forEach((g, a) => {
    if (!appRng.chance(0.3)) return;
    attachments.push({
      remote_id: `att-${index + 1}-${a + 1}-cover-letter`,
      candidate_remote_id: id,
      application_remote_id: g.application.remote_id,
      type: 'COVER_LETTER',
      file_name: `Cover_Letter_${name}.txt`,
      content_type: 'text/plain; charset=utf-8',
      remote_created_at: iso(g.createdMs),
      remote_updated_at: iso(g.createdMs),
    });
  });
  if (appRng.chance(0.05)) {
    const at = iso(Math.max(createdMs + HOUR_MS, updatedMs));
    attachments.push({
      remote_id: `att-${index + 1}-references`,
      candidate_remote_id: id,
      application_remote_id: null,
      type: 'OTHER',
      file_name: `${name}_References.txt`,
      content_type: 'text/plain; charset=utf-8',
      remote_created_at: at,
      remote_updated_at: at,
    });
  }

  return {
    candidate,
    applications: generated.map((g) => g.application),
    interviews: generated.flatMap((g) => g.interviews),
    offers: generated.flatMap((g) => (g.offer === null ? [] : [g.offer])),
    attachments,
  };
}
