import type { Manifest } from '../connector.js';
import { SOURCE_MODELS } from '../source-records.js';
import { WRITE_ACTION_IDS } from '../writes.js';

const NEW_CANDIDATE_IGNORED = ['candidate.gender', 'candidate.availability_date', 'candidate.salary_expectations', 'gdpr_consent.expires_at', 'gdpr_consent.given'];

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
  capabilities: {
    models: SOURCE_MODELS,
    incremental: false,
    writes: {
      actions: WRITE_ACTION_IDS,
      // The Sandbox stores notes but has no result links: they are written as notes.
      resultLinks: 'note',
      ignoredFields: { ats_create_application: NEW_CANDIDATE_IGNORED, ats_create_candidate: NEW_CANDIDATE_IGNORED },
      // It accepts every identifier shape of the contract (SDK 1.1.3 has no `sandbox` key).
      trackedApplicationIdKeys: ['erecruiter', 'successfactors', 'recruitee', 'greenhouse', 'greenhousev3', 'onlyfy', 'smartrecruiters'],
    },
  },
};
