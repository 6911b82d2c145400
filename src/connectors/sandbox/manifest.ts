import type { CredentialField, Manifest } from '../connector.js';
import { SOURCE_MODELS } from '../source-records.js';
import { WRITE_ACTION_IDS } from '../writes.js';
import { accepted } from '../attachment-facts.js';
import type { AttachmentRules } from '../writes.js';

const SANDBOX_FILE = accepted(10 * 1_000_000, null);
const SANDBOX_FILES: AttachmentRules = { types: { CV: SANDBOX_FILE, COVER_LETTER: SANDBOX_FILE, OTHER: SANDBOX_FILE }, source: 'The Sandbox (this project); no vendor behind it.' };

const NEW_CANDIDATE_IGNORED = ['candidate.gender', 'candidate.availability_date', 'candidate.salary_expectations', 'gdpr_consent.expires_at', 'gdpr_consent.given'];

const fault = (key: string, label: string, help: string): CredentialField => ({ key, label, secret: false, required: false, help });

export const sandboxManifest: Manifest = {
  id: 'sandbox',
  label: 'Sandbox',
  category: 'ATS',
  demo: true,
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
    // Fault settings (all optional; absent means no fault): the Sandbox then behaves like a flaky vendor.
    fault('fail_rate_429', 'Rate of 429 answers', 'Probability from 0 to 1 that a request is answered 429 Too Many Requests with Retry-After (default 0).'),
    fault('retry_after_seconds', 'Retry-After of 429 answers', 'Seconds those 429 answers ask to wait, fractions allowed (default 1, at most 3600).'),
    fault('fail_rate_500', 'Rate of 500 answers', 'Probability from 0 to 1 that a request is answered 500 Internal Server Error (default 0).'),
    fault('drop_rate', 'Rate of dropped connections', 'Probability from 0 to 1 that a request gets no answer at all (default 0). The three rates may add up to at most 1.'),
    fault('slow_ms', 'Delay per page', 'Milliseconds added before every answer (0 to 60,000; default 0).'),
    fault('fault_models', 'Faulty listings', 'Models the settings above apply to, separated by commas, e.g. "applications,offers" (default: every model).'),
    fault('churn', 'Churn between syncs', 'Share from 0 to 1 of candidates deleted in each sync, with their applications, interviews, offers and attachments; the next sync re-creates most of them and deletes others (default 0).'),
  ],
  defaultBaseUrl: null,
  // Applies to the fault mode's in-memory HTTP only: quick retries keep faulty syncs fast, the
  // rate is high because nothing leaves the process, and a page slower than 10 s times out.
  politeness: { requestsPerSecond: 1000, baseDelayMs: 20, timeoutMs: 10_000 },
  capabilities: {
    models: SOURCE_MODELS,
    incremental: false,
    // Every fourth job keeps a retired (INACTIVE) stage; two jobs in three give stages custom fields.
    stageFields: { status: true, custom_fields: true },
    writes: {
      actions: WRITE_ACTION_IDS,
      // The Sandbox stores notes but has no result links: they are written as notes.
      resultLinks: 'note',
      ignoredFields: { ats_create_application: NEW_CANDIDATE_IGNORED, ats_create_candidate: NEW_CANDIDATE_IGNORED },
      // It accepts every identifier shape of the contract (SDK 1.1.3 has no `sandbox` key).
      trackedApplicationIdKeys: ['erecruiter', 'successfactors', 'recruitee', 'greenhouse', 'greenhousev3', 'onlyfy', 'smartrecruiters'],
      // The Sandbox stores any file; its limits are this project's choice, so clients can try the restrictions endpoint.
      attachmentRules: {
        ats_create_application: { ...SANDBOX_FILES, totalSizeBytes: 25 * 1_000_000 },
        ats_create_candidate: { ...SANDBOX_FILES, totalSizeBytes: 25 * 1_000_000 },
        ats_add_application_attachment: SANDBOX_FILES,
        ats_add_candidate_attachment: SANDBOX_FILES,
      },
    },
  },
};
