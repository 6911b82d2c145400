import type { SourceCandidate } from '../../connectors/source-records.js';
import { RawJson, type Embedded, type ModelSpec } from '../model-spec.js';
import { keysOf, lower } from './helpers.js';
import { idsOf, jobRef, stageCore, stageRef } from './nested-refs.js';

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
  async compose(records, lookups) {
    // Applications come from an index as JSON text (applicationsSpec.embed) and are spliced, never parsed.
    const applications = await lookups.embeddedIn(
      'applications',
      records.map((r) => r.id),
    );
    // The stage and job an application nests, by (job, stage): the same few pairs on every page.
    const refs = await lookups.memo('candidate-application-refs');
    const refKey = (app: Embedded) => `${app.links.job_id ?? ''}\u0000${app.links.current_stage_id ?? ''}`;
    const unknown = [...applications.values()].flat().filter((app) => !refs.has(refKey(app)));
    if (unknown.length) {
      const jobs = await lookups.byIds('jobs', idsOf(unknown, 'job_id'));
      const stages = await lookups.byIds('application_stages', idsOf(unknown, 'current_stage_id'));
      for (const app of unknown) {
        const job = jobs.get(app.links.job_id ?? '');
        refs.set(refKey(app), `"current_stage":${JSON.stringify(stageCore(stageRef(app.links.current_stage_id, job, stages)))},"job":${JSON.stringify(jobRef(job))}`);
      }
    }
    return records.map((parsed) => {
      const apps = applications.get(parsed.id) ?? [];
      const pieces: string[] = [];
      for (const app of apps) {
        // Our ids and timestamps need no escaping; a vendor's remote id might.
        pieces.push(`{"id":"${app.id}","remote_id":${JSON.stringify(app.remote_id)},`, app.text.length > 2 ? `${app.text.slice(1, -1)},` : '', `"changed_at":"${app.changed_at}",`, refs.get(refKey(app)) ?? '', '},');
      }
      if (pieces.length) pieces[pieces.length - 1] = '}';
      // One flat string (a join), not a rope of many small ones that writing the response must flatten.
      return { applications: new RawJson(`[${pieces.join('')}]`) };
    });
  },
};
