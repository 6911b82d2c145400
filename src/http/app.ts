/**
 * The HTTP application: middleware order, the error boundary and route registration.
 * Everything under /v1 speaks Kombo's envelopes; /logs and /assets are ours.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { InputError, MethodNotAllowedError, NotFoundError, UnsupportedMediaTypeError } from '../lib/errors.js';
import { sortableId } from '../lib/ids.js';
import { maskSecrets } from '../lib/redact.js';
import { maskQuery } from '../lib/query-mask.js';
import { insertRequestLog } from '../storage/repositories/request-logs.repository.js';
import { allowedMethodsLookup } from './allowed-methods.js';
import { categoryOf, describeError, errorBody } from './errors.js';
import { registerHealthRoutes } from './health/health-routes.js';
import { requireApiKey } from './middleware/auth.js';
import { requireReadyIntegration } from './middleware/integration.js';
import { registerConnectPage } from './pages/connect-page.js';
import { registerDashboardPage } from './pages/dashboard-page.js';
import { registerLogPage } from './pages/log-page.js';
import { registerToolAssets } from './pages/tool-assets.js';
import { registerUiAssets } from './pages/ui-assets.js';
import { publicBase } from './public-url.js';
import { registerFileDownload } from './routes/files/download-file.js';
import { INBOUND_PATH_PREFIX } from '../webhooks/inbound/deps.js';
import { registerAtsRoutes, registerGeneralRoutes, registerPublicRoutes } from './routes/index.js';
import type { AppEnv, AppServices } from './services.js';

/** Validation failures name the field: `Invalid query parameter "page_size": …`. */
function validationHook(result: { success: boolean; error?: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }; target?: string }): void {
  if (result.success || !result.error) return;
  const where: Record<string, string> = { query: 'query parameter', json: 'field', param: 'path parameter', header: 'header' };
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.map(String).join('.') || '(body)';
    return `Invalid ${where[result.target ?? ''] ?? 'input'} "${name}": ${issue.message}`;
  });
  throw new InputError(problems.join('; '));
}

/**
 * The path with its query, whose possibly personal values are masked (see lib/query-mask.ts); a
 * vendor webhook path loses its token, which is what lets a vendor post there.
 */
function requestPath(url: string): string {
  const parsed = new URL(url);
  const pathname = parsed.pathname.startsWith(INBOUND_PATH_PREFIX) ? `${INBOUND_PATH_PREFIX}***` : parsed.pathname;
  return `${pathname}${maskQuery(parsed.search)}`;
}

async function answerError(c: Context<AppEnv>, err: unknown): Promise<Response> {
  const { services } = c.var;
  const answer = describeError(err, categoryOf(c.req.path), { setupPendingStatus: services.config.setupPendingStatus });
  const logId = sortableId();
  if (answer.status >= 500) services.logger.error({ err, path: c.req.path }, 'request failed');
  try {
    await insertRequestLog(services.db.kysely, {
      id: logId,
      environment_id: c.var.environmentId ?? null,
      integration_id: c.req.header('x-integration-id') ?? null,
      method: c.req.method,
      path: withoutNul(requestPath(c.req.url)),
      status: answer.status,
      code: answer.code,
      // A 500's cause goes to the log page only, never into the answer.
      message: withoutNul(answer.status >= 500 && err instanceof Error ? `${answer.message} Cause: ${err.name}: ${maskSecrets(err.message)}` : answer.message),
      duration_ms: Math.max(0, Math.round(performance.now() - (c.var.startedAt ?? performance.now()))),
      created_at: new Date().toISOString(),
    });
  } catch (logErr) {
    services.logger.warn({ err: logErr }, 'could not store the request log');
  }
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (answer.retryAfterSeconds !== undefined) headers['Retry-After'] = String(answer.retryAfterSeconds);
  if (answer.allow) headers['Allow'] = answer.allow.join(', ');
  return c.body(errorBody(answer, `${publicBase(c)}/logs/${logId}`), answer.status as 400, headers);
}

export function createApp(services: AppServices): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('*', async (c, next) => {
    c.set('services', services);
    c.set('requestId', sortableId());
    c.set('startedAt', performance.now());
    await next();
  });
  // The body gate of @hono/zod-openapi throws a bare 415; ours names the accepted type.
  app.onError((err, c) =>
    answerError(c, err instanceof HTTPException && err.status === 415 ? new UnsupportedMediaTypeError(c.req.header('content-type')) : err),
  );
  app.notFound((c) => answerError(c, new NotFoundRoute(c.req.method, c.req.path)));
  let allowedMethods: ((path: string) => string[]) | undefined;
  app.use('*', async (c, next) => {
    // Built at the first request, when every route is registered.
    allowedMethods ??= allowedMethodsLookup(app.routes);
    const allowed = allowedMethods(c.req.path);
    // A known path with another method is refused before authentication and the integration gate:
    // their answers would be about a request no endpoint takes.
    if (allowed.length > 0 && !allowed.includes(c.req.method)) throw new MethodNotAllowedError(c.req.method, c.req.path, allowed);
    await next();
  });
  registerHealthRoutes(app);

  const v1 = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  v1.use('*', rejectNulCharacters);
  registerFileDownload(v1);
  v1.use('*', async (c, next) => {
    if (c.req.path === '/v1/openapi.json' || c.req.path.startsWith('/v1/files/') || c.req.path.startsWith(INBOUND_PATH_PREFIX)) return next();
    return requireApiKey(c, next);
  });
  v1.use('/ats/*', requireReadyIntegration);
  registerAtsRoutes(v1);
  registerGeneralRoutes(v1);
  registerPublicRoutes(v1);
  v1.doc31('/openapi.json', (c) => ({
    openapi: '3.1.0',
    info: { title: 'unified-ats', version: '1.0.0', description: "A self-hosted Unified ATS API speaking Kombo's wire format." },
    servers: [{ url: `${publicBase(c as Context<AppEnv>)}/v1` }],
    security: [{ ApiKey: [] }],
  }));
  v1.openAPIRegistry.registerComponent('securitySchemes', 'ApiKey', { type: 'http', scheme: 'bearer' });

  app.route('/v1', v1);
  registerLogPage(app);
  registerToolAssets(app);
  registerUiAssets(app);
  registerConnectPage(app);
  registerDashboardPage(app);
  return app;
}

/** PostgreSQL cannot store U+0000 in text; no legitimate id, filter or name contains it. */
const withoutNul = (value: string) => value.replace(/\u0000/g, '\uFFFD');

const rejectNulCharacters: MiddlewareHandler<AppEnv> = async (c, next) => {
  const url = new URL(c.req.url);
  for (const [name, value] of url.searchParams) {
    if (name.includes('\u0000') || value.includes('\u0000')) throw new InputError(`Invalid query parameter "${withoutNul(name)}": it contains a NUL character.`);
  }
  let pathname = url.pathname;
  try {
    pathname = decodeURIComponent(pathname);
  } catch {
    // Malformed percent-encoding is left to the route's own validation.
  }
  if (pathname.includes('\u0000')) throw new NotFoundError('Nothing exists at a path with a NUL character (%00): no id can hold one.');
  if (c.req.header('content-type')?.includes('json')) {
    const text = await c.req.text();
    if (text.includes('\\u0000') || text.includes('\u0000')) throw new InputError('Invalid body: a field contains a NUL character (\\u0000), which no field can hold.');
  }
  await next();
};

class NotFoundRoute extends NotFoundError {
  constructor(method: string, path: string) {
    super(`There is no endpoint ${method} ${path}.`);
  }
}
