/** Acme records → source records (pure). */
import type { SourceTag, SourceUser } from '../../../src/connectors/source-records.js';
import type { AcmeTag, AcmeUser } from './vendor-schemas.js';

export function mapUser(user: AcmeUser): SourceUser {
  const [first = '', ...rest] = (user.name ?? '').split(' ');
  return { remote_id: user.id, first_name: first || null, last_name: rest.join(' ') || null, email: user.email, status: user.active ? 'ACTIVE' : 'INACTIVE', system_roles: [] };
}

export const mapTag = (tag: AcmeTag): SourceTag => ({ remote_id: tag.id, name: tag.name });
