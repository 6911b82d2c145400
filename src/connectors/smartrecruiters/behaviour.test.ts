/**
 * Listing behaviour against scripted SmartRecruiters answers, for shapes the emulator does not
 * produce: list rows without assignments (read in detail), bare-array collections.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Fetcher } from '../../lib/polite-fetch.js';
import type { ConnectorContext } from '../connector.js';
import { memoryState } from '../memory-state.js';
import { smartRecruitersConnector } from './connector.js';

const answers: Record<string, unknown> = {
  '/candidates': { content: [{ id: 'c1', firstName: 'Aisha', lastName: 'Bello' }] },
  '/candidates/c1': { id: 'c1', firstName: 'Aisha', lastName: 'Bello', tags: [], primaryAssignment: { job: { id: 'j1' }, status: 'INTERVIEW', subStatus: 'Onsite' } },
  '/configuration/hiring-processes': [{ id: 'hp', name: 'Std', active: true }],
  '/configuration/hiring-processes/hp': { id: 'hp', name: 'Std', active: true, subStatuses: { INTERVIEW: ['Onsite'] } },
};

describe('SmartRecruiters listing', () => {
  it('reads a candidate in detail when its list row carries no assignments, and bare-array collections', async () => {
    const fetch: Fetcher = async (input) => {
      const path = new URL(String(input)).pathname;
      const body = answers[path];
      return body === undefined ? new Response(JSON.stringify({ message: 'not found' }), { status: 404 }) : new Response(JSON.stringify(body), { status: 200 });
    };
    const ctx: ConnectorContext = { integrationId: 'b', credentials: { api_key: 'k' }, baseUrl: 'http://sr.test', fetch, logger: pino({ level: 'silent' }), state: memoryState() };
    const page = await smartRecruitersConnector.list(ctx, 'applications', { cursor: null });
    expect(page.records).toEqual([expect.objectContaining({ remote_id: 'c1:j1', candidate_remote_id: 'c1', job_remote_id: 'j1', current_stage_remote_id: 'INTERVIEW:Onsite', outcome: 'PENDING' })]);
    expect(page.next).toBeNull();
  });
});
