/** The Sandbox connector in fault mode: same data through faults, churn between epochs, incremental reads. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { VendorError } from '../../lib/errors.js';
import { createLogger } from '../../lib/logger.js';
import type { ConnectorContext, Page } from '../connector.js';
import type { ConnectorWrites } from '../writes.js';
import { memoryState } from '../memory-state.js';
import { SOURCE_MODELS, type SourceModel, type SourceRecordMap } from '../source-records.js';
import { ChurnView, readEpochs } from './churn.js';
import { sandboxConnector } from './connector.js';
import { SandboxGenerator } from './generator.js';
import { sandboxTransport } from './transport.js';

const SIZE = 260;
const base = { size: String(SIZE), seed: '4' };
const generator = new SandboxGenerator({ size: SIZE, seed: 4 });

function context(credentials: Record<string, string>): ConnectorContext {
  return { integrationId: `faults-test-${randomUUID()}`, credentials: { ...base, ...credentials }, baseUrl: null, fetch, logger: createLogger('silent'), state: memoryState() };
}

async function listAll<M extends SourceModel>(ctx: ConnectorContext, model: M, since?: string): Promise<Array<SourceRecordMap[M]>> {
  const out: Array<SourceRecordMap[M]> = [];
  let cursor: string | null = null;
  do {
    const page: Page<M> = await sandboxConnector.list(ctx, model, since === undefined ? { cursor } : { cursor, since });
    out.push(...page.records);
    cursor = page.next;
  } while (cursor);
  return out;
}

const ids = (records: ReadonlyArray<{ remote_id: string }>) => records.map((r) => r.remote_id);
/** Lists every model like a sync does (users first, which begins a churn epoch). */
async function syncLike(ctx: ConnectorContext, since?: string): Promise<Map<SourceModel, string[]>> {
  const out = new Map<SourceModel, string[]>();
  for (const model of SOURCE_MODELS) out.set(model, ids(await listAll(ctx, model, since)));
  return out;
}
const absentCandidates = (listed: readonly string[]) => ids(generator.slice('candidates', 0, SIZE).records).filter((id) => !listed.includes(id));

describe('sandbox fault mode', () => {
  it('lists exactly the fault-free data through 429s, 500s, drops and slow pages', async () => {
    // Faults follow from the seed and the request sequence: seed 4 meets each kind, never six in a row.
    const ctx = context({ fail_rate_429: '0.1', retry_after_seconds: '0.01', fail_rate_500: '0.1', drop_rate: '0.1', slow_ms: '2' });
    for (const model of SOURCE_MODELS) {
      expect(await listAll(ctx, model), model).toEqual(generator.slice(model, 0, Number.MAX_SAFE_INTEGER).records);
    }
    const counts = sandboxTransport(ctx.integrationId)?.counts;
    expect(counts?.rate_limited).toBeGreaterThan(0);
    expect(counts?.server_error).toBeGreaterThan(0);
    expect(counts?.dropped).toBeGreaterThan(0);
  });

  it('deletes a churn share of candidates with everything hanging off them in each epoch, and re-creates them later', async () => {
    const ctx = context({ churn: '0.2' });
    const first = await syncLike(ctx);
    const second = await syncLike(ctx);
    expect((await readEpochs(ctx.state)).current).toBe(2);
    const goneFirst = absentCandidates(first.get('candidates') ?? []);
    const goneSecond = absentCandidates(second.get('candidates') ?? []);
    expect(goneFirst.length).toBeGreaterThan(SIZE * 0.1);
    expect(goneFirst.length).toBeLessThan(SIZE * 0.3);
    // Some come back in the next epoch under the same ids; others go.
    expect(goneFirst.filter((id) => !goneSecond.includes(id)).length).toBeGreaterThan(0);
    expect(goneSecond.filter((id) => !goneFirst.includes(id)).length).toBeGreaterThan(0);
    for (const listing of [first, second]) {
      const gone = new Set(absentCandidates(listing.get('candidates') ?? []));
      const applications = await listAll({ ...ctx, credentials: base }, 'applications');
      const present = new Set(listing.get('applications'));
      for (const app of applications) expect(present.has(app.remote_id), app.remote_id).toBe(!gone.has(app.candidate_remote_id));
      for (const model of ['interviews', 'offers'] as const) {
        const all = await listAll({ ...ctx, credentials: base }, model);
        const listed = new Set(listing.get(model));
        for (const record of all) expect(listed.has(record.remote_id), record.remote_id).toBe(present.has(record.application_remote_id ?? ''));
      }
      expect(listing.get('jobs')).toHaveLength(generator.counts.jobs);
    }
  });

  it('keeps a listing in its epoch while a new one begins', async () => {
    const ctx = context({ churn: '0.3' });
    await listAll(ctx, 'users');
    const page = await sandboxConnector.list(ctx, 'candidates', { cursor: null });
    await listAll(ctx, 'users');
    const rest = page.next === null ? { records: [] } : await sandboxConnector.list(ctx, 'candidates', { cursor: page.next });
    const mixed = [...ids(page.records), ...ids(rest.records)];
    // Epoch 1's listing, resumed in epoch 2, is epoch 1's throughout.
    const epochOne = new ChurnView(4, 0.3, { current: 1, starts: [] });
    const present = Array.from({ length: SIZE }, (_, i) => i).filter((i) => !epochOne.absent(i));
    expect(mixed).toEqual(present.map((i) => `cand-${i + 1}`));
    expect(ids(await listAll(ctx, 'candidates'))).not.toEqual(mixed);
  });

  it('lists what changed since an instant, and reports what was deleted since', async () => {
    const ctx = context({ churn: '0.2' });
    const full = await syncLike(ctx);
    const since = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const delta = await syncLike(ctx, since);
    // Listing candidates or applications from the start does not begin an epoch: this is the delta's epoch.
    const current = ids(await listAll(ctx, 'candidates'));
    const before = full.get('candidates') ?? [];
    const recreated = current.filter((id) => !before.includes(id));
    expect(recreated.length).toBeGreaterThan(0);
    // Re-created candidates come with everything hanging off them; generated records changed long ago.
    expect(delta.get('candidates')).toEqual(recreated);
    const applications = (await listAll(ctx, 'applications')).filter((a) => recreated.includes(a.candidate_remote_id));
    expect(delta.get('applications')).toEqual(ids(applications));
    expect(delta.get('jobs')).toEqual([]);
    // Models without timestamps are listed whole.
    expect(delta.get('users')).toEqual(full.get('users'));

    const deleted = (await sandboxConnector.listDeleted?.(ctx, since)) ?? [];
    const vanished = before.filter((id) => !current.includes(id));
    expect(vanished.length).toBeGreaterThan(0);
    expect(deleted.filter((d) => d.model === 'candidates').map((d) => d.remote_id)).toEqual(vanished);
    const vanishedApplications = generator.slice('applications', 0, SIZE).records.filter((a) => vanished.includes(a.candidate_remote_id));
    expect(deleted.filter((d) => d.model === 'applications').map((d) => d.remote_id)).toEqual(ids(vanishedApplications));
    expect(new Set(deleted.map((d) => d.model))).toEqual(new Set(['candidates', 'applications', 'interviews', 'offers', 'attachments']));
    // Nothing was deleted since the current epoch began.
    expect(await sandboxConnector.listDeleted?.(ctx, new Date().toISOString())).toEqual([]);
  });

  it('lists records a write changed since an instant, without churn too', async () => {
    const ctx = context({});
    const since = new Date(Date.now() - 1000).toISOString();
    const writes = sandboxConnector.writes as Required<ConnectorWrites>;
    await writes.addCandidateTag(ctx, { candidate_remote_id: 'cand-7', tag_name: 'Delta', remote_fields: {} });
    expect(ids(await listAll(ctx, 'candidates', since))).toEqual(['cand-7']);
    expect(await listAll(ctx, 'applications', since)).toEqual([]);
    expect(await sandboxConnector.listDeleted?.(ctx, since)).toEqual([]);
    // Without churn no epoch is kept.
    expect(await ctx.state.get('sandbox:epoch')).toBeNull();
  });
});

describe('sandbox writes and downloads under churn', () => {
  it('cannot reach a candidate deleted in the current epoch', async () => {
    const ctx = context({ churn: '0.3' });
    await listAll(ctx, 'users');
    const gone = absentCandidates(ids(await listAll(ctx, 'candidates')));
    const present = ids(await listAll(ctx, 'candidates'))[0] ?? '';
    const target = gone[0] ?? '';
    const writes = sandboxConnector.writes as Required<ConnectorWrites>;
    const error = await writes.addCandidateTag(ctx, { candidate_remote_id: target, tag_name: 'Gone', remote_fields: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorError);
    expect(error).toMatchObject({ code: 'REMOTE.INPUT_INVALID', message: `The sandbox has no candidate "${target}".` });
    const ok = await writes.addCandidateTag(ctx, { candidate_remote_id: present, tag_name: 'Here', remote_fields: {} });
    expect(ok.records.candidates?.[0]?.remote_id).toBe(present);
    const index = Number(target.slice('cand-'.length)) - 1;
    const cv = generator.candidate(index).attachments[0];
    if (!cv) throw new Error('every candidate has a CV');
    await expect(sandboxConnector.downloadAttachment(ctx, cv)).rejects.toMatchObject({ code: 'REMOTE.INPUT_INVALID' });
  });
});
