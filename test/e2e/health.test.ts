/**
 * `/health` and `/ready` on every dialect: no API key, no tenant data, and `/ready` turns 503
 * when the database goes away (SQLite: the handle closed; PostgreSQL: the database dropped).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../setup/dialects.js';
import { startTestServer, type TestServer } from '../setup/test-server.js';

async function get(t: TestServer, path: string): Promise<{ status: number; body: Record<string, unknown>; text: string }> {
  const res = await fetch(`${t.url}${path}`);
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as Record<string, unknown>, text };
}

/** Makes the test server's database unusable underneath it. */
async function takeDatabaseDown(t: TestServer): Promise<void> {
  const url = t.server.services.config.databaseUrl;
  if (!url) {
    await t.server.services.db.close();
    return;
  }
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: process.env['TEST_DATABASE_URL'] });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

describe.each(DIALECTS)('health probes on $name', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect, { SANDBOX: '0' });
  });
  afterAll(async () => {
    // The database is gone by the end; closing may complain about it, which is not what is tested.
    await t.close().catch(() => undefined);
  });

  it('GET /health answers 200 without an API key', async () => {
    const answer = await get(t, '/health');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'ok' });
  });

  it('GET /ready answers 200 with the database and migration checks, and no data', async () => {
    const answer = await get(t, '/ready');
    expect(answer.status).toBe(200);
    expect(answer.body['status']).toBe('ready');
    const checks = answer.body['checks'] as Record<string, Record<string, unknown>>;
    expect(checks['database']).toEqual({ ok: true, dialect: dialect.name });
    expect(checks['migrations']).toEqual({ ok: true, pending: [] });
    if (dialect.name === 'postgres') expect(checks['workers']).toEqual({ running_syncs: 0, stale_syncs: 0 });
    else expect(checks['workers']).toBeUndefined();
    expect(answer.text).not.toContain('ua_test:');
  });

  it('GET /ready answers 503 once the database is down, while /health stays 200', async () => {
    await takeDatabaseDown(t);
    const answer = await get(t, '/ready');
    expect(answer.status).toBe(503);
    expect(answer.body['status']).toBe('not_ready');
    const database = (answer.body['checks'] as Record<string, Record<string, unknown>>)['database'];
    expect(database?.['ok']).toBe(false);
    expect(String(database?.['error'])).not.toMatch(/ua_test:ua_test/);
    expect((await get(t, '/health')).status).toBe(200);
  });
});
