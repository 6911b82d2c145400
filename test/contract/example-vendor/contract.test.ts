/**
 * The example vendor of `src/connectors/README.md` ("Acme"), built from the connector kit alone,
 * passes the shared contract suite against its emulator: the README's steps are enough for a
 * working connector. It is no product code: it is not registered and lives in test/.
 */
import { runEmulatorContract } from '../emulator-harness.js';
import { acmeConnector } from './connector.js';
import { ACME_KEY, createAcmeEmulator } from './emulator.js';

runEmulatorContract({
  connector: acmeConnector,
  emulator: () => createAcmeEmulator(25),
  vendor: ({ running, admin }) => ({
    credentials: { api_key: ACME_KEY },
    baseUrl: `${running.url}/v1`,
    badCredentials: [
      { label: 'a wrong key', credentials: { api_key: 'nope' } },
      { label: 'no key', credentials: {} },
    ],
    deleteRecord: (_model, id) => admin('DELETE', `/users/${id}`),
    expectedCounts: () => Promise.resolve({ users: 25, tags: 3 }),
  }),
  paginatedModels: ['users'],
  deletion: { model: 'users' },
  skip: [
    { reason: 'Acme keys do not expire', tests: ['expired-token'] },
    { reason: 'Acme has no attachments', tests: ['attachment-download'] },
  ],
});
