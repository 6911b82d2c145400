/**
 * The emulator of "Acme", the example vendor of `src/connectors/README.md`: users and tags behind
 * a Bearer key, paged with a cursor in the body (`{data, next_cursor}`), with the shared faults
 * (429s, the request log) and an admin route to delete a user.
 */
import { Hono, type Context } from 'hono';
import type { Emulator } from '../../../emulators/shared/emulator.js';
import { faultInjection, Faults, registerFaultAdmin } from '../../../emulators/shared/faults.js';

export const ACME_KEY = 'acme-key';

const error = (c: Context, status: number, message: string) => c.json({ message }, status as 401);

export function createAcmeEmulator(size: number): Emulator {
  const faults = new Faults();
  const users = Array.from({ length: size }, (_, i) => ({ id: `u${i}`, name: `User ${i}`, email: `user${i}@acme.test`, active: i % 4 !== 0 }));
  const tags = ['Referral', 'Senior', 'Remote'].map((name, i) => ({ id: `t${i}`, name }));
  const app = new Hono();
  registerFaultAdmin(app, faults);
  app.delete('/__admin/users/:id', (c) => {
    const i = users.findIndex((u) => u.id === c.req.param('id'));
    if (i >= 0) users.splice(i, 1);
    return c.json({});
  });
  app.use('*', faultInjection(faults, error));
  app.use('/v1/*', async (c, next) => (c.req.header('authorization') === `Bearer ${ACME_KEY}` ? next() : error(c, 401, 'invalid API key')));
  const page = <T>(c: Context, items: readonly T[]) => {
    const start = Number(c.req.query('cursor') ?? '0');
    const limit = Math.min(Number(c.req.query('limit') ?? '10'), 10);
    const next = start + limit < items.length ? String(start + limit) : null;
    return c.json({ data: items.slice(start, start + limit), next_cursor: next });
  };
  app.get('/v1/users', (c) => page(c, users));
  app.get('/v1/tags', (c) => page(c, tags));
  return { name: 'acme', app, faults, credentials: { api_key: ACME_KEY } };
}
