/** List endpoints that take only the common filters. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { ApplicationStageSchema } from '../../../model/application-stage.js';
import { OfferSchema } from '../../../model/offer.js';
import { RejectionReasonSchema } from '../../../model/rejection-reason.js';
import { TagSchema } from '../../../model/tag.js';
import { registerListRoute } from '../../list/define-list-route.js';
import type { AppEnv } from '../../services.js';

const PLAIN = [
  { path: '/ats/tags', operationId: 'GetAtsTags', summary: 'Get tags', model: 'tags', item: TagSchema },
  {
    path: '/ats/application-stages',
    operationId: 'GetAtsApplicationStages',
    summary: 'Get application stages (deprecated: use the stages of each job)',
    model: 'application_stages',
    item: ApplicationStageSchema,
  },
  { path: '/ats/offers', operationId: 'GetAtsOffers', summary: 'Get offers', model: 'offers', item: OfferSchema },
  {
    path: '/ats/rejection-reasons',
    operationId: 'GetAtsRejectionReasons',
    summary: 'Get rejection reasons',
    model: 'rejection_reasons',
    item: RejectionReasonSchema,
  },
] as const;

export function registerPlainLists(app: OpenAPIHono<AppEnv>): void {
  for (const spec of PLAIN) registerListRoute(app, { ...spec, extraQuery: {}, filters: () => ({ filters: {} }) });
}
