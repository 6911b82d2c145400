import type { SourceAttachment } from '../../connectors/source-records.js';
import type { ModelSpec } from '../model-spec.js';

/** Attachments are read per candidate or application; their links are signed at request time. */
export const attachmentsSpec: ModelSpec<SourceAttachment> = {
  model: 'attachments',
  toOwn(attachment, ref) {
    const fields = {
      remote_id: attachment.remote_id,
      candidate_id: ref('candidates', attachment.candidate_remote_id),
      application_id: attachment.application_remote_id ? ref('applications', attachment.application_remote_id) : null,
      candidate_remote_id: attachment.candidate_remote_id,
      type: attachment.type,
      file_name: attachment.file_name,
      content_type: attachment.content_type,
      remote_created_at: attachment.remote_created_at,
      remote_updated_at: attachment.remote_updated_at,
    };
    return {
      fields,
      parts: {},
      keys: [],
    };
  },
};
