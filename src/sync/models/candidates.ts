import type { SourceCandidate } from '../../connectors/source-records.js';
import { nestedChildren, RawJson, type ModelSpec } from '../model-spec.js';
import { keysOf, lower } from './helpers.js';
import { jobRef, stageCore, stageRef } from './nested-refs.js';

export const candidatesSpec: ModelSpec<SourceCandidate> = {
  model: 'candidates',
  toOwn(candidate, ref) {
    const fields = {
      remote_id: candidate.remote_id,
      first_name: candidate.first_name,
      last_name: candidate.last_name,
      company: candidate.company,
      title: candidate.title,
      confidential: candidate.confidential,
      source: candidate.source,
      phone_numbers: candidate.phone_numbers,
      email_addresses: candidate.email_addresses,
      social_media: candidate.social_media,
      location: candidate.location,
      custom_fields: null,
      remote_url: candidate.remote_url,
      remote_created_at: candidate.remote_created_at,
      remote_updated_at: candidate.remote_updated_at,
    };
    const parts = {
      tags: candidate.tags.map((t) => ({ id: ref('tags', t.remote_id), remote_id: t.remote_id, name: t.name })),
    };
    const keys = keysOf([
      ...candidate.email_addresses.map((e) => ['email', lower(e.email_address)] as const),
      ['first_name', lower(candidate.first_name)],
      ['last_name', lower(candidate.last_name)],
    ]);
    // Tags: added or removed only (§2.5).
    return { fields, parts, tracked: parts.tags.map((t) => t.id), keys };
  },
  appends: true,
  nests: 'applications',
  async compose(records, lookups) {
    // Applications come with each candidate as JSON text (applicationsSpec.embed) and are spliced, never parsed.
    const applications = records.map((record) => nestedChildren(record.nested));
    // The stage and job an application nests, by (job, stage): the same few pairs on every page.
    const refs = await lookups.memo('candidate-application-refs');
    // Each key is looked up once: the keys are slices of the stored text, which V8 hashes and
    // compares character by character (a tenth of a page's time when looked up twice).
    const found = applications.map((apps) => apps.map((app) => refs.get(app.refs)));
    const unknown = new Set<string>();
    applications.forEach((apps, i) =>
      apps.forEach((app, j) => {
        if (found[i]?.[j] === undefined) unknown.add(app.refs);
      }),
    );
    if (unknown.size) {
      const pairs = [...unknown].map((key) => key.split(' ') as [string, string]);
      const jobs = await lookups.byIds('jobs', pairs.flatMap(([job]) => (job ? [job] : [])));
      const stages = await lookups.byIds('application_stages', pairs.flatMap(([, stage]) => (stage ? [stage] : [])));
      for (const [jobId, stageId] of pairs) {
        const job = jobs.get(jobId);
        // Keyed by a joined copy: the key read is a slice of a candidate's stored text, and as a memo
        // key would keep all of that text alive (16 MB of the 48 MB a walk's heap kept).
        // The value joined, not concatenated: a flat string, which every page that nests it copies without walking a rope.
        refs.set([jobId, stageId].join(' '), [',"current_stage":', JSON.stringify(stageCore(stageRef(stageId || null, job, stages))), ',"job":', JSON.stringify(jobRef(job)), '}'].join(''));
      }
    }
    return applications.map((apps, a) => {
      const pieces = ['['];
      for (let i = 0; i < apps.length; i++) {
        const app = apps[i] as { refs: string; text: string };
        if (i > 0) pieces.push(',');
        pieces.push(app.text, found[a]?.[i] ?? refs.get(app.refs) ?? '}');
      }
      pieces.push(']');
      return { applications: new RawJson(pieces) };
    });
  },
};
