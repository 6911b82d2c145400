/**
 * SmartRecruiters' webhooks against the emulator: registration creates one subscription, issues its
 * secret key and activates it through our handshake (all or nothing), removal tolerates what is
 * gone already, and a refresh reads records exactly as a sync lists them.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmartRecruitersEmulator, type SmartRecruitersEmulator } from '../../../emulators/smartrecruiters/app.js';
import { serveEmulator, type RunningEmulator } from '../../../emulators/shared/serve.js';
import { startCallbackServer } from '../../../test/setup/callback-server.js';
import type { ConnectorContext, Page } from '../connector.js';
import { memoryState } from '../memory-state.js';
import type { SourceModel } from '../source-records.js';
import { smartRecruitersConnector } from './connector.js';
import { smartRecruitersWebhooks as hooks } from './webhooks.js';

describe('SmartRecruiters webhooks against the emulator', () => {
  let emu: SmartRecruitersEmulator;
  let running: RunningEmulator;
  beforeAll(async () => {
    emu = createSmartRecruitersEmulator({ seed: 5, size: 25, rateLimitPerSecond: Infinity });
    running = await serveEmulator(emu);
  });
  afterAll(async () => running?.close());

  /** A fresh context per call: nothing is shared between a sync and a refresh. */
  const ctx = (): ConnectorContext => ({ integrationId: 'sr-hooks', credentials: { api_key: emu.credentials['api_key'] ?? '' }, baseUrl: running.url, fetch, logger: pino({ level: 'silent' }), state: memoryState() });
  const register = hooks.register?.bind(hooks);
  const unregister = hooks.unregister?.bind(hooks);
  if (!register || !unregister) throw new Error('SmartRecruiters registers through the API');

  it('registers one active subscription with every event, a secret key issued before activation, and removes it again', async () => {
    const callback = await startCallbackServer();
    try {
      const registration = await register(ctx(), { url: callback.url, secret: 'unused' });
      expect(registration.remoteIds).toHaveLength(1);
      const sub = emu.subscriptions.subscriptions.get(registration.remoteIds[0] ?? '');
      expect(sub).toMatchObject({ status: 'active', callbackUrl: callback.url });
      expect(sub?.events.map((e) => e.name)).toEqual([...hooks.events]);
      expect(registration.issuedSecrets).toEqual([sub?.keys.at(-1)?.key]);
      expect(callback.received.filter((r) => r.headers['x-hook-secret'])).toHaveLength(1);
      await unregister(ctx(), registration);
      expect(emu.subscriptions.subscriptions.size).toBe(0);
      await expect(unregister(ctx(), registration)).resolves.toBeUndefined();
    } finally {
      await callback.close();
    }
  });

  it('fails when the handshake is not echoed and leaves no subscription behind', async () => {
    const callback = await startCallbackServer(() => false);
    try {
      await expect(register(ctx(), { url: callback.url, secret: 'unused' })).rejects.toThrow();
      expect(emu.subscriptions.subscriptions.size).toBe(0);
    } finally {
      await callback.close();
    }
  });

  const listed = async <M extends SourceModel>(model: M) => {
    const records: Page<M>['records'] = [];
    const c = ctx();
    for (let cursor: string | null = null, first = true; first || cursor !== null; first = false) {
      const page: Page<M> = await smartRecruitersConnector.list(c, model, { cursor });
      records.push(...page.records);
      cursor = page.next;
    }
    return records;
  };

  it('refreshes an open and a closed application, a candidate and a job exactly as the sync lists them', async () => {
    const [applications, candidates, jobs] = await Promise.all([listed('applications'), listed('candidates'), listed('jobs')]);
    const open = applications.find((a) => a.outcome === 'PENDING');
    const closed = applications.find((a) => a.outcome === 'DECLINED');
    const job = jobs[0];
    if (!open || !closed || !job) throw new Error('the seed lacks an open or a closed application or a job');
    const result = await hooks.refresh(ctx(), [
      { model: 'applications', remote_id: open.remote_id },
      { model: 'applications', remote_id: closed.remote_id },
      { model: 'candidates', remote_id: closed.candidate_remote_id },
      { model: 'jobs', remote_id: job.remote_id },
    ]);
    expect(result.gone).toEqual([]);
    expect(result.records.applications).toEqual([open, closed]);
    expect(result.records.candidates).toEqual([candidates.find((c) => c.remote_id === closed.candidate_remote_id)]);
    expect(result.records.jobs).toEqual([job]);
  });

  it('reports a deleted candidate, its applications and an unknown job as gone', async () => {
    const victim = emu.state.candidates[0];
    const jobId = victim?.assignments[0]?.jobId;
    if (!victim || !jobId) throw new Error('no candidate with an application');
    emu.state.candidates = emu.state.candidates.filter((c) => c !== victim);
    const result = await hooks.refresh(ctx(), [
      { model: 'applications', remote_id: `${victim.id}:${jobId}` },
      { model: 'candidates', remote_id: victim.id },
      { model: 'jobs', remote_id: 'no-such-job' },
    ]);
    expect(result.gone).toEqual([
      { model: 'candidates', remote_id: victim.id },
      { model: 'applications', remote_id: `${victim.id}:${jobId}` },
      { model: 'jobs', remote_id: 'no-such-job' },
    ]);
  });
});
