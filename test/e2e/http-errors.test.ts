/**
 * Errors over plain HTTP (no SDK) on every dialect: authentication, which error codes each
 * endpoint family may carry (contract §3.2: general endpoints only PLATFORM.* or null), and the
 * HTML log page behind every error's `log_url`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../setup/dialects.js';
import { call, dataOf, describeAnswer, errorOf, expectError, type Answer, type CallOptions } from '../setup/http-client.js';
import { startTestServer, type TestServer } from '../setup/test-server.js';

// Closed enums of SDK 1.1.3 (contract §3.2).
const PLATFORM_CODES = [
  'PLATFORM.RATE_LIMIT_EXCEEDED',
  'PLATFORM.CONCURRENCY_LIMIT_EXCEEDED',
  'PLATFORM.INTEGRATION_NOT_FOUND',
  'PLATFORM.INPUT_INVALID',
  'PLATFORM.UNKNOWN_ERROR',
  'PLATFORM.IP_NOT_WHITELISTED',
  'PLATFORM.AUTHENTICATION_INVALID',
  'PLATFORM.TASK_TIMED_OUT',
];
const ATS_CODES = [
  ...PLATFORM_CODES,
  'INTEGRATION.PERMISSION_MISSING',
  'INTEGRATION.AUTHENTICATION_INVALID',
  'INTEGRATION.QA_FAILED',
  'INTEGRATION.SETUP_SYNC_PENDING',
  'INTEGRATION.SETUP_INCOMPLETE',
  'INTEGRATION.INACTIVE',
  'INTEGRATION.MODEL_NOT_AVAILABLE',
  'INTEGRATION.MODEL_DISABLED',
  'INTEGRATION.ACTION_NOT_AVAILABLE',
  'INTEGRATION.ACTION_DISABLED',
  'REMOTE.SERVICE_UNAVAILABLE',
  'REMOTE.RATE_LIMIT_EXCEEDED',
  'REMOTE.INPUT_INVALID',
  'REMOTE.UNKNOWN_HTTP_ERROR',
  'ATS.JOB_CLOSED',
  'ATS.APPLICATION_ALREADY_EXISTS',
];

/** The visible text of an HTML page, entities decoded, so messages can be compared verbatim. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#0*39;|&#x0*27;|&apos;/gi, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

const SANDBOX = (organization_name: string) => ({ tool: 'sandbox', credentials: { size: '2' }, end_user: { organization_name } });

describe.each(DIALECTS)('HTTP errors on $name', (dialect) => {
  let t: TestServer;
  let ats: Record<string, string>;
  let inactiveId: string;
  let pendingId: string;

  beforeAll(async () => {
    t = await startTestServer(dialect);
    ats = { 'X-Integration-Id': t.sandboxId };
    inactiveId = String(dataOf(await call(t, 'POST', '/v1/integrations', { json: SANDBOX('Inactive AG') }))['id']);
    await t.server.services.runner.idle();
    dataOf(await call(t, 'PUT', `/v1/integrations/${inactiveId}/enabled`, { json: { value: false } }));
    t.server.services.runner.pause();
    pendingId = String(dataOf(await call(t, 'POST', '/v1/integrations', { json: SANDBOX('Pending AG') }))['id']);
  });
  afterAll(async () => {
    t?.server.services.runner.resume();
    await t?.server.services.runner.idle();
    await t?.close();
  });

  describe('authentication', () => {
    const variants: Array<[string, (key: string) => string | null]> = [
      ['no Authorization header', () => null],
      ['Basic with the key as user', (key) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`],
      ['Basic with the raw key', (key) => `Basic ${key}`],
      ['an unknown bearer key', () => 'Bearer wrong_key_0123456789abcdef'],
      ['the key with a suffix', (key) => `Bearer ${key}x`],
      ['the key without a scheme', (key) => key],
      ['an empty bearer', () => 'Bearer '],
      ['another scheme', (key) => `Token ${key}`],
    ];
    const endpoints: Array<[string, string, CallOptions]> = [
      ['GET', '/v1/check-api-key', {}],
      ['GET', '/v1/integrations', {}],
      ['POST', '/v1/integrations', { json: SANDBOX('Intruder Ltd') }],
      ['GET', '/v1/integrations/{sandbox}', {}],
      ['PUT', '/v1/integrations/{sandbox}/enabled', { json: { value: false } }],
      ['DELETE', '/v1/integrations/{sandbox}', { json: {} }],
      ['POST', '/v1/force-sync', { json: { type: 'FULL' }, headers: { 'X-Integration-Id': '{sandbox}' } }],
      ['GET', '/v1/ats/jobs', { headers: { 'X-Integration-Id': '{sandbox}' } }],
      ['GET', '/v1/ats/candidates/x/attachments', { headers: { 'X-Integration-Id': '{sandbox}' } }],
      ['GET', '/v1/ats/jobs', {}],
      ['GET', '/v1/nope', {}],
    ];

    it.each(variants)('%s -> 401 PLATFORM.AUTHENTICATION_INVALID everywhere, and nothing changes', async (_name, header) => {
      const before = dataOf(await call(t, 'GET', '/v1/integrations?page_size=250'));
      for (const [method, rawPath, options] of endpoints) {
        const path = rawPath.replace('{sandbox}', t.sandboxId);
        const headers = Object.fromEntries(Object.entries(options.headers ?? {}).map(([k, v]) => [k, v.replace('{sandbox}', t.sandboxId)]));
        const answer = await call(t, method, path, { ...options, headers, authorization: header(t.apiKey) });
        expectError(answer, 401, 'PLATFORM.AUTHENTICATION_INVALID');
      }
      expect(dataOf(await call(t, 'GET', '/v1/integrations?page_size=250'))).toEqual(before);
    });

    it('accepts the key with any capitalisation of "Bearer"', async () => {
      for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
        const data = dataOf(await call(t, 'GET', '/v1/check-api-key', { authorization: `${scheme} ${t.apiKey}` }));
        expect(data).toEqual({ environment_id: t.server.environmentId });
      }
    });
  });

  describe('error codes per endpoint family', () => {
    async function generalErrors(): Promise<Answer[]> {
      return [
        await call(t, 'GET', '/v1/check-api-key', { authorization: 'Bearer nope' }),
        await call(t, 'GET', '/v1/integrations?page_size=0'),
        await call(t, 'GET', '/v1/integrations?cursor=garbage'),
        await call(t, 'GET', '/v1/integrations/sandbox:nope'),
        await call(t, 'GET', '/v1/integrations/x/unknown'),
        await call(t, 'POST', '/v1/integrations', { raw: '{', headers: { 'Content-Type': 'application/json' } }),
        await call(t, 'POST', '/v1/integrations', { json: { ...SANDBOX('X'), tool: 'workday' } }),
        await call(t, 'POST', '/v1/integrations', { json: { ...SANDBOX('X'), credentials: { size: '-3' } } }),
        await call(t, 'PUT', `/v1/integrations/${t.sandboxId}/enabled`, { json: { value: 'yes' } }),
        await call(t, 'PUT', '/v1/integrations/sandbox:nope/enabled', { json: { value: true } }),
        await call(t, 'DELETE', '/v1/integrations/sandbox:nope', { json: {} }),
        await call(t, 'POST', '/v1/force-sync', { json: { type: 'FULL' } }),
        await call(t, 'POST', '/v1/force-sync', { json: { type: 'FULL' }, headers: { 'X-Integration-Id': 'sandbox:nope' } }),
        await call(t, 'POST', '/v1/force-sync', { json: { type: 'WEEKLY' }, headers: ats }),
        await call(t, 'POST', '/v1/force-sync', { json: { type: 'FULL' }, headers: { 'X-Integration-Id': inactiveId } }),
        await call(t, 'POST', '/v1/force-sync', { raw: '{"type":', headers: { ...ats, 'Content-Type': 'application/json' } }),
        await call(t, 'GET', '/v1/force-sync'),
      ];
    }

    it('general endpoints answer only PLATFORM.* codes or null', async () => {
      const answers = await generalErrors();
      for (const answer of answers) {
        const error = errorOf(answer);
        if (error.code !== null) expect(PLATFORM_CODES, describeAnswer(answer)).toContain(error.code);
      }
      // Spot checks of the expected codes.
      expect(errorOf(answers[0] as Answer).code).toBe('PLATFORM.AUTHENTICATION_INVALID');
      expectError(answers[3] as Answer, 404, 'PLATFORM.INTEGRATION_NOT_FOUND');
      expectError(answers[11] as Answer, 400, 'PLATFORM.INPUT_INVALID', /X-Integration-Id/);
      expectError(answers[12] as Answer, 404, 'PLATFORM.INTEGRATION_NOT_FOUND');
      expectError(answers[13] as Answer, 400, 'PLATFORM.INPUT_INVALID', /type/);
      expect((answers[14] as Answer).status).toBeGreaterThanOrEqual(400);
      expect((answers[14] as Answer).status).toBeLessThan(500);
    });

    it('ATS endpoints may also answer INTEGRATION.* codes, all from the ATS enum', async () => {
      const answers = [
        await call(t, 'GET', '/v1/ats/jobs'),
        await call(t, 'GET', '/v1/ats/jobs', { headers: { 'X-Integration-Id': 'sandbox:nope' } }),
        await call(t, 'GET', '/v1/ats/jobs', { headers: { 'X-Integration-Id': inactiveId } }),
        await call(t, 'GET', '/v1/ats/jobs', { headers: { 'X-Integration-Id': pendingId } }),
        await call(t, 'GET', '/v1/ats/jobs?page_size=abc', { headers: ats }),
        await call(t, 'GET', '/v1/ats/candidates/nope/attachments', { headers: ats }),
        await call(t, 'GET', '/v1/ats/applications/nope/attachments', { headers: { 'X-Integration-Id': inactiveId } }),
        await call(t, 'GET', '/v1/ats/nope', { headers: ats }),
      ];
      for (const answer of answers) {
        const error = errorOf(answer);
        if (error.code !== null) expect(ATS_CODES, describeAnswer(answer)).toContain(error.code);
      }
      expectError(answers[0] as Answer, 400, 'PLATFORM.INPUT_INVALID', /X-Integration-Id/);
      expectError(answers[1] as Answer, 404, 'PLATFORM.INTEGRATION_NOT_FOUND');
      expectError(answers[2] as Answer, 403, 'INTEGRATION.INACTIVE');
      expect(errorOf(answers[3] as Answer).code).toBe('INTEGRATION.SETUP_SYNC_PENDING');
      expect(errorOf(answers[5] as Answer).code).not.toBeNull();
      expect((answers[5] as Answer).status).toBe(404);
      expectError(answers[6] as Answer, 403, 'INTEGRATION.INACTIVE');
    });
  });

  describe('log pages', () => {
    async function assertLogPage(answer: Answer): Promise<string[]> {
      const problems: string[] = [];
      const error = errorOf(answer);
      if (!error.log_url) return [`${describeAnswer(answer)}: no log_url`];
      if (!error.log_url.startsWith(`${t.url}/logs/`)) problems.push(`${describeAnswer(answer)}: log_url ${error.log_url} is not under ${t.url}/logs/`);
      const page = await fetch(error.log_url);
      const html = await page.text();
      if (page.status !== 200) return [...problems, `${describeAnswer(answer)}: log page ${error.log_url} -> ${page.status}`];
      if (!/^text\/html/.test(page.headers.get('content-type') ?? '')) problems.push(`${error.log_url}: content-type ${page.headers.get('content-type')}`);
      const text = visibleText(html);
      const pathname = answer.path.split('?')[0] ?? '';
      const shown = [pathname, decodeURIComponent(pathname)].some((p) => text.includes(`${answer.method} ${p}`));
      if (!shown) problems.push(`${error.log_url}: does not show "${answer.method} ${pathname}"`);
      if (!text.includes(error.message)) problems.push(`${error.log_url}: does not show the message ${JSON.stringify(error.message)}`);
      if (html.includes(t.apiKey)) problems.push(`${error.log_url}: shows the API key`);
      return problems;
    }

    it('every error links to an HTML page with the method, path and message, without auth', async () => {
      const answers = [
        await call(t, 'GET', '/v1/check-api-key', { authorization: null }),
        await call(t, 'GET', '/v1/check-api-key', { authorization: 'Basic eDp5' }),
        await call(t, 'POST', '/v1/integrations', { raw: '{"tool":', headers: { 'Content-Type': 'application/json' } }),
        await call(t, 'POST', '/v1/integrations', { json: { ...SANDBOX('X'), tool: 5 } }),
        await call(t, 'POST', '/v1/integrations', { json: { ...SANDBOX('X'), credentials: { size: '-3' } } }),
        await call(t, 'GET', '/v1/integrations/sandbox:nope'),
        await call(t, 'PUT', `/v1/integrations/${t.sandboxId}/enabled`, { json: {} }),
        await call(t, 'DELETE', '/v1/integrations/sandbox:nope'),
        await call(t, 'POST', '/v1/force-sync', { json: { type: 'WEEKLY' }, headers: ats }),
        await call(t, 'GET', '/v1/nope'),
        await call(t, 'GET', '/v1/ats/jobs?page_size=abc&updated_after=yesterday', { headers: ats }),
        await call(t, 'GET', '/v1/ats/jobs'),
        await call(t, 'GET', '/v1/ats/jobs', { headers: { 'X-Integration-Id': inactiveId } }),
        await call(t, 'GET', '/v1/ats/tags', { headers: { 'X-Integration-Id': pendingId } }),
        await call(t, 'GET', '/v1/ats/candidates/nope/attachments', { headers: ats }),
      ];
      const problems: string[] = [];
      for (const answer of answers) problems.push(...(await assertLogPage(answer)));
      expect(problems.length, `log page problems:\n${problems.join("\n")}\n`).toBe(0);
    });

    it('escapes what the caller sent instead of rendering it', async () => {
      const answer = await call(t, 'POST', '/v1/integrations', { json: { ...SANDBOX('X'), tool: '<script>alert(1)</script>' } });
      const error = expectError(answer, 400, 'PLATFORM.INPUT_INVALID', /tool/);
      expect(await assertLogPage(answer)).toEqual([]);
      const html = await (await fetch(error.log_url ?? '')).text();
      expect(html).not.toContain('<script>alert(1)</script>');
    });

    it('logs errors whose message or path holds a NUL character', async () => {
      const answers = [
        await call(t, 'POST', '/v1/integrations', { json: { ...SANDBOX('X'), tool: 'sand\u0000box' } }),
        await call(t, 'GET', '/v1/integrations/abc%00def'),
        await call(t, 'GET', '/v1/nope%00'),
      ];
      const problems: string[] = [];
      for (const answer of answers) problems.push(...(await assertLogPage(answer)));
      expect(problems.length, `log page problems:\n${problems.join("\n")}\n`).toBe(0);
    });

    it('answers 404 for an unknown log id', async () => {
      for (const id of ['0mx0doesnotexist', 'x'.repeat(3000), '%00', encodeURIComponent('😀')]) {
        const page = await fetch(`${t.url}/logs/${id}`);
        await page.text();
        expect(page.status, `/logs/${id.slice(0, 40)}`).toBe(404);
      }
    });
  });
});
