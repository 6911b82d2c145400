import { Kombo } from '@kombo-api/sdk';
import { it, expect } from 'vitest';
import { DIALECTS } from '../setup/dialects.js';
import { startTestServer } from '../setup/test-server.js';

it('smoke', async () => {
  const t = await startTestServer(DIALECTS[0]!);
  try {
    const kombo = new Kombo({ api_key: t.apiKey, integration_id: t.sandboxId, server_url: `${t.url}/v1` });
    const apps = (await kombo.ats.getApplications({ page_size: 5 })).result.data.results;
    const app = apps[0]!;
    const r = await kombo.ats.addApplicationNote({ application_id: app.id, body: { content: 'hello', content_type: 'PLAIN_TEXT' } });
    console.log(JSON.stringify(r));
    const after = (await kombo.ats.getApplications({ ids: [app.id] })).result.data.results[0]!;
    console.log(app.changed_at, after.changed_at, app.remote_updated_at, after.remote_updated_at);
    const rl = await kombo.ats.addApplicationResultLink({ application_id: app.id, body: { label: 'Test', url: 'https://x.test/r', details: { custom_field_name_prefix: 'Acme:', attributes: [{ key: 'Score', value: '9' }] } } });
    console.log(JSON.stringify(rl));
    const jobs = (await kombo.ats.getJobs({ page_size: 50 })).result.data.results;
    const open = jobs.find((j) => j.status === 'OPEN')!;
    const created = await kombo.ats.createApplication({ job_id: open.id, body: { candidate: { first_name: 'Ada', last_name: 'Lovelace', email_address: 'ada@example.com' }, attachments: [{ name: 'cv.txt', type: 'CV', content_type: 'text/plain', data: Buffer.from('hi').toString('base64') }] } });
    console.log(JSON.stringify(created).slice(0, 1500));
    const tag = await kombo.ats.addCandidateTag({ candidate_id: created.data.candidate_id!, body: { tag: { name: 'VIP' } } });
    console.log(JSON.stringify(tag));
    const rm = await kombo.ats.removeCandidateTag({ candidate_id: created.data.candidate_id!, body: { tag: { name: 'nope' } } });
    console.log(JSON.stringify(rm));
    const d = await kombo.general.getIntegrationDetails({ integration_id: t.sandboxId });
    console.log(JSON.stringify(d.data.write_actions.map(a => [a.id, a.coverage_status, a.fields.length])));
    const err = await kombo.ats.addApplicationNote({ application_id: 'nope', body: { content: 'x', content_type: 'PLAIN_TEXT' } }).catch(e => e);
    console.log(err.statusCode, err.message);
    const err2 = await kombo.ats.addApplicationAttachment({ application_id: app.id, body: { attachment: { name: 'x', type: 'CV', data: '@@@' } } }).catch(e => e);
    console.log(err2.statusCode, err2.message);
  } finally { await t.close(); }
});
