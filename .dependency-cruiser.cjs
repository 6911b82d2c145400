/**
 * Which part of the server may import which (the rules are explained in src/README.md, "Layers").
 * `npm test` runs depcruise with this file before vitest, and test/architecture/boundaries.test.ts
 * shows that a wrong import fails it.
 *
 * Layers, top to bottom; a file imports its own layer or layers below it, never above:
 *   entry     src/main.ts, src/cli/
 *   http      src/http/ (routes, pages, middleware)
 *   services  src/integrations/ (lifecycle and connect flow), src/keys/ (API keys), src/passthrough/, src/webhooks/ (delivery), src/tasks/
 *   work      src/sync/, src/writes/ (writes ingest through sync; sync never uses writes)
 *   runtime   src/runtime/ (what a connector runs with: credentials, polite fetch, state)
 *   adapters  src/connectors/, src/storage/, src/queue/ (independent of each other)
 *   base      src/model/, src/lib/, src/config/
 */
const LAYERS = [
  ['entry', '^src/(main\\.ts|cli/)'],
  ['http', '^src/http/'],
  ['services', '^src/(integrations|keys|passthrough|webhooks|tasks)/'],
  ['work', '^src/(sync|writes)/'],
  ['runtime', '^src/runtime/'],
  ['adapters', '^src/(connectors|storage|queue)/'],
  ['base', '^src/(model|lib|config)/'],
];
/** A vendor folder: any folder in src/connectors/ but the kit (shared by all vendors). */
const VENDOR = '^src/connectors/(?!kit/)[^/]+/';

/** For each layer: it may not import any layer above it. */
const layerRules = LAYERS.slice(1).map(([name, path], i) => ({
  name: `${name}-not-above`,
  comment: `The ${name} layer imports only its own layer and the ones below it (${LAYERS.slice(i + 2).map(([n]) => n).join(', ') || 'none'}).`,
  severity: 'error',
  from: { path },
  to: { path: LAYERS.slice(0, i + 1).map(([, p]) => p) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'src-not-tests',
      comment: 'Product code never depends on test code, benchmarks or the vendor emulators (they are test doubles).',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(test|emulators|bench)/' },
    },
    {
      name: 'every-file-in-a-layer',
      comment: 'A new folder under src/ gets a place in LAYERS (and in src/README.md) before it imports anything.',
      severity: 'error',
      from: { path: '^src/', pathNot: LAYERS.map(([, p]) => p) },
      to: {},
    },
    ...layerRules,
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
      name: 'vendors-stay-in-their-folder',
      comment: 'Shared code branches on connector capabilities, never on vendors: only the registry imports a vendor folder, and vendor folders do not import each other.',
      severity: 'error',
      from: { path: '^src/', pathNot: [VENDOR, '^src/connectors/registry\\.ts$', '\\.test\\.ts$'] },
      to: { path: VENDOR },
    },
    {
      name: 'vendors-not-each-other',
      comment: 'A vendor folder uses the kit and the contract, never another vendor.',
      severity: 'error',
      from: { path: '^src/connectors/((?!kit/)[^/]+)/' },
      to: { path: VENDOR, pathNot: '^src/connectors/$1/' },
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
