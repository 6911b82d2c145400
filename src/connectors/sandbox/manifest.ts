import type { Manifest } from '../connector.js';
import { SOURCE_MODELS } from '../source-records.js';

export const sandboxManifest: Manifest = {
  id: 'sandbox',
  label: 'Sandbox',
  category: 'ATS',
  credentials: [
    {
      key: 'size',
      label: 'Size',
      secret: false,
      required: false,
      help: 'Number of candidates to generate (0 to 1,000,000; default 500). Users and jobs scale with it.',
    },
    {
      key: 'seed',
      label: 'Seed',
      secret: false,
      required: false,
      help: 'Any non-negative integer (default 1). The same seed and size always produce the same data.',
    },
  ],
  defaultBaseUrl: null,
  capabilities: { models: SOURCE_MODELS, incremental: false },
};
