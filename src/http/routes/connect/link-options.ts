/** Request pieces shared by the link-creating endpoints (create-link, relink, setup-link). */
import { z } from '@hono/zod-openapi';
import { InputError } from '../../../lib/errors.js';

export const LanguageSchema = z.enum(['en', 'de', 'fr', 'it', 'es']);
export const LinkTypeSchema = z.enum(['EMBEDDED', 'MAGIC_LINK']).openapi({ description: 'EMBEDDED links live 1 hour (for showKomboConnect), MAGIC_LINK links 1 year.' });

export const LinkResponseSchema = z.object({ link: z.string() }).openapi('ConnectionLink');

/** The only scope config this server has (integration details report it). */
const SCOPE_CONFIG_ID = 'default';

export function checkScopeConfig(id: string | null | undefined): void {
  if (id !== null && id !== undefined && id !== SCOPE_CONFIG_ID) {
    throw new InputError(`Invalid field "scope_config_id": this server has one scope config, "${SCOPE_CONFIG_ID}"; got "${id}".`);
  }
}
