import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Signer } from '../../../lib/crypto.js';
import { InputError, NotFoundError } from '../../../lib/errors.js';
import { findIntegrationById } from '../../../storage/repositories/integrations.repository.js';
import { readRecordsByIds } from '../../../storage/repositories/records.repository.js';
import { connectorContext } from '../../../runtime/connector-context.js';
import type { AppEnv } from '../../services.js';

const LIFETIME_SECONDS = 24 * 60 * 60;

/** A signed, expiring link to one attachment, usable without an API key (like a pre-signed URL). */
export function downloadToken(signer: Signer, integrationId: string, attachmentId: string, now = Date.now()): string {
  return signer.sign(JSON.stringify({ i: integrationId, a: attachmentId, e: Math.floor(now / 1000) + LIFETIME_SECONDS }));
}

export function registerFileDownload(app: OpenAPIHono<AppEnv>): void {
  app.get('/files/:token', async (c) => {
    const { services } = c.var;
    const raw = services.downloadSigner.verify(c.req.param('token'));
    const payload = raw ? (JSON.parse(raw) as { i: string; a: string; e: number }) : null;
    if (!payload) throw new InputError('This download link is invalid.');
    if (payload.e * 1000 < Date.now()) throw new InputError('This download link has expired; read the attachments again for a fresh one.');
    const integration = await findIntegrationById(services.db.kysely, payload.i);
    const [row] = integration ? await readRecordsByIds(services.db.kysely, integration.id, 'attachments', [payload.a]) : [];
    const connector = integration ? services.connectorFor(integration.tool) : undefined;
    if (!integration || !row || !connector) throw new NotFoundError('The attachment no longer exists.');
    const own = JSON.parse(row.data) as { candidate_remote_id: string; file_name: string };
    const ctx = connectorContext(services, integration, services.logger, 'interactive');
    const file = await connector.downloadAttachment(ctx, { remote_id: row.remote_id ?? '', candidate_remote_id: own.candidate_remote_id });
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${own.file_name.replace(/["\\\r\n]/g, '_')}"`,
    });
  });
}
