import type { Manifest } from '../../../src/connectors/connector.js';
import { DEFAULT_BASE_URL } from './client.js';

export const acmeManifest: Manifest = {
  id: 'acme',
  label: 'Acme',
  category: 'ATS',
  credentials: [{ key: 'api_key', label: 'API key', secret: true, required: true, help: 'An Acme API key (Settings › API).' }],
  defaultBaseUrl: DEFAULT_BASE_URL,
  capabilities: { models: ['users', 'tags'], incremental: false },
  politeness: { requestsPerSecond: 10, concurrency: 2 },
};
