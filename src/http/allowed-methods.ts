/**
 * Which methods a path takes, from the routes the app registered: a request with another method
 * on a known path is a 405 with `Allow`, not a 404 (the path exists).
 */

interface RegisteredRoute {
  method: string;
  path: string;
}

/** `/v1/integrations/:integration_id` → a regex for one concrete path (parameters are one segment). */
function patternOf(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}

/** Returns a lookup built once from the routes (middleware, registered with wildcards, is skipped); [] for unknown paths. */
export function allowedMethodsLookup(routes: readonly RegisteredRoute[]): (path: string) => string[] {
  const handlers = routes.filter((r) => !r.path.includes('*')).map((r) => ({ method: r.method, pattern: patternOf(r.path) }));
  return (path) => {
    const matching = handlers.filter((h) => h.pattern.test(path));
    // A handler for every method (app.all) takes any: nothing to refuse.
    if (matching.some((h) => h.method === 'ALL')) return [];
    const methods = new Set(matching.map((h) => h.method));
    // Hono answers HEAD with the GET handler.
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  };
}
