import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../../services.js';
import { registerAddApplicationAttachment } from './add-application-attachment.js';
import { registerAddApplicationNote } from './add-application-note.js';
import { registerAddApplicationResultLink } from './add-application-result-link.js';
import { registerAddCandidateAttachment } from './add-candidate-attachment.js';
import { registerAddCandidateResultLink } from './add-candidate-result-link.js';
import { registerAddCandidateTag } from './add-candidate-tag.js';
import { registerCreateApplication } from './create-application.js';
import { registerCreateCandidate } from './create-candidate.js';
import { registerImportTrackedApplication } from './import-tracked-application.js';
import { registerMoveApplicationToStage } from './move-application-to-stage.js';
import { registerRejectApplication } from './reject-application.js';
import { registerRemoveCandidateTag } from './remove-candidate-tag.js';

/** The ATS write actions (contract §4). */
export function registerWriteRoutes(app: OpenAPIHono<AppEnv>): void {
  registerMoveApplicationToStage(app);
  registerAddApplicationResultLink(app);
  registerAddApplicationNote(app);
  registerAddApplicationAttachment(app);
  registerRejectApplication(app);
  registerCreateCandidate(app);
  registerAddCandidateAttachment(app);
  registerAddCandidateResultLink(app);
  registerAddCandidateTag(app);
  registerRemoveCandidateTag(app);
  registerCreateApplication(app);
  registerImportTrackedApplication(app);
}
