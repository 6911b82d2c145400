/**
 * Which part of the server may import which (see src/README.md, "Layers"). Checked by
 * `npm test` (test/architecture/boundaries.test.ts runs depcruise with this file).
 *
 * Layers, top to bottom; a layer imports only layers below it (or itself):
 *   entry     src/main.ts, src/cli/
 *   http      src/http/ (routes, pages, middleware)
 *   services  src/integrations/, src/connect/, src/passthrough/, src/webhooks/, src/tasks/
 *   work      src/sync/, src/writes/ (writes may use sync's ingest; sync never uses writes)
 *   adapters  src/connectors/, src/storage/, src/queue/
 *   base      src/model/, src/lib/, src/config/
 */
const ENTRY = '^src/(main\\.ts|cli/)';
const HTTP = '^src/http/';
const SERVICES = '^src/(integrations|connect|passthrough|webhooks|tasks)/';
const WORK = '^src/(sync|writes)/';
const ADAPTERS = '^src/(connectors|storage|queue)/';
const BASE = '^src/(model|lib|config)/';
const VENDORS = 'ashby|greenhouse|lever|sandbox|workable';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'src-not-tests',
      comment: 'Product code never depends on test code or the vendor emulators (they are test doubles).',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(test|emulators|bench)/' },
    },
    {
      name: 'no-import-from-entry',
      comment: 'Nothing imports the entry points (main, cli).',
      severity: 'error',
      from: { path: '^src/', pathNot: ENTRY },
      to: { path: ENTRY },
    },
    {
      name: 'http-on-top',
      comment: 'Only the entry points import the HTTP layer.',
      severity: 'error',
      from: { path: '^src/', pathNot: `${ENTRY}|${HTTP}` },
      to: { path: HTTP },
    },
    {
      name: 'services-below-http',
      comment: 'Services (integration lifecycle, connect, passthrough, webhooks, tasks) are used by http and the entry points only.',
      severity: 'error',
      from: { path: `${WORK}|${ADAPTERS}|${BASE}` },
      to: { path: SERVICES },
    },
    {
      name: 'work-below-services',
      comment: 'sync and writes are used by services, http and the entry points; adapters and base never reach up to them.',
      severity: 'error',
      from: { path: `${ADAPTERS}|${BASE}` },
      to: { path: WORK },
    },
    {
      name: 'sync-not-writes',
      comment: 'Writes ingest what they wrote through sync; sync never depends on writes.',
      severity: 'error',
      from: { path: '^src/sync/' },
      to: { path: '^src/writes/' },
    },
    {
      name: 'adapters-independent',
      comment: 'Connectors, storage and the queue do not know each other: connectors reach storage only through ConnectorContext.',
      severity: 'error',
      from: { path: '^src/(connectors|storage|queue)/' },
      to: { path: '^src/(connectors|storage|queue)/', pathNot: '^src/$1/' },
    },
    {
      name: 'base-is-base',
      comment: 'model, lib and config depend on nothing above them.',
      severity: 'error',
      from: { path: BASE },
      to: { path: '^src/', pathNot: BASE },
    },
    {
      name: 'vendors-stay-in-their-folder',
      comment: 'Shared code branches on connector capabilities, never on vendors: only the registry imports a vendor folder, and vendor folders do not import each other.',
      severity: 'error',
      from: { path: '^src/', pathNot: [`^src/connectors/(${VENDORS})/`, '^src/connectors/registry\\.ts$', '\\.test\\.ts$'] },
      to: { path: `^src/connectors/(${VENDORS})/` },
    },
    {
      name: 'vendors-not-each-other',
      comment: 'A vendor folder uses the kit and the contract, never another vendor.',
      severity: 'error',
      from: { path: `^src/connectors/(${VENDORS})/` },
      to: { path: `^src/connectors/(${VENDORS})/`, pathNot: '^src/connectors/$1/' },
    },
    {
      name: 'no-circular',
      comment:
        'No import cycles in src/. A cycle made only of type imports is allowed: the connector contract is split over connector.ts and writes.ts, which name each other\'s types.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
