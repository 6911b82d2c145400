/**
 * Completing Harvest v3 records with what v3 no longer nests, shared by listings and writes:
 * candidates' tag ids (candidates carry tag names) and applications' rejection reasons (from
 * `/v3/rejection_details`, named through `/v3/rejection_reasons`).
 */
import type { SourceApplication, SourceCandidate } from '../source-records.js';
import type { HarvestClient } from './client.js';
import { withHarvestExtras } from './extras.js';
import { mapApplication, mapCandidate } from './mapping.js';
import { applicationSchema, candidateSchema, candidateTagSchema, rejectionDetailSchema, rejectionReasonSchema, type GhApplication, type GhCandidate } from './vendor-schemas.js';

/** Tag ids by lower-cased name (candidates carry tag names only). */
export async function tagIdsByName(gh: HarvestClient): Promise<Map<string, number>> {
  const tags = await gh.all('candidate_tags', candidateTagSchema);
  return new Map(tags.map((t) => [t.name.toLowerCase(), t.id]));
}

/**
 * The tag list per connector context (one sync run, one write action): a large account's
 * candidates come in hundreds of pages, and Greenhouse allows a request or two per second.
 * A name the kept list lacks (a tag created meanwhile) reads the list again.
 */
const tagLists = new WeakMap<object, Promise<Map<string, number>>>();

async function tagsFor(gh: HarvestClient, names: readonly string[]): Promise<Map<string, number>> {
  let tags = tagLists.get(gh.ctx);
  if (tags) {
    const known = await tags.catch(() => null);
    if (known && names.every((n) => known.has(n.toLowerCase()))) return known;
  }
  tags = tagIdsByName(gh);
  tagLists.set(gh.ctx, tags);
  return tags;
}

export async function completeCandidates(gh: HarvestClient, candidates: readonly GhCandidate[]): Promise<SourceCandidate[]> {
  const names = candidates.flatMap((c) => c.tags);
  const tags = names.length > 0 ? await tagsFor(gh, names) : new Map<string, number>();
  return candidates.map((c) => withHarvestExtras(mapCandidate(c, tags), c));
}

/** Adds what `/v3/applications` leaves out: rejection reason (from `/v3/rejection_details`) and its name. */
export async function completeApplications(gh: HarvestClient, apps: readonly GhApplication[]): Promise<SourceApplication[]> {
  const rejected = apps.filter((a) => a.status === 'rejected').map((a) => a.id);
  const details = rejected.length ? await gh.byIds('rejection_details', rejectionDetailSchema, 'application_ids', rejected) : [];
  const byApp = new Map(details.map((d) => [d.application_id, d]));
  const reasonIds = details.map((d) => d.rejection_reason_id).filter((id): id is number => id !== null);
  const reasons = reasonIds.length ? await gh.byIds('rejection_reasons', rejectionReasonSchema, 'ids', reasonIds, { include_defaults: 'true' }) : [];
  const names = new Map(reasons.map((r) => [r.id, r.name]));
  return apps.map((a) => withHarvestExtras(mapApplication(a, { detail: byApp.get(a.id), reasonNames: names }), a));
}

/** The applications with these ids as source records (missing ones are left out). */
export async function applicationRecords(gh: HarvestClient, ids: readonly number[]): Promise<SourceApplication[]> {
  return completeApplications(gh, await gh.byIds('applications', applicationSchema, 'ids', ids));
}

/** The candidates with these ids as source records (missing ones are left out). */
export async function candidateRecords(gh: HarvestClient, ids: readonly number[]): Promise<SourceCandidate[]> {
  return completeCandidates(gh, await gh.byIds('candidates', candidateSchema, 'ids', ids));
}
