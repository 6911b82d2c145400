/**
 * `remote_fields` of the write actions: the request schema per action (the keys Kombo documents
 * for each tool are typed, so a wrong type is a 400 naming the field; any other tool's object is
 * accepted as it is) and the warnings for keys the integration's connector does not apply.
 *
 * What a connector applies is data in its manifest (`capabilities.writes.remoteFields`): dotted
 * key paths under `remote_fields.<tool key>`, per action. Keys under another tool key than the
 * connector reads are never sent anywhere and come back as a warning, like unapplied keys: a caller
 * that sends one body to integrations of several tools learns what each one used, and nothing is
 * refused for it (Kombo, too, ignores other tools' fields).
 *
 * @example
 * remoteFieldWarnings(greenhouseConnector.manifest, 'ats_add_candidate_tag', { greenhousev3: { visibility: 'private' } });
 * // ['remote_fields.greenhousev3.visibility was not applied: Greenhouse uses no such field when adding a tag.']
 */
import { z } from '@hono/zod-openapi';
import type { Manifest } from '../connectors/connector.js';
import type { WriteActionId } from '../connectors/writes.js';

const record = z.record(z.string(), z.unknown());
const onBehalfOf = {
  post_headers: z
    .object({ 'On-Behalf-Of': z.string().nullish().openapi({ description: 'The Greenhouse user id the write is made as.' }) })
    .passthrough()
    .nullish(),
};
const workable = { on_behalf_of_user_remote_id: z.string().min(1, 'must not be empty').nullish().openapi({ description: 'The Workable member id the action is recorded under.' }) };
const teamtailorUser = { user_id: z.string().nullish() };

type Shape = Record<string, z.ZodTypeAny>;
type ToolKeys = Record<string, Shape>;

/** Typed keys per tool and action (contract §4.2–4.18); every tool object also keeps unknown keys. */
const BASE: ToolKeys = { greenhouse: onBehalfOf, workable };
const KEYS: Partial<Record<WriteActionId, ToolKeys>> = {
  ats_move_application_to_stage: BASE,
  ats_add_application_result_link: BASE,
  ats_add_candidate_result_link: BASE,
  ats_add_application_note: {
    ...BASE,
    teamtailor: teamtailorUser,
    greenhousev3: { visibility: z.enum(['admin_only', 'private', 'public']).nullish() },
    recruitee: { visibility: z.unknown(), is_json: z.boolean().nullish() },
    lever: { perform_as: z.string().min(1, 'must not be empty').nullish() },
  },
  ats_add_application_attachment: BASE,
  ats_add_candidate_attachment: BASE,
  ats_reject_application: { ...BASE, greenhousev3: { rejection_email: record.nullish() }, teamtailor: teamtailorUser },
  ats_add_candidate_tag: BASE,
  ats_remove_candidate_tag: BASE,
  ats_create_application: {
    ...BASE,
    teamtailor: { candidate: record.nullish(), application: z.object({ attributes: record.nullish() }).passthrough().nullish() },
    greenhousev3: { candidate: record.nullish(), application: record.nullish() },
    lever: { candidate: record.nullish() },
    personio: { application: record.nullish() },
    recruitee: { candidate: z.object({ cover_letter_text: z.string().nullish() }).passthrough().nullish() },
    smartrecruiters: {
      candidate_with_questions: record.nullish(),
      candidate_without_questions: record.nullish(),
      candidate: record.nullish(),
      consent_decisions: z
        .object({ SINGLE: z.boolean(), SMART_RECRUIT: z.boolean(), SMART_CRM: z.boolean(), SMART_MESSAGE_SMS: z.boolean(), SMART_MESSAGE_WHATSAPP: z.boolean() })
        .partial()
        .passthrough()
        .nullish(),
    },
  },
};
KEYS.ats_create_candidate = KEYS.ats_create_application;

/** The `remote_fields` body schema of one action. */
export function remoteFieldsSchema(action: WriteActionId) {
  const tools: Shape = {};
  for (const [tool, shape] of Object.entries(KEYS[action] ?? {})) tools[tool] = z.object(shape).passthrough().nullish();
  return z
    .object(tools)
    .catchall(record)
    .openapi({ description: "Tool-specific fields, keyed by tool id. The integration's connector applies the keys it knows; any other key (or tool) is not sent and is named in `warnings`." });
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Dotted paths of the non-null leaves (and non-empty objects' keys) in `value` not covered by `applied`. */
function unapplied(value: Record<string, unknown>, applied: readonly string[], prefix: string): string[] {
  const out: string[] = [];
  for (const [key, inner] of Object.entries(value)) {
    if (inner === null || inner === undefined) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (applied.includes(path)) continue;
    if (isObject(inner) && applied.some((p) => p.startsWith(`${path}.`))) out.push(...unapplied(inner, applied, path));
    else out.push(path);
  }
  return out;
}

const ACTION_WORDS: Record<WriteActionId, string> = {
  ats_move_application_to_stage: 'moving an application',
  ats_add_application_result_link: 'adding a result link',
  ats_add_application_note: 'adding a note',
  ats_add_application_attachment: 'adding an attachment',
  ats_reject_application: 'rejecting an application',
  ats_create_candidate: 'creating a candidate',
  ats_add_candidate_attachment: 'adding an attachment',
  ats_add_candidate_result_link: 'adding a result link',
  ats_add_candidate_tag: 'adding a tag',
  ats_remove_candidate_tag: 'removing a tag',
  ats_create_application: 'creating an application',
  ats_import_tracked_application: 'importing an application',
};

/** One warning per `remote_fields` key the connector does not apply to `action`. */
export function remoteFieldWarnings(manifest: Manifest, action: WriteActionId, fields: Readonly<Record<string, unknown>>): string[] {
  const declared = manifest.capabilities.writes?.remoteFields ?? {};
  const warnings: string[] = [];
  for (const [tool, value] of Object.entries(fields)) {
    if (value === null || value === undefined) continue;
    const byAction = declared[tool];
    if (!byAction) {
      warnings.push(`remote_fields.${tool} was ignored: this integration's tool is ${manifest.id}.`);
      continue;
    }
    const applied = byAction[action] ?? [];
    if (applied.includes('*') || !isObject(value)) continue;
    for (const path of unapplied(value, applied, '')) {
      warnings.push(`remote_fields.${tool}.${path} was not applied: ${manifest.label} uses no such field when ${ACTION_WORDS[action]}.`);
    }
  }
  return warnings;
}
