/**
 * What `npm run emulator` prints on start: the exact `base_url` to give the server for this
 * emulator (each vendor's API lives under its own path) and a ready `curl` creating an integration.
 */

/** The API root the connector expects as `base_url`, given where the emulator listens. */
const BASE_PATHS: Record<string, (credentials: Record<string, string>) => string> = {
  greenhouse: () => '',
  ashby: () => '',
  smartrecruiters: () => '',
  // Lever's API is https://api.lever.co/v1: the connector appends paths to the version root.
  lever: () => '/v1',
  // Workable's is https://<subdomain>.workable.com/spi/v3; the emulator also serves it under /<subdomain>.
  // Teamtailor's is https://api.teamtailor.com/v1 (or api.na.…); base_url replaces the region's root.
  teamtailor: () => '/v1',
  // Recruitee's is https://api.recruitee.com: the connector appends /c/{company_id}.
  recruitee: () => '',
  // Personio's is https://api.personio.de: the connector appends /v2/… (reads) and /v1/recruiting/… (writes).
  personio: () => '',
  workable: (credentials) => `/${encodeURIComponent(credentials['subdomain'] ?? 'acme')}/spi/v3`,
};

export function baseUrlFor(name: string, url: string, credentials: Record<string, string>): string {
  const path = BASE_PATHS[name];
  if (!path) throw new Error(`No base path known for the emulator "${name}".`);
  return `${url}${path(credentials)}`;
}

/** The body of `POST /v1/integrations` that connects the server to this emulator. */
export function integrationBody(name: string, url: string, credentials: Record<string, string>): Record<string, unknown> {
  return { tool: name, credentials, base_url: baseUrlFor(name, url, credentials), end_user: { organization_name: `${name} emulator` } };
}

/** The lines printed on start; `server` is where unified-ats listens. */
export function startHints(name: string, url: string, credentials: Record<string, string>, server: string): string[] {
  const body = JSON.stringify(integrationBody(name, url, credentials));
  return [
    `${name} emulator listening on ${url}`,
    `credentials: ${JSON.stringify(credentials)}`,
    `base_url:    ${baseUrlFor(name, url, credentials)}`,
    '',
    'Connect unified-ats to it (the server must run with ALLOW_CUSTOM_BASE_URLS=1; $API_KEY is one of its keys):',
    `  curl -X POST ${server}/v1/integrations \\`,
    `    -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' \\`,
    `    -d '${body.replace(/'/g, `'\\''`)}'`,
  ];
}
