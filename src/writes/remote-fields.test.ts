import { describe, expect, it } from 'vitest';
import { ashbyManifest } from '../connectors/ashby/manifest.js';
import { greenhouseManifest } from '../connectors/greenhouse/manifest.js';
import { leverManifest } from '../connectors/lever/manifest.js';
import { workableManifest } from '../connectors/workable/manifest.js';
import { sandboxManifest } from '../connectors/sandbox/manifest.js';
import { remoteFieldWarnings, remoteFieldsSchema } from './remote-fields.js';

const issues = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } }) => result.error?.issues.map((i) => i.path.join('.')) ?? [];

describe('remote_fields warnings', () => {
  it('stays silent for every key Kombo documents for the tools we connect', () => {
    const onBehalf = { post_headers: { 'On-Behalf-Of': '42' } };
    expect(remoteFieldWarnings(greenhouseManifest, 'ats_add_candidate_tag', { greenhouse: onBehalf })).toEqual([]);
    expect(remoteFieldWarnings(greenhouseManifest, 'ats_add_application_note', { greenhouse: onBehalf, greenhousev3: { visibility: 'private' } })).toEqual([]);
    expect(remoteFieldWarnings(greenhouseManifest, 'ats_reject_application', { greenhousev3: { rejection_email: { email_template_id: 1 } } })).toEqual([]);
    expect(remoteFieldWarnings(greenhouseManifest, 'ats_create_application', { greenhouse: onBehalf, greenhousev3: { candidate: { a: 1 }, application: { b: 2 } } })).toEqual([]);
    expect(remoteFieldWarnings(leverManifest, 'ats_add_application_note', { lever: { perform_as: 'u' } })).toEqual([]);
    expect(remoteFieldWarnings(leverManifest, 'ats_create_candidate', { lever: { candidate: { origin: 'referred' } } })).toEqual([]);
    for (const action of ['ats_move_application_to_stage', 'ats_reject_application', 'ats_add_application_note', 'ats_add_application_attachment', 'ats_add_candidate_attachment', 'ats_add_application_result_link'] as const) {
      expect(remoteFieldWarnings(workableManifest, action, { workable: { on_behalf_of_user_remote_id: 'm1' } }), action).toEqual([]);
    }
  });

  it('names each key the connector does not apply, down to the nested key', () => {
    expect(remoteFieldWarnings(workableManifest, 'ats_add_candidate_tag', { workable: { on_behalf_of_user_remote_id: 'm1' } })).toEqual([
      'remote_fields.workable.on_behalf_of_user_remote_id was not applied: Workable uses no such field when adding a tag.',
    ]);
    expect(remoteFieldWarnings(greenhouseManifest, 'ats_add_application_note', { greenhouse: { post_headers: { 'On-Behalf-Of': '1', 'X-Other': 'y' } } })).toEqual([
      'remote_fields.greenhouse.post_headers.X-Other was not applied: Greenhouse uses no such field when adding a note.',
    ]);
    expect(remoteFieldWarnings(greenhouseManifest, 'ats_move_application_to_stage', { greenhousev3: { visibility: 'private' } })).toEqual([
      'remote_fields.greenhousev3.visibility was not applied: Greenhouse uses no such field when moving an application.',
    ]);
    expect(remoteFieldWarnings(leverManifest, 'ats_create_application', { lever: { perform_as: 'u', tags: ['x'] } })).toEqual([
      'remote_fields.lever.tags was not applied: Lever uses no such field when creating an application.',
    ]);
  });

  it("warns about another tool's fields and sends them nowhere; null values count as not sent", () => {
    expect(remoteFieldWarnings(sandboxManifest, 'ats_add_application_note', { workable: { on_behalf_of_user_remote_id: 'm1' }, greenhouse: null })).toEqual([
      "remote_fields.workable was ignored: this integration's tool is sandbox.",
    ]);
    expect(remoteFieldWarnings(greenhouseManifest, 'ats_add_application_note', { greenhouse: { post_headers: { 'On-Behalf-Of': null } }, lever: { perform_as: 'u' } })).toEqual([
      "remote_fields.lever was ignored: this integration's tool is greenhouse.",
    ]);
  });

  it("passes every key of a tool that takes its fields as they come (Ashby's '*')", () => {
    expect(remoteFieldWarnings(ashbyManifest, 'ats_move_application_to_stage', { ashby: { archiveReasonId: 'r', anything: { nested: true } } })).toEqual([]);
  });
});

describe('remote_fields request schema', () => {
  it("types the keys Kombo documents, naming the field when one has the wrong type", () => {
    expect(issues(remoteFieldsSchema('ats_add_application_note').safeParse({ workable: { on_behalf_of_user_remote_id: 7 } }))).toEqual(['workable.on_behalf_of_user_remote_id']);
    expect(issues(remoteFieldsSchema('ats_add_application_note').safeParse({ greenhousev3: { visibility: 'everyone' } }))).toEqual(['greenhousev3.visibility']);
    expect(issues(remoteFieldsSchema('ats_add_candidate_tag').safeParse({ greenhouse: { post_headers: { 'On-Behalf-Of': 5 } } }))).toEqual(['greenhouse.post_headers.On-Behalf-Of']);
    expect(issues(remoteFieldsSchema('ats_create_application').safeParse({ smartrecruiters: { consent_decisions: { SINGLE: 'yes' } } }))).toEqual(['smartrecruiters.consent_decisions.SINGLE']);
    expect(issues(remoteFieldsSchema('ats_create_application').safeParse({ lever: 'not an object' }))).toEqual(['lever']);
  });

  it("accepts Kombo's keys of tools not built yet, other tools' objects, and unknown keys (to warn about)", () => {
    const body = {
      teamtailor: { user_id: 'u', candidate: { a: 1 }, application: { attributes: { b: 2 } } },
      recruitee: { candidate: { cover_letter_text: 'Hi' } },
      smartrecruiters: { consent_decisions: { SINGLE: true }, candidate_with_questions: {} },
      workday: { Candidate_Data: { Name_Detail_Data: { Middle_Name: 'Q' } } },
      greenhouse: { post_headers: { 'On-Behalf-Of': null }, extra: 1 },
    };
    const parsed = remoteFieldsSchema('ats_create_application').safeParse(body);
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual(body);
    expect(remoteFieldsSchema('ats_add_application_note').safeParse({ recruitee: { visibility: { level: 'team' }, is_json: true } }).success).toBe(true);
  });
});
