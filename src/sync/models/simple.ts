/** Models without nested data: their view is their own fields. */
import type { SourceRejectionReason, SourceRole, SourceStage, SourceTag, SourceUser } from '../../connectors/source-records.js';
import type { Json, ModelSpec, Related } from '../model-spec.js';
import { baseView, keysOf, lower } from './helpers.js';
import { stageExtras } from './nested-refs.js';

/** Nothing follows the own fields. */
const plainCompose = (records: readonly Related[]): Promise<Json[]> => Promise.resolve(records.map(() => ({})));

export const tagsSpec: ModelSpec<SourceTag> = {
  model: 'tags',
  toOwn: (tag) => ({ fields: { remote_id: tag.remote_id, name: tag.name }, parts: {}, keys: [] }),
  appends: true,
  compose: plainCompose,
};

export const rejectionReasonsSpec: ModelSpec<SourceRejectionReason> = {
  model: 'rejection_reasons',
  toOwn: (reason) => ({ fields: { remote_id: reason.remote_id, name: reason.name }, parts: {}, keys: [] }),
  appends: true,
  compose: plainCompose,
};

export const rolesSpec: ModelSpec<SourceRole> = {
  model: 'roles',
  toOwn: (role) => ({
    fields: { remote_id: role.remote_id, remote_label: role.remote_label, scope: role.scope, unified_type: role.unified_type },
    parts: {},
    keys: keysOf([['scope', role.scope]]),
  }),
  appends: true,
  compose: plainCompose,
};

/** The deprecated global stage list, derived from the stages of every job. */
export const applicationStagesSpec: ModelSpec<SourceStage> = {
  model: 'application_stages',
  toOwn: (stage) => ({
    fields: { remote_id: stage.remote_id, name: stage.name, status: stage.status, custom_fields: stage.custom_fields },
    parts: {},
    keys: [],
  }),
  compose: (records) =>
    Promise.resolve(
      records.map((parsed) => ({ ...baseView(parsed), ...stageExtras(parsed.own) })),
    ),
};

export const usersSpec: ModelSpec<SourceUser> = {
  model: 'users',
  toOwn: (user) => ({
    fields: {
      remote_id: user.remote_id,
      first_name: user.first_name,
      last_name: user.last_name,
      email: user.email,
      status: user.status,
      // Role assignments are linked data for `updated_after`, and direct fields for the wire.
      // Always SYSTEM here: SDK 1.3.x accepts no other scope on system roles.
      system_roles: user.system_roles.map((r) => ({
        remote_id: r.remote_id,
        remote_label: r.remote_label,
        scope: 'SYSTEM',
        unified_type: r.unified_type,
      })),
    },
    parts: {},
    keys: keysOf([['email', lower(user.email)]]),
  }),
  appends: true,
  compose: plainCompose,
};
