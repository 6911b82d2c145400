/** List endpoints that take only the common filters. */
import type { OpenAPIHono, z } from '@hono/zod-openapi';
import { ApplicationStageSchema } from '../../../model/application-stage.js';
import { OfferSchema } from '../../../model/offer.js';
import { RejectionReasonSchema } from '../../../model/rejection-reason.js';
import { TagSchema } from '../../../model/tag.js';
import { registerListRoute, type ListRouteSpec } from '../../list/define-list-route.js';
import type { AppEnv } from '../../services.js';

type PlainSpec<Item extends z.ZodType> = Omit<ListRouteSpec<Record<never, z.ZodType>, Item>, 'extraQuery' | 'filters'>;

/** One endpoint with only the common filters (a function, so each keeps its own item type). */
const plain =
  <Item extends z.ZodType>(spec: PlainSpec<Item>) =>
  (app: OpenAPIHono<AppEnv>) =>
    registerListRoute(app, { ...spec, extraQuery: {}, filters: () => ({ filters: {} }) });

const PLAIN = [
  plain({ path: '/ats/tags', operationId: 'GetAtsTags', summary: 'Get tags', model: 'tags', item: TagSchema }),
  plain({
    path: '/ats/application-stages',
    operationId: 'GetAtsApplicationStages',
    summary: 'Get application stages (deprecated: use the stages of each job)',
    model: 'application_stages',
    item: ApplicationStageSchema,
  }),
  plain({ path: '/ats/offers', operationId: 'GetAtsOffers', summary: 'Get offers', model: 'offers', item: OfferSchema }),
  plain({
    path: '/ats/rejection-reasons',
    operationId: 'GetAtsRejectionReasons',
    summary: 'Get rejection reasons',
    model: 'rejection_reasons',
    item: RejectionReasonSchema,
  }),
];

export function registerPlainLists(app: OpenAPIHono<AppEnv>): void {
  for (const register of PLAIN) register(app);
}
