import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { listEnvelope } from '../../model/common.js';
import { errorResponses, integrationHeader, jsonContent } from '../openapi-shared.js';
import type { AppEnv } from '../services.js';
import { commonListQuery, type CommonListQuery } from './query.js';
import { serveList, type ListRequest } from './serve-list.js';

type Shape = Record<string, z.ZodType>;

export interface ListRouteSpec<Extra extends Shape, Item extends z.ZodType> {
  path: `/ats/${string}`;
  operationId: string;
  summary: string;
  model: string;
  /** The documented schema of one result; the stored views of `model` have its shape. */
  item: Item;
  extraQuery: Extra;
  /** Turns the endpoint's own parameters into filters. */
  filters(query: z.output<z.ZodObject<Extra>>, integrationId: string): Pick<ListRequest, 'filters' | 'remoteCreatedAfter'>;
}

/** Registers one ATS list endpoint: documented query, shared filters, stored views. */
export function registerListRoute<Extra extends Shape, Item extends z.ZodType>(app: OpenAPIHono<AppEnv>, spec: ListRouteSpec<Extra, Item>): void {
  const query = z.object({ ...commonListQuery, ...spec.extraQuery });
  const route = createRoute({
    method: 'get',
    path: spec.path,
    operationId: spec.operationId,
    summary: spec.summary,
    tags: ['ATS'],
    request: { query, headers: integrationHeader },
    responses: { 200: jsonContent(listEnvelope(spec.item), 'One page of results.'), ...errorResponses },
  });
  app.openapi(route, async (c) => {
    const q = c.req.valid('query') as CommonListQuery & z.output<z.ZodObject<Extra>>;
    return serveList<z.output<Item>>(c, { model: spec.model, query: q, ...spec.filters(q, c.var.integration.id) });
  });
}
