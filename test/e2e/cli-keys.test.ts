/**
 * `unified-ats keys …` against the database of a running server, on every dialect: a created key
 * works at once, the list shows it (never a key), a revoked key answers 401; help and usage errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import { DIALECTS } from '../setup/dialects.js';
import { startTestServer, type TestServer } from '../setup/test-server.js';

interface CliResult {
  code: number;
  out: string;
  err: string;
}

async function cli(t: TestServer | undefined, ...argv: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const config = t?.server.services.config;
  const io: CliIo = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    env: { DATA_DIR: config?.dataDir ?? '/nonexistent-ua-dir', ...(config?.databaseUrl ? { DATABASE_URL: config.databaseUrl } : {}) },
  };
  const outcome = await runCli(argv, io);
  if (typeof outcome !== 'number') {
    await outcome.close();
    throw new Error(`"${argv.join(' ')}" started a server`);
  }
  return { code: outcome, out: out.join(''), err: err.join('') };
}

async function checkKey(t: TestServer, key: string): Promise<number> {
  const res = await fetch(`${t.url}/v1/check-api-key`, { headers: { Authorization: `Bearer ${key}` } });
  await res.arrayBuffer();
  return res.status;
}

describe.each(DIALECTS)('keys CLI on $name', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect, { SANDBOX: '0' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates a key that works at once, lists it without the key, and a revoked key answers 401', async () => {
    const created = await cli(t, 'keys', 'create', '--name', 'reporting job');
    expect(created.code).toBe(0);
    const key = /^(ua_\S+)$/m.exec(created.out)?.[1] ?? '';
    const id = /Created API key (\S+) /.exec(created.out)?.[1] ?? '';
    expect(key).toMatch(/^ua_[A-Za-z0-9_-]{32}$/);
    expect(await checkKey(t, key)).toBe(200);

    const listed = await cli(t, 'keys', 'list');
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(new RegExp(`^${id}\\s+\\S+\\s+reporting job$`, 'm'));
    expect(listed.out).toMatch(/\sAPI_KEY$/m);
    expect(listed.out).not.toContain(key);
    expect(listed.out).not.toContain(t.apiKey);

    const revoked = await cli(t, 'keys', 'revoke', id);
    expect(revoked).toMatchObject({ code: 0, err: '' });
    expect(revoked.out).toContain(`Revoked API key ${id} ("reporting job")`);
    expect(await checkKey(t, key)).toBe(401);
    expect(await checkKey(t, t.apiKey)).toBe(200);
    expect((await cli(t, 'keys', 'list')).out).not.toContain(id);

    const again = await cli(t, 'keys', 'revoke', id);
    expect(again.code).toBe(1);
    expect(again.err).toContain(`No API key with the id "${id}"`);
  });

  it('names a key "created with the CLI" when no --name is given', async () => {
    const created = await cli(t, 'keys', 'create');
    expect(created.code).toBe(0);
    expect(created.out).toContain('("created with the CLI")');
  });
});

describe('CLI usage', () => {
  it('prints the help and exits 2 without a command, or with an unknown one', async () => {
    const none = await cli(undefined);
    expect(none.code).toBe(2);
    expect(none.err).toContain('No command given.');
    expect(none.err).toContain('keys revoke <id>');
    const unknown = await cli(undefined, '--version-of-nothing');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Unknown command "--version-of-nothing"');
    const unknownKeys = await cli(undefined, 'keys', 'rotate');
    expect(unknownKeys.code).toBe(2);
    expect(unknownKeys.err).toContain('Unknown command "keys rotate"');
    expect(unknownKeys.err).toContain('Usage: unified-ats keys <create|list|revoke>');
  });

  it.each([
    [['--help'], 'Usage: unified-ats <command>'],
    [['help'], 'Usage: unified-ats <command>'],
    [['serve', '--help'], 'Usage: unified-ats serve'],
    [['worker', '-h'], 'Usage: unified-ats worker'],
    [['keys', '--help'], 'Usage: unified-ats keys <create|list|revoke>'],
    [['keys', 'create', '--help'], 'Usage: unified-ats keys create [--name <name>]'],
    [['keys', 'list', '--help'], 'Usage: unified-ats keys list'],
    [['keys', 'revoke', '--help'], 'Usage: unified-ats keys revoke <id>'],
    [['help', 'keys', 'revoke'], 'Usage: unified-ats keys revoke <id>'],
  ])('%j prints its help and exits 0', async (argv, first) => {
    const result = await cli(undefined, ...argv);
    expect(result.code).toBe(0);
    expect(result.out.startsWith(first)).toBe(true);
  });

  it('refuses wrong arguments with the command help (exit 2)', async () => {
    const noId = await cli(undefined, 'keys', 'revoke');
    expect(noId.code).toBe(2);
    expect(noId.err).toContain('takes exactly one key id');
    const badOption = await cli(undefined, 'keys', 'create', '--colour', 'red');
    expect(badOption.code).toBe(2);
    expect(badOption.err).toContain('Usage: unified-ats keys create');
  });
});
