/**
 * Ashby writes against the emulator over HTTP, on the points Ashby's API reference settles:
 * uploads fall back to the presigned-handle flow (`file.createFileUploadHandle`) when the
 * deprecated multipart body is refused; rejections send `archiveReasonId` only to the Archived
 * stage (archive fields on other stages are refused); and a sync token Ashby calls
 * `sync_token_invalid` falls back to a full listing.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAshbyEmulator, type AshbyEmulator } from '../../../emulators/ashby/app.js';
import type { Json } from '../../../emulators/ashby/state.js';
import { serveEmulator, type RunningEmulator } from '../../../emulators/shared/serve.js';
import { AppError } from '../../lib/errors.js';
import { DEFAULT_POLICY, politeFetch, type Fetcher } from '../../lib/polite-fetch.js';
import type { ConnectorContext } from '../connector.js';
import { listAll } from '../../../test/contract/run-connector-contract.js';
import { memoryState } from '../memory-state.js';
import type { FileToUpload } from '../writes.js';
import { ashbyConnector } from './connector.js';
import { syncTokenKey } from './reads.js';

let emu: AshbyEmulator;
let running: RunningEmulator;

function context(fetch: Fetcher = globalThis.fetch): ConnectorContext {
  return {
    integrationId: 'ashby:writes',
    credentials: { api_key: emu.credentials['api_key'] ?? '' },
    baseUrl: running.url,
    fetch: politeFetch(fetch, { ...DEFAULT_POLICY, requestsPerSecond: 1000, concurrency: 8 }),
    logger: pino({ level: 'silent' }),
    state: memoryState(),
  };
}

const codeOf = (p: Promise<unknown> | undefined) => (p ?? Promise.resolve()).then(() => 'resolved', (e: unknown) => (e instanceof AppError ? e.code : String(e)));
const file = (name: string, type: FileToUpload['type']): FileToUpload => ({ name, content_type: 'application/pdf', type, data: new TextEncoder().encode(`%PDF-1.4 ${name}`) });
const writes = () => ashbyConnector.writes ?? {};

beforeAll(async () => {
  emu = createAshbyEmulator({ seed: 21, size: 12, rateLimitPerSecond: Infinity, pageCap: 25 });
  running = await serveEmulator(emu);
});
afterAll(async () => {
  await running?.close();
});

describe('ashby uploads', () => {
  it('uploads through file.createFileUploadHandle when the multipart body is refused', async () => {
    const candidate = emu.state.all('candidate')[0] as Json;
    const id = String(candidate['id']);
    const urls: string[] = [];
    const recording: Fetcher = (input, init) => {
      urls.push(new URL(String(input instanceof Request ? input.url : input)).pathname);
      return globalThis.fetch(input, init);
    };
    emu.uploads.multipart = false;
    try {
      const cv = await writes().addCandidateAttachment?.(context(recording), { candidate_remote_id: id, attachment: file('handle_cv.pdf', 'CV'), remote_fields: {} });
      expect(cv?.records.attachments?.[0]).toMatchObject({ file_name: 'handle_cv.pdf', type: 'CV' });
      const other = await writes().addApplicationAttachment?.(context(recording), { application_remote_id: 'a', candidate_remote_id: id, attachment: file('handle_other.pdf', 'OTHER'), remote_fields: {} });
      expect(other?.records.attachments?.[0]).toMatchObject({ file_name: 'handle_other.pdf', type: 'OTHER' });
    } finally {
      emu.uploads.multipart = true;
    }
    const stored = emu.state.get('candidate', id);
    expect((stored?.['resumeFileHandle'] as Json)['name']).toBe('handle_cv.pdf');
    expect((stored?.['fileHandles'] as Json[]).map((h) => h['name'])).toEqual(expect.arrayContaining(['handle_cv.pdf', 'handle_other.pdf']));
    // multipart first, then the handle, the presigned POST and the JSON upload
    expect(urls.filter((u) => u !== '/candidate.info').slice(0, 4)).toEqual(['/candidate.uploadResume', '/file.createFileUploadHandle', expect.stringMatching(/^\/__uploads\//), '/candidate.uploadResume']);
  });

  it('keeps the multipart refusal when Ashby knows no upload handles', async () => {
    const id = String(emu.state.all('candidate')[2]?.['id']);
    let asked = 0;
    const noHandles: Fetcher = (input, init) =>
      String(input instanceof Request ? input.url : input).endsWith('/file.createFileUploadHandle') && ++asked
        ? Promise.resolve(new Response(JSON.stringify({ success: false, errorInfo: { code: 'not_found', message: 'Unknown endpoint' } }), { status: 404, headers: { 'Content-Type': 'application/json' } }))
        : globalThis.fetch(input, init);
    emu.uploads.multipart = false;
    try {
      const failure = await writes()
        .addCandidateAttachment?.(context(noHandles), { candidate_remote_id: id, attachment: file('x.pdf', 'OTHER'), remote_fields: {} })
        .then(() => null, (e: unknown) => e);
      expect(failure).toBeInstanceOf(AppError);
      expect((failure as AppError).code).toBe('REMOTE.INPUT_INVALID');
      expect((failure as AppError).message).toContain('candidate.uploadFile');
      expect(asked).toBe(1);
    } finally {
      emu.uploads.multipart = true;
    }
  });
});

describe('ashby stage moves and rejections', () => {
  it('rejects to the Archived stage with the archive reason; a plain move sends no archive fields', async () => {
    const app = emu.state.all('application').find((a) => a['status'] === 'Active') as Json;
    const plan = emu.state.stagesOfPlan(String((app['currentInterviewStage'] as Json)['interviewPlanId']));
    const reason = emu.state.all('archiveReason').find((r) => r['isArchived'] === false) as Json;
    const rejected = await writes().rejectApplication?.(context(), { application_remote_id: String(app['id']), rejection_reason_remote_id: String(reason['id']), rejection_reason_name: null, note: null, remote_fields: {} });
    expect(rejected?.records.applications?.[0]).toMatchObject({ outcome: 'DECLINED' });
    const active = plan.find((s) => s['type'] === 'Active') as Json;
    const moved = await writes().moveApplicationToStage?.(context(), { application_remote_id: String(app['id']), stage_remote_id: String(active['id']), job_remote_id: null, remote_fields: {} });
    expect(moved?.records.applications?.[0]).toMatchObject({ outcome: 'PENDING', current_stage_remote_id: active['id'] });
    // Archive fields on a non-archive stage are Ashby's invalid_input.
    const archiveOnActive = writes().moveApplicationToStage?.(context(), {
      application_remote_id: String(app['id']),
      stage_remote_id: String(active['id']),
      job_remote_id: null,
      remote_fields: { ashby: { archiveReasonId: reason['id'] } },
    });
    expect(await codeOf(archiveOnActive)).toBe('REMOTE.INPUT_INVALID');
  });
});

describe('ashby sync tokens', () => {
  it('falls back to a full listing when Ashby calls the stored token sync_token_invalid', async () => {
    const ctx = context();
    await ctx.state.set(syncTokenKey('candidates'), 'garbage-token');
    const listed = await listAll(ashbyConnector, ctx, 'candidates', new Date(Date.now() - 1000).toISOString());
    expect(listed.records.length).toBe(emu.state.all('candidate').length);
    expect(await ctx.state.get(syncTokenKey('candidates'))).not.toBe('garbage-token');
  });
});
