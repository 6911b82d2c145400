/**
 * `GET /v1/ats/actions/{action}` and the write checks behind it, over HTTP on every dialect.
 * Neither official SDK has the call (1.1.3 and 1.3.4 both lack it), so its answers are checked
 * against Kombo's published OpenAPI shapes (`test/setup/kombo-actions-schema.ts`); the writes the
 * restrictions govern are driven through both SDKs, whose typed errors must name the limit.
 *
 * A test-only connector ("strict", the Sandbox's data) declares small limits: one PDF CV of at most
 * 100 bytes per create, 250 bytes in all, and no OTHER files.
 */
import { Kombo } from '@kombo-api/sdk';
import { KomboAtsError } from '@kombo-api/sdk/models/errors';
import { Kombo as KomboLatest } from 'kombo-sdk-latest';
import { KomboAtsError as KomboAtsErrorLatest } from 'kombo-sdk-latest/models/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accepted } from '../../src/connectors/attachment-facts.js';
import type { Connector } from '../../src/connectors/connector.js';
import { sandboxConnector } from '../../src/connectors/sandbox/connector.js';
import { ATTACHMENT_ACTION_IDS, type AttachmentRules } from '../../src/connectors/writes.js';
import { DIALECTS } from '../setup/dialects.js';
import { komboActionAnswer } from '../setup/kombo-actions-schema.js';
import { startTestServer, type TestServer } from '../setup/test-server.js';

const RULES: AttachmentRules = {
  totalSizeBytes: 250,
  types: {
    CV: { ...accepted(100, ['application/pdf']), minAmount: 1, maxAmount: 1 },
    COVER_LETTER: accepted(null, null),
    OTHER: { supported: false, maxFileSizeBytes: null, acceptedMimeTypes: null },
  },
  source: 'test',
};

const strictConnector: Connector = {
  ...sandboxConnector,
  manifest: {
    ...sandboxConnector.manifest,
    id: 'strict',
    label: 'Strict ATS',
    capabilities: {
      ...sandboxConnector.manifest.capabilities,
      writes: {
        actions: ['ats_create_application', 'ats_create_candidate', 'ats_add_application_attachment'],
        resultLinks: 'note',
        attachmentRules: { ats_create_application: RULES, ats_create_candidate: RULES, ats_add_application_attachment: RULES },
      },
    },
  },
};

const b64 = (bytes: number) => Buffer.alloc(bytes, 'a').toString('base64');
const MAX_BYTES = 65_536;

describe.each(DIALECTS)('attachment restrictions on $name', (dialect) => {
  let t: TestServer;
  let strictId: string;

  const restrictions = async (integrationId: string, action: string) => {
    const res = await fetch(`${t.url}/v1/ats/actions/${action}`, { headers: { Authorization: `Bearer ${t.apiKey}`, 'X-Integration-Id': integrationId } });
    expect(res.status, await res.clone().text()).toBe(200);
    return res.json() as Promise<unknown>;
  };

  beforeAll(async () => {
    t = await startTestServer(dialect, { MAX_ATTACHMENT_BYTES: String(MAX_BYTES) }, { connectors: [strictConnector] });
    const res = await fetch(`${t.url}/v1/integrations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ tool: 'strict', credentials: { size: '20' }, end_user: { organization_name: 'Strict Org' } }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    strictId = ((await res.json()) as { data: { id: string } }).data.id;
    await t.server.services.runner.idle();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("answers every action in Kombo's published shape, from the integration's tool", async () => {
    for (const integration of [t.sandboxId, strictId]) {
      for (const action of ATTACHMENT_ACTION_IDS) {
        const body = await restrictions(integration, action);
        expect(komboActionAnswer(action).safeParse(body).error?.issues ?? [], `${integration} ${action}`).toEqual([]);
      }
    }
    expect(await restrictions(strictId, 'ats_create_application')).toEqual({
      status: 'success',
      data: {
        attachment_restrictions: {
          total_size_bytes: 250,
          types: {
            CV: { is_supported: true, min_amount: 1, max_amount: 1, max_file_size_bytes: 100, accepted_mime_types: ['application/pdf'] },
            COVER_LETTER: { is_supported: true, min_amount: 0, max_amount: null, max_file_size_bytes: MAX_BYTES, accepted_mime_types: null },
            OTHER: { is_supported: false },
          },
        },
      },
    });
    // The strict tool cannot add candidate attachments: nothing is supported there.
    expect(await restrictions(strictId, 'ats_add_candidate_attachment')).toEqual({
      status: 'success',
      data: { attachment_restrictions: { types: { CV: { is_supported: false }, COVER_LETTER: { is_supported: false }, OTHER: { is_supported: false } } } },
    });
    expect(await restrictions(t.sandboxId, 'ats_add_application_attachment')).toMatchObject({
      data: { attachment_restrictions: { types: { OTHER: { is_supported: true, max_file_size_bytes: MAX_BYTES, accepted_mime_types: null } } } },
    });
  });

  it('refuses creates outside the restrictions with a 400 naming the limit (SDK 1.1.3), and writes nothing', async () => {
    const kombo = new Kombo({ api_key: t.apiKey, integration_id: strictId, server_url: `${t.url}/v1` });
    const [job] = (await kombo.ats.getJobs({ page_size: 1, statuses: ['OPEN'] })).result.data.results;
    const create = (email: string, attachments: Array<{ name: string; type: 'CV' | 'COVER_LETTER' | 'OTHER'; content_type: string; data: string }>) =>
      kombo.ats.createApplication({ job_id: job?.id ?? '', body: { candidate: { first_name: 'Rule', last_name: 'Breaker', email_address: email }, attachments } });
    const failure = async (call: Promise<unknown>) => {
      const err = await call.then(() => null, (e: unknown) => e);
      if (!(err instanceof KomboAtsError)) throw new Error(`expected a KomboAtsError, got ${String(err)}`);
      expect(err.statusCode).toBe(400);
      expect(err.error.code).toBe('PLATFORM.INPUT_INVALID');
      return err.error.message;
    };
    const cv = (bytes: number, name = 'cv.pdf', content_type = 'application/pdf') => ({ name, type: 'CV' as const, content_type, data: b64(bytes) });

    expect(await failure(create(`none.${dialect.name}@example.org`, []))).toMatch(/"attachments".*min_amount/);
    expect(await failure(create(`two.${dialect.name}@example.org`, [cv(10), cv(10)]))).toMatch(/"attachments".*max_amount/);
    expect(await failure(create(`big.${dialect.name}@example.org`, [cv(101)]))).toMatch(/"attachments\.0".*max_file_size_bytes/);
    expect(await failure(create(`word.${dialect.name}@example.org`, [cv(10, 'cv.doc', 'application/msword')]))).toMatch(/"attachments\.0\.content_type".*accepted_mime_types/);
    expect(await failure(create(`other.${dialect.name}@example.org`, [cv(10), { name: 'x.pdf', type: 'OTHER', content_type: 'application/pdf', data: b64(10) }]))).toMatch(
      /"attachments\.1\.type".*is_supported/,
    );
    const letter = { name: 'letter.pdf', type: 'COVER_LETTER' as const, content_type: 'application/pdf', data: b64(100) };
    expect(await failure(create(`total.${dialect.name}@example.org`, [cv(100), letter, { ...letter, data: b64(51) }]))).toMatch(/"attachments".*total_size_bytes/);
    for (const who of ['none', 'two', 'big', 'word', 'other', 'total']) {
      expect((await kombo.ats.getCandidates({ email: `${who}.${dialect.name}@example.org` })).result.data.results, who).toEqual([]);
    }

    const ok = await create(`fine.${dialect.name}@example.org`, [cv(100), letter]);
    expect(ok.warnings).toEqual([]);
    expect(ok.data.candidate?.email_addresses?.map((e) => e.email_address)).toEqual([`fine.${dialect.name}@example.org`]);
  });

  it('refuses an attachment outside the restrictions through SDK 1.3.4 too', async () => {
    const latest = new KomboLatest({ api_key: t.apiKey, integration_id: strictId, server_url: `${t.url}/v1` });
    const kombo = new Kombo({ api_key: t.apiKey, integration_id: strictId, server_url: `${t.url}/v1` });
    const [app] = (await kombo.ats.getApplications({ page_size: 1 })).result.data.results;
    const add = (type: 'CV' | 'OTHER', bytes: number) =>
      latest.ats.addApplicationAttachment({ application_id: app?.id ?? '', body: { attachment: { name: 'file.pdf', type, content_type: 'application/pdf', data: b64(bytes) } } });
    const err = await add('CV', 101).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(KomboAtsErrorLatest);
    expect((err as KomboAtsErrorLatest).error).toMatchObject({ code: 'PLATFORM.INPUT_INVALID', message: expect.stringMatching(/"attachment".*max_file_size_bytes/) });
    const other = await add('OTHER', 10).then(() => null, (e: unknown) => e);
    expect((other as KomboAtsErrorLatest).error).toMatchObject({ code: 'PLATFORM.INPUT_INVALID', message: expect.stringMatching(/"attachment\.type".*is_supported/) });
    expect((await add('CV', 100)).status).toBe('success');
  });

  it("refuses a documented remote_fields key of the wrong type with a 400 naming it, and warns about keys it does not apply", async () => {
    const kombo = new Kombo({ api_key: t.apiKey, integration_id: t.sandboxId, server_url: `${t.url}/v1` });
    const [app] = (await kombo.ats.getApplications({ page_size: 1 })).result.data.results;
    const post = (remote_fields: unknown) =>
      fetch(`${t.url}/v1/ats/applications/${app?.id ?? ''}/notes`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${t.apiKey}`, 'X-Integration-Id': t.sandboxId, 'Content-Type': 'application/json' },
        body: JSON.stringify({ content: 'Typed keys', content_type: 'PLAIN_TEXT', remote_fields }),
      });
    const bad = await post({ workable: { on_behalf_of_user_remote_id: 7 } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'PLATFORM.INPUT_INVALID', message: expect.stringContaining('remote_fields.workable.on_behalf_of_user_remote_id') } });
    const good = await post({ workable: { on_behalf_of_user_remote_id: 'm1' }, teamtailor: { user_id: 'u1' } });
    expect(good.status).toBe(200);
    expect(((await good.json()) as { warnings: Array<{ message: string }> }).warnings.map((w) => w.message)).toEqual([
      "remote_fields.workable was ignored: this integration's tool is sandbox.",
      "remote_fields.teamtailor was ignored: this integration's tool is sandbox.",
    ]);
  });
});
