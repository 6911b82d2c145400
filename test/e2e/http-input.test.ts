/**
 * Input handling over plain HTTP (no SDK) on every dialect: POST /v1/integrations refuses bad
 * input with a 400 that names the field and writes nothing, and no malformed query, path or body
 * ever produces a 500 or a non-JSON answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../setup/dialects.js';
import { call, dataOf, describeAnswer, errorOf, expectError, isRecord, type Answer, type CallOptions } from '../setup/http-client.js';
import { startTestServer, type TestServer } from '../setup/test-server.js';

/** Checks many answers at once so that a failure lists every offending request, not just the first. */
function expectNoServerErrors(answers: Answer[]): void {
  const bad = answers.filter((a) => {
    if (a.status >= 500 || !/^application\/json/.test(a.contentType) || a.json === undefined) return true;
    if (a.status === 200) return false;
    const body = a.json;
    return !isRecord(body) || body['status'] !== 'error' || !isRecord(body['error']) || Object.keys(body['error']).sort().join() !== 'code,log_url,message,title';
  });
  expect(bad.length, `answers that broke the rules:\n${bad.map(describeAnswer).join('\n')}\n`).toBe(0);
}

async function integrationIds(t: TestServer): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const data = dataOf(await call(t, 'GET', `/v1/integrations?page_size=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
    const results = data['results'];
    if (!Array.isArray(results)) throw new Error('results is not an array');
    for (const item of results) if (isRecord(item) && typeof item['id'] === 'string') ids.push(item['id']);
    const next = data['next'];
    if (typeof next !== 'string' || next.trim() === '') return ids.sort();
    cursor = next;
  }
  throw new Error('GET /v1/integrations never ended');
}

const VALID = { tool: 'sandbox', credentials: { size: '2', seed: '3' }, end_user: { organization_name: 'Input GmbH' } } as const;

const LIST_PATHS = [
  '/v1/ats/applications',
  '/v1/ats/candidates',
  '/v1/ats/jobs',
  '/v1/ats/users',
  '/v1/ats/roles',
  '/v1/ats/offers',
  '/v1/ats/interviews',
  '/v1/ats/tags',
  '/v1/ats/application-stages',
  '/v1/ats/rejection-reasons',
] as const;

describe.each(DIALECTS)('HTTP input handling on $name', (dialect) => {
  let t: TestServer;
  let ats: Record<string, string>;

  beforeAll(async () => {
    t = await startTestServer(dialect);
    ats = { 'X-Integration-Id': t.sandboxId };
  });
  afterAll(async () => t?.close());

  describe('POST /v1/integrations refuses bad input and writes nothing', () => {
    const refusals: Array<[string, CallOptions, RegExp]> = [
      ['malformed JSON', { raw: '{"tool": "sandbox", "credentials": {', headers: { 'Content-Type': 'application/json' } }, /json/i],
      ['an empty body labelled JSON', { raw: '', headers: { 'Content-Type': 'application/json' } }, /./],
      ['a JSON array', { json: [VALID] }, /./],
      ['JSON null', { raw: 'null', headers: { 'Content-Type': 'application/json' } }, /./],
      ['a JSON string', { json: 'sandbox' }, /./],
      ['tool as a number', { json: { ...VALID, tool: 5 } }, /tool/],
      ['tool missing', { json: { credentials: {}, end_user: VALID.end_user } }, /tool/],
      ['tool empty', { json: { ...VALID, tool: '' } }, /tool/],
      ['an unknown tool', { json: { ...VALID, tool: 'workday' } }, /tool/],
      ['end_user missing', { json: { tool: 'sandbox', credentials: {} } }, /end_user/],
      ['end_user as a string', { json: { ...VALID, end_user: 'Input GmbH' } }, /end_user/],
      ['end_user without organization_name', { json: { ...VALID, end_user: { origin_id: 'x' } } }, /organization_name/],
      ['organization_name empty', { json: { ...VALID, end_user: { organization_name: '' } } }, /organization_name/],
      ['origin_id as a number', { json: { ...VALID, end_user: { organization_name: 'X', origin_id: 5 } } }, /origin_id/],
      ['creator_email not an email', { json: { ...VALID, end_user: { organization_name: 'X', creator_email: 'nope' } } }, /creator_email/],
      ['credentials.size as a number', { json: { ...VALID, credentials: { size: 5 } } }, /credentials/],
      ['credentials as an array', { json: { ...VALID, credentials: ['5'] } }, /credentials/],
      ['credentials as a string', { json: { ...VALID, credentials: 'size=5' } }, /credentials/],
      ['an unknown credential', { json: { ...VALID, credentials: { colour: 'red' } } }, /credentials/],
      ['sandbox size "-3"', { json: { ...VALID, credentials: { size: '-3' } } }, /credentials/],
      ['sandbox size "abc"', { json: { ...VALID, credentials: { size: 'abc' } } }, /credentials/],
      ['sandbox size "1.5"', { json: { ...VALID, credentials: { size: '1.5' } } }, /credentials/],
      ['sandbox size above the maximum', { json: { ...VALID, credentials: { size: '1000001' } } }, /credentials/],
      ['sandbox seed "-1"', { json: { ...VALID, credentials: { seed: '-1' } } }, /credentials/],
      ['base_url while custom base URLs are disabled', { json: { ...VALID, base_url: 'https://ats.example.com' } }, /base_url/],
      ['base_url as a number', { json: { ...VALID, base_url: 5 } }, /base_url/],
    ];

    it.each(refusals)('%s -> 400 PLATFORM.INPUT_INVALID naming the field', async (_name, options, message) => {
      const before = await integrationIds(t);
      const answer = await call(t, 'POST', '/v1/integrations', options);
      expectError(answer, 400, 'PLATFORM.INPUT_INVALID', message);
      expect(await integrationIds(t)).toEqual(before);
    });

    it('refuses a body that is not labelled JSON', async () => {
      const before = await integrationIds(t);
      const answer = await call(t, 'POST', '/v1/integrations', { raw: JSON.stringify(VALID), headers: { 'Content-Type': 'text/plain' } });
      expectError(answer, 415, 'PLATFORM.INPUT_INVALID', /application\/json/);
      const bodyless = await call(t, 'POST', '/v1/integrations');
      expectError(bodyless, 400, 'PLATFORM.INPUT_INVALID');
      expect(await integrationIds(t)).toEqual(before);
    });

    it('never answers 500 for text a database may refuse (NUL characters)', async () => {
      const before = await integrationIds(t);
      const refused = [
        { ...VALID, tool: 'sand\u0000box' },
        { ...VALID, credentials: { 'si\u0000ze': '2' } },
        { ...VALID, credentials: { size: '2\u0000' } },
      ];
      const answers: Answer[] = [];
      for (const json of refused) answers.push(await call(t, 'POST', '/v1/integrations', { json }));
      expectNoServerErrors(answers);
      for (const answer of answers) expectError(answer, 400, 'PLATFORM.INPUT_INVALID');
      expect(await integrationIds(t)).toEqual(before);
      const odd = [
        { ...VALID, end_user: { organization_name: 'Null\u0000Byte GmbH' } },
        { ...VALID, end_user: { organization_name: 'X', origin_id: 'o\u0000' } },
        { ...VALID, end_user: { organization_name: 'X', creator_email: 'a\u0000@b.example' } },
      ];
      const oddAnswers: Answer[] = [];
      for (const json of odd) oddAnswers.push(await call(t, 'POST', '/v1/integrations', { json }));
      expectNoServerErrors(oddAnswers);
      await t.server.services.runner.idle();
    });

    it('accepts a valid body and lists the new integration', async () => {
      const before = await integrationIds(t);
      const data = dataOf(await call(t, 'POST', '/v1/integrations', { json: VALID }));
      expect(data['id']).toEqual(expect.stringMatching(/^sandbox:/));
      expect(await integrationIds(t)).toEqual([...before, String(data['id'])].sort());
      await t.server.services.runner.idle();
    });
  });

  describe('never a 500 or a non-JSON body for odd list input', () => {
    const byParam: Array<[string, string, RegExp]> = [
      ['updated_after', 'updated_after=yesterday', /updated_after/],
      ['updated_after', 'updated_after=2024-13-45T00:00:00Z', /updated_after/],
      ['page_size', 'page_size=abc', /page_size/],
      ['page_size', 'page_size=1.5', /page_size/],
      ['page_size', 'page_size=0', /page_size/],
      ['page_size', 'page_size=251', /page_size/],
      ['page_size', 'page_size=-1', /page_size/],
      ['include_deleted', 'include_deleted=maybe', /include_deleted/],
      ['ignore_unsupported_filters', 'ignore_unsupported_filters=perhaps', /ignore_unsupported_filters/],
      ['cursor', `cursor=${'A'.repeat(8000)}`, /cursor/],
      ['cursor', `cursor=${'A'.repeat(4000)}.${'B'.repeat(22)}`, /cursor/],
      ['cursor', `cursor=${encodeURIComponent('😀'.repeat(500))}`, /cursor/],
      ['cursor', `cursor=${encodeURIComponent('ünïcödé.☃☃☃☃☃☃☃☃☃☃☃☃☃☃☃☃☃☃☃☃☃☃')}`, /cursor/],
      ['cursor', `cursor=${encodeURIComponent('\u202Eabc.def\u0000')}`, /cursor/],
    ];
    const cases = LIST_PATHS.flatMap((path) => byParam.map(([param, query, message]) => [path, param, query, message] as const));

    it.each(cases)('%s with bad %s (%#) -> 400 naming it', async (path, _param, query, message) => {
      const answer = await call(t, 'GET', `${path}?${query}`, { headers: ats });
      expectError(answer, 400, 'PLATFORM.INPUT_INVALID', message);
    });

    it.each(['/v1/ats/jobs', '/v1/ats/applications'])('%s rejects remote_created_after=2024-13-45 naming it', async (path) => {
      for (const value of ['2024-13-45', 'yesterday', '2024-13-45T00:00:00.000Z']) {
        const answer = await call(t, 'GET', `${path}?remote_created_after=${value}`, { headers: ats });
        expectError(answer, 400, 'PLATFORM.INPUT_INVALID', /remote_created_after/);
      }
    });

    it.each(LIST_PATHS)('%s survives odd but harmless input without a 500', async (path) => {
      const queries = [
        'remote_created_after=2024-13-45',
        'updated_after=',
        'updated_after=2024-02-30T00:00:00Z',
        'page_size=',
        'page_size=1e2',
        'page_size=99999999999999999999999',
        'page_size=1&page_size=2',
        'cursor=',
        'cursor=%ZZ',
        'cursor=%',
        'cursor=%C3%28',
        'ids=a%00b',
        'remote_ids=%00',
        'ids=a&ids=b',
        `ids=${'x,'.repeat(2000)}`,
        'email=%00',
        'job_ids=%00',
        'name_contains=%25_%00',
        'statuses=%00',
        'unknown_param=1',
      ];
      const answers: Answer[] = [];
      for (const query of queries) answers.push(await call(t, 'GET', `${path}?${query}`, { headers: ats }));
      expectNoServerErrors(answers);
    });

    it('refuses cursors taken from another endpoint', async () => {
      const candidates = dataOf(await call(t, 'GET', '/v1/ats/candidates?page_size=1', { headers: ats }));
      const candidateCursor = String(candidates['next']);
      expect(candidateCursor).not.toBe('null');
      expectError(await call(t, 'GET', `/v1/ats/jobs?cursor=${encodeURIComponent(candidateCursor)}`, { headers: ats }), 400, 'PLATFORM.INPUT_INVALID', /cursor/);
      expectError(await call(t, 'GET', `/v1/integrations?cursor=${encodeURIComponent(candidateCursor)}`), 400, 'PLATFORM.INPUT_INVALID', /cursor/);
      const integrations = dataOf(await call(t, 'GET', '/v1/integrations?page_size=1'));
      const integrationCursor = integrations['next'];
      expect(typeof integrationCursor).toBe('string');
      expectError(
        await call(t, 'GET', `/v1/ats/candidates?cursor=${encodeURIComponent(String(integrationCursor))}`, { headers: ats }),
        400,
        'PLATFORM.INPUT_INVALID',
        /cursor/,
      );
    });

    it('GET /v1/integrations rejects bad paging input naming the parameter', async () => {
      const queries: Array<[string, RegExp]> = [
        ['page_size=abc', /page_size/],
        ['page_size=1.5', /page_size/],
        ['page_size=0', /page_size/],
        ['page_size=251', /page_size/],
        [`cursor=${'A'.repeat(8000)}`, /cursor/],
        [`cursor=${encodeURIComponent('😀.😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀')}`, /cursor/],
        ['cursor=%ZZ', /cursor/],
      ];
      for (const [query, message] of queries) expectError(await call(t, 'GET', `/v1/integrations?${query}`), 400, 'PLATFORM.INPUT_INVALID', message);
    });

    it('attachment reads survive odd ids', async () => {
      const answers: Answer[] = [];
      for (const id of ['nope', '%00', 'a%00b', '%ZZ', 'x'.repeat(5000), encodeURIComponent('😀')]) {
        for (const path of [`/v1/ats/candidates/${id}/attachments`, `/v1/ats/applications/${id}/attachments`]) {
          answers.push(await call(t, 'GET', path, { headers: ats }));
        }
      }
      expectNoServerErrors(answers);
      expect(answers.filter((a) => a.status !== 404).map((a) => `${a.method} ${a.path.slice(0, 80)} -> ${a.status}`)).toEqual([]);
    });
  });

  describe('unknown paths and odd requests on the general endpoints', () => {
    it.each([
      ['GET', '/v1/nope', 404],
      ['GET', '/v1/ats/nope', 404],
      ['GET', '/v1/ats/candidates/x/y/z', 404],
      ['GET', '/v1/integrations/x/unknown', 404],
      ['POST', '/v1/integrations/x/relink', 404],
      // Known paths, other methods: 405 (with Allow; see http-methods.test.ts).
      ['POST', '/v1/ats/jobs', 405],
      ['GET', '/v1/force-sync', 405],
      ['PATCH', '/v1/check-api-key', 405],
      ['GET', '/v1/passthrough/sandbox/v1', 405],
    ])('%s %s -> %i with the envelope', async (method, path, status) => {
      const answer = await call(t, method, path, { headers: ats });
      expect(answer.status, describeAnswer(answer)).toBe(status);
      errorOf(answer);
    });

    it('answers odd integration ids in the path with 404, never 500', async () => {
      const answers: Answer[] = [];
      for (const id of ['sandbox:doesnotexist', 'abc%00def', '%ZZ', 'x'.repeat(5000), encodeURIComponent('😀:ü')]) {
        for (const [method, suffix, options] of [
          ['GET', '', {}],
          ['DELETE', '', { json: {} }],
          ['PUT', '/enabled', { json: { value: true } }],
        ] as const) {
          answers.push(await call(t, method, `/v1/integrations/${id}${suffix}`, options));
        }
      }
      answers.push(await call(t, 'POST', '/v1/force-sync', { json: {}, headers: { 'X-Integration-Id': 'sandbox:doesnotexist' } }));
      expectNoServerErrors(answers);
      expect(answers.filter((a) => a.status !== 404).map((a) => `${a.method} ${a.path.slice(0, 80)} -> ${a.status}`)).toEqual([]);
    });

    it('DELETE /v1/integrations/{id} works with and without the JSON body {}', async () => {
      const make = async () => String(dataOf(await call(t, 'POST', '/v1/integrations', { json: VALID }))['id']);
      const withBody = await make();
      const withoutBody = await make();
      await t.server.services.runner.idle();
      for (const [id, options] of [
        [withBody, { json: {} }],
        [withoutBody, {}],
      ] as const) {
        const answer = await call(t, 'DELETE', `/v1/integrations/${id}`, options);
        expect(answer.status, describeAnswer(answer)).toBe(200);
        expect(answer.json).toEqual({ status: 'success', data: {} });
        expectError(await call(t, 'GET', `/v1/integrations/${id}`), 404, 'PLATFORM.INTEGRATION_NOT_FOUND');
      }
    });

    it('DELETE /v1/integrations/{id} with a malformed or odd body never answers 500', async () => {
      const id = String(dataOf(await call(t, 'POST', '/v1/integrations', { json: VALID }))['id']);
      await t.server.services.runner.idle();
      const answers: Answer[] = [];
      for (const options of [
        { raw: '{', headers: { 'Content-Type': 'application/json' } },
        { raw: '', headers: { 'Content-Type': 'application/json' } },
        { raw: 'hello', headers: { 'Content-Type': 'text/plain' } },
        { json: [] },
        { json: { unexpected: true } },
      ]) {
        answers.push(await call(t, 'DELETE', `/v1/integrations/${id}`, options));
      }
      expectNoServerErrors(answers);
    });

    it('PUT /v1/integrations/{id}/enabled refuses bodies without a boolean value', async () => {
      const path = `/v1/integrations/${t.sandboxId}/enabled`;
      const bad: CallOptions[] = [
        { json: { value: 'yes' } },
        { json: {} },
        { json: { value: 1 } },
        { json: { value: null } },
        { json: true },
        { raw: '{"value":', headers: { 'Content-Type': 'application/json' } },
        {},
      ];
      for (const options of bad) {
        const answer = await call(t, 'PUT', path, options);
        const error = expectError(answer, 400, 'PLATFORM.INPUT_INVALID');
        if (isRecord(options.json)) expect(error.message, describeAnswer(answer)).toMatch(/value/);
      }
      const details = dataOf(await call(t, 'GET', `/v1/integrations/${t.sandboxId}`));
      expect(details['status']).toBe('ACTIVE');
    });
  });
});

describe.each(DIALECTS)('HTTP base_url handling with ALLOW_CUSTOM_BASE_URLS=1 on $name', (dialect) => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer(dialect, { ALLOW_CUSTOM_BASE_URLS: '1' });
  });
  afterAll(async () => t?.close());

  it.each(['ftp://x', 'not a url', 'http://', 'javascript:alert(1)', 'file:///etc/passwd', '//ats.example.com'])(
    'refuses base_url %j naming base_url and writes nothing',
    async (baseUrl) => {
      const before = await integrationIds(t);
      const answer = await call(t, 'POST', '/v1/integrations', { json: { ...VALID, base_url: baseUrl } });
      expectError(answer, 400, 'PLATFORM.INPUT_INVALID', /base_url/);
      expect(await integrationIds(t)).toEqual(before);
    },
  );

  it.each(['https://ats.example.com', 'http://localhost:8080/api/'])('accepts base_url %j', async (baseUrl) => {
    const before = await integrationIds(t);
    const data = dataOf(await call(t, 'POST', '/v1/integrations', { json: { ...VALID, base_url: baseUrl } }));
    expect(data['id']).toEqual(expect.stringMatching(/^sandbox:/));
    expect(await integrationIds(t)).toEqual([...before, String(data['id'])].sort());
    await t.server.services.runner.idle();
  });
});
