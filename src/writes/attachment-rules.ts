/**
 * Attachment restrictions of a tool per action (`manifest.capabilities.writes.attachmentRules`):
 * the answer of `GET /ats/actions/{action}` and the checks the writes apply before anything is
 * sent, so a file the tool would refuse is a 400 naming the limit instead of a vendor error.
 *
 * The server's own size cap (`AttachmentLimits.maxBytes`) is part of every limit reported: a
 * caller learns what this API accepts, which is never more than either side allows.
 *
 * @example
 * checkAttachments(connector, 'ats_add_application_attachment', [{ path: 'attachment', file }], 10_000_000);
 * // throws `Invalid field "attachment": … max_file_size_bytes …` for a file that is too large
 */
import type { Connector } from '../connectors/connector.js';
import type { AttachmentActionId, AttachmentRules, AttachmentTypeRule, FileToUpload } from '../connectors/writes.js';
import { EXTENSION_TYPES } from '../connectors/attachment-facts.js';
import { AttachmentTypeSchema, type AttachmentType } from '../model/common.js';
import { writeActionSupport } from './capabilities.js';
import { fieldError } from './validation.js';

const isCreate = (action: AttachmentActionId) => action === 'ats_create_application' || action === 'ats_create_candidate';

const smaller = (a: number | null | undefined, b: number): number => (a === null || a === undefined ? b : Math.min(a, b));

/** The rules the server applies: the tool's, capped by the server's own size limit; none supported if the action is not. */
export function effectiveRules(connector: Connector, action: AttachmentActionId, serverMaxBytes: number): AttachmentRules | null {
  if (writeActionSupport(connector, action).coverage !== 'SUPPORTED') {
    const none: AttachmentTypeRule = { supported: false, maxFileSizeBytes: null, acceptedMimeTypes: null };
    return { types: { CV: none, COVER_LETTER: none, OTHER: none }, totalSizeBytes: null, source: 'The integration cannot perform this action.' };
  }
  const rules = connector.manifest.capabilities.writes?.attachmentRules?.[action];
  if (!rules) return null;
  const types = Object.fromEntries(
    AttachmentTypeSchema.options.map((type) => [type, { ...rules.types[type], maxFileSizeBytes: smaller(rules.types[type].maxFileSizeBytes, serverMaxBytes) }]),
  ) as Record<AttachmentType, AttachmentTypeRule>;
  return { ...rules, types };
}

/** `GET /ats/actions/{action}` data, in Kombo's shape for that action. */
export function actionRestrictions(connector: Connector, action: AttachmentActionId, serverMaxBytes: number) {
  const rules = effectiveRules(connector, action, serverMaxBytes);
  if (!rules) return { attachment_restrictions: null };
  const create = isCreate(action);
  const typeOut = (rule: AttachmentTypeRule) => {
    if (!rule.supported) return { is_supported: false as const };
    const common = { max_file_size_bytes: rule.maxFileSizeBytes, accepted_mime_types: rule.acceptedMimeTypes ? [...rule.acceptedMimeTypes] : null };
    return create ? { is_supported: true as const, min_amount: rule.minAmount ?? null, max_amount: rule.maxAmount ?? null, ...common } : { is_supported: true as const, ...common };
  };
  const types = { CV: typeOut(rules.types.CV), COVER_LETTER: typeOut(rules.types.COVER_LETTER), OTHER: typeOut(rules.types.OTHER) };
  return { attachment_restrictions: create ? { total_size_bytes: rules.totalSizeBytes ?? null, types } : { types } };
}

const baseMime = (contentType: string) => contentType.split(';')[0]?.trim().toLowerCase() ?? '';

/** The file's MIME type; a generic one is replaced by what its extension says. */
function mimeOf(file: FileToUpload): string {
  const given = baseMime(file.content_type);
  if (given && given !== 'application/octet-stream') return given;
  const ext = /\.([A-Za-z0-9]+)$/.exec(file.name)?.[1]?.toLowerCase() ?? '';
  return EXTENSION_TYPES[ext] ?? given;
}

const WORDS: Record<AttachmentType, string> = { CV: 'CV', COVER_LETTER: 'cover letter', OTHER: 'OTHER' };

/** Throws a 400 naming the field and the limit when the files break the tool's restrictions for `action`. */
export function checkAttachments(connector: Connector, action: AttachmentActionId, files: ReadonlyArray<{ path: string; file: FileToUpload }>, serverMaxBytes: number): void {
  const rules = effectiveRules(connector, action, serverMaxBytes);
  if (!rules) return;
  const tool = connector.manifest.label;
  for (const { path, file } of files) {
    const rule = rules.types[file.type];
    if (!rule.supported) throw fieldError(`${path}.type`, `${tool} takes no ${WORDS[file.type]} files here (is_supported: false for ${file.type}).`);
    if (rule.maxFileSizeBytes !== null && file.data.length > rule.maxFileSizeBytes) {
      throw fieldError(path, `the file is ${file.data.length} bytes; ${tool} takes ${WORDS[file.type]} files up to ${rule.maxFileSizeBytes} bytes (max_file_size_bytes).`);
    }
    const mime = mimeOf(file);
    if (rule.acceptedMimeTypes && !rule.acceptedMimeTypes.includes(mime)) {
      throw fieldError(`${path}.content_type`, `${tool} takes ${WORDS[file.type]} files of the types ${rule.acceptedMimeTypes.join(', ')} (accepted_mime_types); got ${mime || 'none'}.`);
    }
  }
  if (!isCreate(action)) return;
  for (const type of AttachmentTypeSchema.options) {
    const rule = rules.types[type];
    if (!rule.supported) continue;
    const count = files.filter((f) => f.file.type === type).length;
    if (rule.minAmount && count < rule.minAmount) throw fieldError('attachments', `${tool} needs at least ${rule.minAmount} ${type} file(s) (min_amount); got ${count}.`);
    if (rule.maxAmount !== null && rule.maxAmount !== undefined && count > rule.maxAmount) {
      throw fieldError('attachments', `${tool} takes at most ${rule.maxAmount} ${type} file(s) (max_amount); got ${count}.`);
    }
  }
  const total = files.reduce((sum, f) => sum + f.file.data.length, 0);
  if (rules.totalSizeBytes !== null && rules.totalSizeBytes !== undefined && total > rules.totalSizeBytes) {
    throw fieldError('attachments', `the files add up to ${total} bytes; ${tool} takes up to ${rules.totalSizeBytes} bytes in one request (total_size_bytes).`);
  }
}
