/**
 * GET /v1/openapi.json over plain HTTP on every dialect: a well-formed OpenAPI 3.1 document that
 * lists exactly the paths we serve, with Kombo's operation ids, and needs no API key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../setup/dialects.js';
import { isRecord, record } from '../setup/http-client.js';
import { startTestServer, type TestServer } from '../setup/test-server.js';

/** Every path we serve, by method, with the operationId Kombo uses (contract §4, §5). */
const EXPECTED: Record<string, Record<string, string>> = {
  '/ats/applications': { get: 'GetAtsApplications' },
  '/ats/candidates': { get: 'GetAtsCandidates', post: 'PostAtsCandidates' },
  '/ats/jobs': { get: 'GetAtsJobs' },
  '/ats/users': { get: 'GetAtsUsers' },
  '/ats/roles': { get: 'GetAtsRoles' },
  '/ats/offers': { get: 'GetAtsOffers' },
  '/ats/interviews': { get: 'GetAtsInterviews' },
  '/ats/tags': { get: 'GetAtsTags' },
  '/ats/actions/ats_create_application': { get: 'GetAtsActionsAtsCreateApplication' },
  '/ats/actions/ats_create_candidate': { get: 'GetAtsActionsAtsCreateCandidate' },
  '/ats/actions/ats_add_application_attachment': { get: 'GetAtsActionsAtsAddApplicationAttachment' },
  '/ats/actions/ats_add_candidate_attachment': { get: 'GetAtsActionsAtsAddCandidateAttachment' },
  '/ats/application-stages': { get: 'GetAtsApplicationStages' },
  '/ats/rejection-reasons': { get: 'GetAtsRejectionReasons' },
  '/ats/applications/{application_id}/attachments': { get: 'GetAtsApplicationsApplicationIdAttachments', post: 'PostAtsApplicationsApplicationIdAttachments' },
  '/ats/candidates/{candidate_id}/attachments': { get: 'GetAtsCandidatesCandidateIdAttachments', post: 'PostAtsCandidatesCandidateIdAttachments' },
  '/ats/applications/{application_id}/stage': { put: 'PutAtsApplicationsApplicationIdStage' },
  '/ats/applications/{application_id}/result-links': { post: 'PostAtsApplicationsApplicationIdResultLinks' },
  '/ats/applications/{application_id}/notes': { post: 'PostAtsApplicationsApplicationIdNotes' },
  '/ats/applications/{application_id}/reject': { post: 'PostAtsApplicationsApplicationIdReject' },
  '/ats/candidates/{candidate_id}/result-links': { post: 'PostAtsCandidatesCandidateIdResultLinks' },
  '/ats/candidates/{candidate_id}/tags': { post: 'PostAtsCandidatesCandidateIdTags', delete: 'DeleteAtsCandidatesCandidateIdTags' },
  '/ats/jobs/{job_id}/applications': { post: 'PostAtsJobsJobIdApplications' },
  '/ats/import-tracked-application': { post: 'PostAtsImportTrackedApplication' },
  '/check-api-key': { get: 'GetCheckApiKey' },
  '/force-sync': { post: 'PostForceSync' },
  '/integrations': { get: 'GetIntegrations', post: 'PostIntegrations' },
  '/passthrough/{tool}/{api}': { post: 'PostPassthroughToolApi' },
  '/integrations/{integration_id}': { get: 'GetIntegrationsIntegrationId', delete: 'DeleteIntegrationsIntegrationId', patch: 'PatchIntegrationsIntegrationId' },
  '/integrations/{integration_id}/integration-fields': { get: 'GetIntegrationsIntegrationIdIntegrationFields' },
  '/integrations/{integration_id}/integration-fields/{integration_field_id}': { patch: 'PatchIntegrationsIntegrationIdIntegrationFieldsIntegrationFieldId' },
  '/integrations/{integration_id}/custom-fields': { get: 'GetIntegrationsIntegrationIdCustomFields' },
  '/integrations/{integration_id}/custom-fields/{custom_field_id}': { put: 'PutIntegrationsIntegrationIdCustomFieldsCustomFieldId' },
  '/integrations/{integration_id}/enabled': { put: 'PutIntegrationsIntegrationIdEnabled' },
  '/integrations/{integration_id}/inbound-webhook/vendor-secret': { put: 'PutIntegrationsIntegrationIdInboundWebhookVendorSecret' },
  '/integrations/{integration_id}/syncs': { get: 'GetIntegrationsIntegrationIdSyncs' },
  '/integrations/{integration_id}/syncs/{sync_id}': { get: 'GetIntegrationsIntegrationIdSyncsSyncId' },
  '/integrations/{integration_id}/changes': { get: 'GetIntegrationsIntegrationIdChanges' },
  '/request-logs': { get: 'GetRequestLogs' },
  '/request-logs/{log_id}': { get: 'GetRequestLogsLogId' },
  '/webhooks': { get: 'GetWebhooks', post: 'PostWebhooks' },
  '/webhooks/{webhook_id}': { delete: 'DeleteWebhooksWebhookId' },
  '/webhooks/{webhook_id}/deliveries': { get: 'GetWebhooksWebhookIdDeliveries' },
  '/webhooks/deliveries/{delivery_id}/redeliver': { post: 'PostWebhooksDeliveriesDeliveryIdRedeliver' },
  '/integrations/{integration_id}/relink': { post: 'PostIntegrationsIntegrationIdRelink' },
  '/integrations/{integration_id}/setup-link': { post: 'PostIntegrationsIntegrationIdSetupLink' },
  '/tools/{category}': { get: 'GetToolsCategory' },
  '/connect/create-link': { post: 'PostConnectCreateLink' },
  '/connect/integration-by-token/{token}': { get: 'GetConnectIntegrationByTokenToken' },
  // Ours: where an integration's ATS posts its webhooks (public; the vendor's signature is checked).
  '/vendor-webhooks/{token}': { post: 'PostVendorWebhooksToken' },
};

/** Operations vendors call without our API key (documented with `security: []`). */
const PUBLIC_OPERATIONS = ['POST /vendor-webhooks/{token}'];

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

describe.each(DIALECTS)('GET /v1/openapi.json on $name', (dialect) => {
  let t: TestServer;
  let doc: Record<string, unknown>;
  let paths: Record<string, Record<string, unknown>>;

  beforeAll(async () => {
    t = await startTestServer(dialect);
    const res = await fetch(`${t.url}/v1/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    doc = record(await res.json(), 'the document');
    // Paths are relative to the server URL, which ends in /v1.
    paths = Object.fromEntries(Object.entries(record(doc['paths'], 'paths')).map(([p, item]) => [p, record(item, p)]));
  });
  afterAll(async () => t?.close());

  it('needs no API key, and a bad one does not matter', async () => {
    const anonymous = await fetch(`${t.url}/v1/openapi.json`);
    const badKey = await fetch(`${t.url}/v1/openapi.json`, { headers: { Authorization: 'Bearer wrong' } });
    expect(anonymous.status).toBe(200);
    expect(badKey.status).toBe(200);
    expect(await badKey.json()).toEqual(await anonymous.json());
  });

  it('is an OpenAPI 3.1 document with info and a /v1 server', () => {
    expect(doc['openapi']).toEqual(expect.stringMatching(/^3\.1\.\d+$/));
    const info = record(doc['info'], 'info');
    expect(typeof info['title']).toBe('string');
    expect(typeof info['version']).toBe('string');
    const servers = doc['servers'];
    if (!Array.isArray(servers)) throw new Error('servers is not an array');
    expect(record(servers[0], 'servers[0]')['url']).toBe(`${t.url}/v1`);
  });

  it('lists exactly the paths we serve with the expected methods and operation ids', () => {
    expect(Object.keys(paths).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [path, methods] of Object.entries(EXPECTED)) {
      const item = paths[path] ?? {};
      expect(Object.keys(item).filter((k) => HTTP_METHODS.has(k)).sort(), path).toEqual(Object.keys(methods).sort());
      for (const [method, operationId] of Object.entries(methods)) {
        expect(record(item[method], `${method} ${path}`)['operationId'], `${method} ${path}`).toBe(operationId);
      }
    }
  });

  it('describes every operation well enough for a client generator', () => {
    const seen = new Set<string>();
    for (const [path, item] of Object.entries(paths)) {
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const [method, raw] of Object.entries(item)) {
        if (!HTTP_METHODS.has(method)) continue;
        const where = `${method.toUpperCase()} ${path}`;
        const op = record(raw, where);
        const operationId = op['operationId'];
        expect(typeof operationId, where).toBe('string');
        expect(seen.has(String(operationId)), `${where}: duplicate operationId`).toBe(false);
        seen.add(String(operationId));
        const responses = record(op['responses'], `${where} responses`);
        const ok = record(responses['200'], `${where} 200`);
        expect(Object.keys(record(ok['content'], `${where} 200 content`)), where).toContain('application/json');
        expect(Object.keys(responses), `${where}: documents its error envelope`).toContain('default');
        const parameters = Array.isArray(op['parameters']) ? op['parameters'].map((p) => record(p, `${where} parameter`)) : [];
        for (const name of templated) {
          const declared = parameters.find((p) => p['in'] === 'path' && p['name'] === name);
          expect(declared, `${where}: path parameter ${name}`).toBeDefined();
          expect(declared?.['required'], `${where}: path parameter ${name} is required`).toBe(true);
        }
        if (path.startsWith('/ats/') || path === '/force-sync') {
          const header = parameters.find((p) => p['in'] === 'header' && String(p['name']).toLowerCase() === 'x-integration-id');
          expect(header, `${where}: X-Integration-Id header`).toBeDefined();
        }
      }
    }
    // Every ATS list endpoint (the GETs without a path parameter, except the actions' restrictions, which are no lists).
    for (const path of Object.keys(EXPECTED).filter((p) => p.startsWith('/ats/') && !p.startsWith('/ats/actions/') && !p.includes('{') && EXPECTED[p]?.['get'])) {
      const names = ((record(paths[path]?.['get'], path)['parameters'] as unknown[] | undefined) ?? []).map((p) => record(p, path)['name']);
      expect(names, path).toEqual(expect.arrayContaining(['cursor', 'page_size', 'updated_after', 'include_deleted', 'ignore_unsupported_filters', 'ids', 'remote_ids']));
    }
  });

  it('documents what SDK 1.3.x added: stage status and custom_fields wherever a stage appears, fixed role scopes', () => {
    const schemas = record(record(doc['components'], 'components')['schemas'], 'schemas');
    const props = (node: unknown, where: string) => record(record(node, where)['properties'], `${where} properties`);
    const required = (node: unknown, where: string) => record(node, where)['required'];
    const stages: Array<[string, unknown]> = [
      ['Job.stages[]', record(props(schemas['Job'], 'Job')['stages'], 'Job.stages')['items']],
      ['Application.current_stage', props(schemas['Application'], 'Application')['current_stage']],
      ['CreatedApplication.current_stage', props(schemas['CreatedApplication'], 'CreatedApplication')['current_stage']],
      ['ApplicationStage', schemas['ApplicationStage']],
    ];
    for (const [where, stage] of stages) {
      const p = props(stage, where);
      expect(p['status'], where).toEqual({ type: ['string', 'null'], enum: ['ACTIVE', 'INACTIVE', null] });
      expect(record(p['custom_fields'], `${where}.custom_fields`)['type'], where).toEqual(['object', 'null']);
      expect(required(stage, where), where).toEqual(expect.arrayContaining(['status', 'custom_fields']));
    }
    const member = record(props(schemas['Job'], 'Job')['hiring_team'], 'Job.hiring_team')['items'];
    const jobRole = record(props(member, 'hiring_team[]')['job_roles'], 'job_roles')['items'];
    expect(props(jobRole, 'job_roles[]')['scope']).toEqual({ type: 'string', enum: ['JOB'] });
    const systemRole = record(props(schemas['User'], 'User')['system_roles'], 'system_roles')['items'];
    expect(props(systemRole, 'system_roles[]')['scope']).toEqual({ type: 'string', enum: ['SYSTEM'] });
  });

  it('resolves every $ref inside the document', () => {
    const broken: string[] = [];
    const resolve = (ref: string): unknown => {
      if (!ref.startsWith('#/')) return undefined;
      let node: unknown = doc;
      for (const part of ref.slice(2).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))) {
        node = isRecord(node) ? node[part] : undefined;
      }
      return node;
    };
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) node.forEach((child, i) => walk(child, `${at}/${i}`));
      else if (isRecord(node)) {
        const ref = node['$ref'];
        if (typeof ref === 'string' && resolve(ref) === undefined) broken.push(`${at}: ${ref}`);
        for (const [key, child] of Object.entries(node)) walk(child, `${at}/${key}`);
      }
    };
    walk(doc, '#');
    expect(broken).toEqual([]);
  });

  it('declares bearer authentication and applies it to every documented operation but the public ones', () => {
    const schemes = record(record(doc['components'], 'components')['securitySchemes'], 'securitySchemes');
    const bearer = Object.entries(schemes).filter(([, s]) => isRecord(s) && s['type'] === 'http' && String(s['scheme']).toLowerCase() === 'bearer');
    expect(bearer.length).toBeGreaterThan(0);
    const names = new Set(bearer.map(([name]) => name));
    const uses = (security: unknown) => Array.isArray(security) && security.some((req) => isRecord(req) && Object.keys(req).some((k) => names.has(k)));
    const unprotected: string[] = [];
    for (const [path, item] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!HTTP_METHODS.has(method) || !isRecord(op)) continue;
        const security = 'security' in op ? op['security'] : doc['security'];
        if (!uses(security)) unprotected.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(unprotected).toEqual(PUBLIC_OPERATIONS);
  });

  it('documents only operations that the server actually routes', async () => {
    const missing: string[] = [];
    for (const [path, item] of Object.entries(paths)) {
      for (const method of Object.keys(item).filter((k) => HTTP_METHODS.has(k))) {
        const concrete = path.replace(/\{[^}]+\}/g, 'sandbox:doesnotexist');
        const headers: Record<string, string> = { Authorization: `Bearer ${t.apiKey}`, 'X-Integration-Id': t.sandboxId, 'Content-Type': 'application/json' };
        // Bodies that are refused or harmless: nothing here may change the sandbox.
        const body = method === 'get' ? undefined : method === 'post' && path === '/force-sync' ? '{"type":"WEEKLY"}' : '{"nope":';
        const res = await fetch(`${t.url}/v1${concrete}`, { method: method.toUpperCase(), headers, ...(body === undefined ? {} : { body }) });
        const text = await res.text();
        if (res.status === 404 && /no endpoint/i.test(text)) missing.push(`${method.toUpperCase()} ${path}`);
        expect(res.status, `${method.toUpperCase()} ${path}: ${text.slice(0, 200)}`).toBeLessThan(500);
      }
    }
    expect(missing).toEqual([]);
    const details = await fetch(`${t.url}/v1/integrations/${t.sandboxId}`, { headers: { Authorization: `Bearer ${t.apiKey}` } });
    expect(details.status).toBe(200);
  });
});
