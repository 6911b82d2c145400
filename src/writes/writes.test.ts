import { describe, expect, it } from 'vitest';
import type { Connector } from '../connectors/connector.js';
import { sandboxConnector } from '../connectors/sandbox/connector.js';
import { WRITE_ACTION_IDS } from '../connectors/writes.js';
import { missingCredentials, requireWriteAction, writeActionAvailable, writeActionSupport, writeFieldCoverage } from './capabilities.js';
import { requestFingerprint, checkIdempotencyKey } from './idempotency.js';
import { customFieldName, resultLinkFile, resultLinkText, resultLinkWarning } from '../connectors/kit/result-links.js';
import { AttachmentBody, CreateApplicationBody, ImportTrackedApplicationBody, ResultLinkBody } from './schemas.js';
import { resolveScreeningAnswers, type StoredQuestion } from './screening.js';
import { base64Size, decodeBase64, fileUploadProblems, isBase64, isHttpUrl } from './validation.js';

describe('base64 and URLs', () => {
  it('accepts standard and URL-safe base64 with or without padding and line breaks', () => {
    for (const text of ['aGVsbG8=', 'aGVsbG8', 'aGVs\nbG8=', 'YQ==', '-_8=', '+/8=']) expect(isBase64(text), text).toBe(true);
    expect(Buffer.from(decodeBase64('aGVs\r\nbG8=')).toString()).toBe('hello');
    expect(Buffer.from(decodeBase64('-_8')).toString('hex')).toBe('fbff');
    expect(base64Size('aGVsbG8=')).toBe(5);
  });

  it('refuses what is not base64', () => {
    for (const text of ['', '   ', '@@@', 'a', 'aGVsbG8===', 'aGVsbG8=x', 'data:text/plain;base64,aGk=', 'ab+_']) expect(isBase64(text), text).toBe(false);
  });

  it('takes only http(s) URLs with a host', () => {
    expect(isHttpUrl('https://files.example.com/cv.pdf')).toBe(true);
    expect(isHttpUrl('http://127.0.0.1:8080/x')).toBe(true);
    for (const url of ['ftp://x.test/a', 'file:///etc/passwd', 'data:text/plain,hi', 'javascript:alert(1)', 'cv.pdf', 'http://']) expect(isHttpUrl(url), url).toBe(false);
  });

  it('applies the file-upload rules', () => {
    expect(fileUploadProblems({ data: 'aGk=', content_type: 'text/plain' })).toEqual([]);
    expect(fileUploadProblems({ data_url: 'https://x.test/a.pdf' })).toEqual([]);
    const paths = (file: Parameters<typeof fileUploadProblems>[0]) => fileUploadProblems(file).map((p) => p.path.join('.'));
    expect(paths({})).toEqual(['data']);
    expect(paths({ data: 'aGk=', data_url: 'https://x.test/a', content_type: 'text/plain' })).toEqual(['data_url']);
    expect(paths({ data: '!!', content_type: 'text/plain' })).toEqual(['data']);
    expect(paths({ data: 'aGk=' })).toEqual(['content_type']);
    expect(paths({ data_url: 'ftp://x.test/a' })).toEqual(['data_url']);
    expect(paths({ data_url: 'https://x.test/a', content_type: 'pdf' })).toEqual(['content_type']);
  });
});

describe('request schemas', () => {
  const issues = (result: { success: boolean; error?: { issues: ReadonlyArray<{ path: PropertyKey[] }> } }) =>
    result.success ? [] : (result.error?.issues ?? []).map((i) => i.path.map(String).join('.'));

  it('names the attachment field that is wrong', () => {
    expect(issues(AttachmentBody.safeParse({ attachment: { name: 'a.pdf', type: 'CV', data: 'nope!' , content_type: 'application/pdf' } }))).toEqual(['attachment.data']);
    expect(issues(AttachmentBody.safeParse({ attachment: { name: 'a.pdf', type: 'CV', data_url: 'file:///etc/passwd' } }))).toEqual(['attachment.data_url']);
    expect(issues(AttachmentBody.safeParse({ attachment: { name: 'a.pdf', type: 'RESUME', data_url: 'https://x.test/a' } }))).toEqual(['attachment.type']);
    expect(issues(AttachmentBody.safeParse({ attachment: { name: 'a.pdf', type: 'CV', data: 'aGk=', content_type: 'text/plain' } }))).toEqual([]);
  });

  it('validates new candidates and accepts null for optional fields', () => {
    const ok = { candidate: { first_name: 'Ada', last_name: 'L', email_address: 'ada@example.com', company: null, location: { country: 'de' } } };
    expect(issues(CreateApplicationBody.safeParse(ok))).toEqual([]);
    expect(issues(CreateApplicationBody.safeParse({ candidate: { ...ok.candidate, email_address: 'not-an-email' } }))).toEqual(['candidate.email_address']);
    expect(issues(CreateApplicationBody.safeParse({ candidate: { ...ok.candidate, location: { country: 'Germany' } } }))).toEqual(['candidate.location.country']);
    expect(issues(CreateApplicationBody.safeParse({ candidate: { ...ok.candidate, first_name: '  ' } }))).toEqual(['candidate.first_name']);
    expect(issues(CreateApplicationBody.safeParse({ candidate: { last_name: 'L', email_address: 'a@b.co' } }))).toEqual(['candidate.first_name']);
    expect(issues(CreateApplicationBody.safeParse({ ...ok, availability: 1, candidate: { ...ok.candidate, availability_date: '2024-05-01' } }))).toEqual(['candidate.availability_date']);
  });

  it('validates result links and tracked-application imports', () => {
    expect(issues(ResultLinkBody.safeParse({ label: 'Test', url: 'javascript:alert(1)' }))).toEqual(['url']);
    expect(issues(ImportTrackedApplicationBody.safeParse({ greenhouse: { id_type: 'application_id', application_id: 'a' } }))).toEqual(['tracked_at']);
    expect(issues(ImportTrackedApplicationBody.safeParse({ greenhouse: { id_type: 'placement_id', placement_id: 'a' }, tracked_at: null }))).toContain('greenhouse.id_type');
  });
});

describe('result links without a native feature', () => {
  const link = { label: 'Coding test', url: 'https://x.test/r/1', details: { custom_field_name_prefix: 'Acme:', attributes: [{ key: 'Score', value: '87%' }, { key: 'Level', value: 'Senior' }] } };

  it('names custom fields like the contract example', () => {
    expect(customFieldName('Acme:', 'Score')).toBe('Acme: Score');
    expect(customFieldName('Acme ', 'Score')).toBe('Acme Score');
    expect(customFieldName('', 'Score')).toBe('Score');
  });

  it('writes the label, the URL and the attributes', () => {
    expect(resultLinkText(link)).toBe('Coding test\nhttps://x.test/r/1\nAcme: Score: 87%\nAcme: Level: Senior');
    const file = resultLinkFile(link);
    expect(file).toMatchObject({ name: 'Coding test.txt', type: 'OTHER' });
    expect(Buffer.from(file.data).toString()).toContain('https://x.test/r/1');
  });

  it('warns the caller unless the link is native', () => {
    expect(resultLinkWarning('X', 'native', 'application')).toBeNull();
    expect(resultLinkWarning('X', 'note', 'candidate')).toMatch(/note on the candidate/);
    expect(resultLinkWarning('X', 'attachment', 'application')).toMatch(/file/);
  });
});

describe('screening answers', () => {
  const questions: StoredQuestion[] = [
    { id: 'q1', remote_id: 'r1', title: 'Why?', format: { type: 'TEXT' } },
    { id: 'q2', remote_id: 'r2', title: 'Years', format: { type: 'NUMBER', min: 0, max: 50 } },
    { id: 'q3', remote_id: 'r3', title: 'Start', format: { type: 'SINGLE_SELECT', options: [{ id: 'o1', remote_id: 'ro1', name: 'Now' }] } },
    { id: 'q4', remote_id: 'r4', title: 'Langs', format: { type: 'MULTI_SELECT', options: [{ id: 'o2', remote_id: 'ro2', name: 'EN' }, { id: 'o3', remote_id: 'ro3', name: 'DE' }] } },
    { id: 'q5', remote_id: 'r5', title: 'Allowed', format: { type: 'BOOLEAN' } },
    { id: 'q6', remote_id: 'r6', title: 'When', format: { type: 'DATE' } },
  ];
  const noFiles = () => Promise.reject(new Error('no files here'));

  it('maps option ids to remote ids and skips unknown questions with a warning', async () => {
    const result = await resolveScreeningAnswers(
      questions,
      [
        { question_id: 'q1', answer: 'Because' },
        { question_id: 'q2', answer: 7 },
        { question_id: 'q3', answer: 'o1' },
        { question_id: 'q4', answer: ['o2', 'o3'] },
        { question_id: 'q5', answer: true },
        { question_id: 'q6', answer: '2026-02-01T00:00:00+01:00' },
        { question_id: 'nope', answer: 'x' },
      ],
      noFiles,
    );
    expect(result.answers).toEqual([
      { question_remote_id: 'r1', type: 'TEXT', value: 'Because' },
      { question_remote_id: 'r2', type: 'NUMBER', value: 7 },
      { question_remote_id: 'r3', type: 'SINGLE_SELECT', option_remote_id: 'ro1' },
      { question_remote_id: 'r4', type: 'MULTI_SELECT', option_remote_ids: ['ro2', 'ro3'] },
      { question_remote_id: 'r5', type: 'BOOLEAN', value: true },
      { question_remote_id: 'r6', type: 'DATE', value: '2026-01-31T23:00:00.000Z' },
    ]);
    expect(result.warnings).toEqual([expect.stringMatching(/screening_question_answers\.6.*"nope"/)]);
  });

  it.each([
    ['q1', 3, /takes text/],
    ['q2', 'seven', /takes a number/],
    ['q2', 51, /above the maximum/],
    ['q3', 'o2', /not an option/],
    ['q4', 'o2', /list of option ids/],
    ['q5', 'yes', /true or false/],
    ['q6', '2026-02-01', /date-time/],
  ] as const)('refuses a mismatching answer to %s (%j), naming it', async (question_id, answer, message) => {
    const err = await resolveScreeningAnswers(questions, [{ question_id: 'q1', answer: 'ok' }, { question_id, answer: answer as never }], noFiles).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^Invalid field "screening_question_answers\.1\.answer": /);
    expect((err as Error).message).toMatch(message);
  });
});

describe('write capabilities come from the manifest and the implemented operations', () => {
  it('reports every action of the Sandbox as supported, result links through notes', () => {
    for (const action of WRITE_ACTION_IDS) expect(writeActionSupport(sandboxConnector, action).coverage, action).toBe('SUPPORTED');
    expect(writeActionSupport(sandboxConnector, 'ats_add_candidate_result_link').operation).toBe('addCandidateNote');
    expect(writeFieldCoverage(sandboxConnector, 'ats_create_application', 'candidate.gender')).toBe('UNSUPPORTED');
    expect(writeFieldCoverage(sandboxConnector, 'ats_create_application', 'candidate.first_name')).toBe('SUPPORTED');
  });

  it('tells unsupported from not implemented, and refuses both', () => {
    const limited: Connector = {
      ...sandboxConnector,
      manifest: {
        ...sandboxConnector.manifest,
        label: 'Limited',
        capabilities: {
          ...sandboxConnector.manifest.capabilities,
          writes: { actions: ['ats_add_application_note', 'ats_move_application_to_stage'], unsupported: ['ats_reject_application'], resultLinks: 'attachment' },
        },
      },
      writes: { addApplicationNote: sandboxConnector.writes?.addApplicationNote },
    };
    expect(writeActionSupport(limited, 'ats_add_application_note').coverage).toBe('SUPPORTED');
    // Declared, but the operation is missing.
    expect(writeActionSupport(limited, 'ats_move_application_to_stage').coverage).toBe('NOT_IMPLEMENTED');
    expect(writeActionSupport(limited, 'ats_reject_application').coverage).toBe('UNSUPPORTED');
    expect(writeActionSupport(limited, 'ats_add_application_result_link')).toMatchObject({ coverage: 'NOT_IMPLEMENTED', operation: 'addApplicationAttachment' });
    expect(() => requireWriteAction(limited, 'ats_reject_application', 'Reject application')).toThrow(/Limited does not support "Reject application"/);
    expect(() => requireWriteAction(limited, 'ats_move_application_to_stage', 'Move')).toThrow(/not available for Limited/);
    // A tool's stated reason (its API's limit) comes with the refusal of an unsupported action only.
    const reason = 'Its API has no route for rejections.';
    const explained: Connector = { ...limited, manifest: { ...limited.manifest, capabilities: { ...limited.manifest.capabilities, writes: { ...limited.manifest.capabilities.writes, actions: ['ats_add_application_note'], unsupported: ['ats_reject_application'], resultLinks: 'attachment', unsupportedReason: reason } } } };
    expect(() => requireWriteAction(explained, 'ats_reject_application', 'Reject application')).toThrow(/cannot perform it\. Its API has no route for rejections\. The integration details/);
    expect(() => requireWriteAction(explained, 'ats_move_application_to_stage', 'Move')).not.toThrow(/no route for rejections/);
  });

  it('makes an action needing optional credentials unavailable to integrations without them', () => {
    const keyed: Connector = {
      ...sandboxConnector,
      manifest: {
        ...sandboxConnector.manifest,
        label: 'Keyed',
        credentials: [...sandboxConnector.manifest.credentials, { key: 'write_key', label: 'Write key', secret: true, required: false, help: 'For writes.' }],
        capabilities: { ...sandboxConnector.manifest.capabilities, writes: { ...sandboxConnector.manifest.capabilities.writes, actions: ['ats_add_application_note'], resultLinks: 'note', credentialsNeeded: { ats_add_application_note: ['write_key'] } } },
      },
    };
    expect(missingCredentials(keyed, 'ats_add_application_note', { write_key: ' ' })).toEqual(['write_key']);
    expect(writeActionAvailable(keyed, 'ats_add_application_note', {})).toBe(false);
    expect(writeActionAvailable(keyed, 'ats_add_application_note', { write_key: 'k' })).toBe(true);
    // Without the integration's credentials only the tool's coverage counts.
    expect(writeActionAvailable(keyed, 'ats_add_application_note', null)).toBe(true);
    expect(() => requireWriteAction(keyed, 'ats_add_application_note', 'Add note', {})).toThrow(/"Add note" needs Write key \(write_key\), which this Keyed integration was connected without/);
    expect(requireWriteAction(keyed, 'ats_add_application_note', 'Add note', { write_key: 'k' }).coverage).toBe('SUPPORTED');
  });
});

describe('idempotency keys', () => {
  it('checks the header and fingerprints requests regardless of key order', () => {
    expect(checkIdempotencyKey('0b7c8c2e-8f7e-4d8b-9a3c-1f2e3d4c5b6a')).toBeTruthy();
    expect(() => checkIdempotencyKey('')).toThrow(/Idempotency-Key/);
    expect(() => checkIdempotencyKey('has space')).toThrow(/Idempotency-Key/);
    expect(() => checkIdempotencyKey('x'.repeat(256))).toThrow(/Idempotency-Key/);
    const a = requestFingerprint('post', '/v1/ats/x', { a: 1, b: { c: 2, d: 3 } });
    expect(requestFingerprint('POST', '/v1/ats/x', { b: { d: 3, c: 2 }, a: 1 })).toBe(a);
    expect(requestFingerprint('POST', '/v1/ats/y', { a: 1, b: { c: 2, d: 3 } })).not.toBe(a);
    expect(requestFingerprint('POST', '/v1/ats/x', { a: 2, b: { c: 2, d: 3 } })).not.toBe(a);
  });
});
