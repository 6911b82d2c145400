import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { toolCatalogue } from '../../../integrations/tools.js';
import { successEnvelope } from '../../../model/common.js';
import { CoverageStatusSchema } from '../../../model/integration.js';
import { errorResponses, jsonContent } from '../../openapi-shared.js';
import { publicBase } from '../../public-url.js';
import type { AppEnv } from '../../services.js';

const FieldCoverage = z.object({ id: z.string(), coverage_status: CoverageStatusSchema });
const Covered = z.object({ id: z.string(), label: z.string(), coverage_status: CoverageStatusSchema, fields: z.array(FieldCoverage) });

const ToolSchema = z
  .object({
    id: z.string(),
    label: z.string(),
    internal_label: z.string().nullable(),
    assets: z.object({ logo_url: z.string(), icon_url: z.string(), icon_black_url: z.string() }),
    paid_api_details_markdown: z.string().nullable(),
    fast_track_details_markdown: z.string().nullable(),
    partner_only_details_markdown: z.string().nullable(),
    connection_guide_url: z.string().nullable(),
    coverage: z.object({
      read_models: z.array(Covered),
      write_actions: z.array(Covered),
      features: z.array(z.object({ id: z.string(), label: z.string(), coverage_status: CoverageStatusSchema })),
    }),
  })
  .openapi('Tool');

const route = createRoute({
  method: 'get',
  path: '/tools/{category}',
  operationId: 'GetToolsCategory',
  summary: 'The tools this server can connect',
  description: 'Every registered ATS connector with logo and icons (served by this server) and its coverage. Other categories are empty.',
  tags: ['General'],
  request: { params: z.object({ category: z.enum(['hris', 'ats', 'assessment', 'lms']) }) },
  responses: { 200: jsonContent(successEnvelope(z.object({ tools: z.array(ToolSchema) })), 'The tools.'), ...errorResponses },
});

export const registerGetTools = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, (c) => {
    const { services } = c.var;
    const tools = toolCatalogue(c.req.valid('param').category, services.connectors(), publicBase(c));
    return c.json({ status: 'success' as const, data: { tools } }, 200);
  });
