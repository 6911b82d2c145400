import { describe, expect, it } from 'vitest';
import { komboActionAnswer } from '../../test/setup/kombo-actions-schema.js';
import { accepted } from '../connectors/attachment-facts.js';
import { ashbyConnector } from '../connectors/ashby/connector.js';
import type { Connector } from '../connectors/connector.js';
import { greenhouseConnector } from '../connectors/greenhouse/connector.js';
import { leverConnector } from '../connectors/lever/connector.js';
import { sandboxConnector } from '../connectors/sandbox/connector.js';
import { workableConnector } from '../connectors/workable/connector.js';
import { ATTACHMENT_ACTION_IDS, type AttachmentRules, type FileToUpload } from '../connectors/writes.js';
import { InputError } from '../lib/errors.js';
import { actionRestrictions, checkAttachments } from './attachment-rules.js';

const BIG = 1_000_000_000;
const pdf = (size: number, type: FileToUpload['type'] = 'CV', name = 'a.pdf', content_type = 'application/pdf'): FileToUpload => ({ name, content_type, type, data: new Uint8Array(size) });

const RULES: AttachmentRules = {
  totalSizeBytes: 250,
  types: {
    CV: { ...accepted(100, ['application/pdf']), minAmount: 1, maxAmount: 1 },
    COVER_LETTER: accepted(null, null),
    OTHER: { supported: false, maxFileSizeBytes: null, acceptedMimeTypes: null },
  },
  source: 'test',
};
const strict: Connector = {
  ...sandboxConnector,
  manifest: {
    ...sandboxConnector.manifest,
    label: 'Strict ATS',
    capabilities: {
      ...sandboxConnector.manifest.capabilities,
      writes: {
        actions: ['ats_create_application', 'ats_add_application_attachment'],
        resultLinks: 'note',
        attachmentRules: { ats_create_application: RULES, ats_add_application_attachment: RULES },
      },
    },
  },
};

/** The message of the InputError `call` throws. */
function refusal(call: () => void): string {
  try {
    call();
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('GET /ats/actions answers', () => {
  it("are Kombo's shape for every connector and action, with each tool's documented facts", () => {
    for (const connector of [greenhouseConnector, leverConnector, workableConnector, ashbyConnector, sandboxConnector]) {
      for (const action of ATTACHMENT_ACTION_IDS) {
        const answer = { status: 'success', data: actionRestrictions(connector, action, BIG) };
        expect(komboActionAnswer(action).safeParse(answer).error?.issues ?? [], `${connector.manifest.id} ${action}`).toEqual([]);
        expect(answer.data.attachment_restrictions, `${connector.manifest.id} ${action} has facts`).not.toBeNull();
        expect(connector.manifest.capabilities.writes?.attachmentRules?.[action]?.source, `${connector.manifest.id} ${action} names its source`).toMatch(/\S/);
      }
    }
    expect(actionRestrictions(greenhouseConnector, 'ats_add_application_attachment', BIG).attachment_restrictions?.types.CV).toEqual({
      is_supported: true,
      max_file_size_bytes: 100_000_000,
      accepted_mime_types: ['application/msword', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/pdf', 'application/rtf', 'text/plain'],
    });
    expect(actionRestrictions(workableConnector, 'ats_add_candidate_attachment', BIG).attachment_restrictions?.types.OTHER).toMatchObject({ is_supported: true, max_file_size_bytes: 20_000_000 });
    expect(actionRestrictions(leverConnector, 'ats_create_application', BIG).attachment_restrictions).toMatchObject({
      total_size_bytes: null,
      types: { CV: { is_supported: true, min_amount: 0, max_amount: null, max_file_size_bytes: 10_000_000, accepted_mime_types: null } },
    });
  });

  it("report the server's own size cap where it is the smaller limit", () => {
    const answer = actionRestrictions(greenhouseConnector, 'ats_create_candidate', 65_536);
    expect(answer.attachment_restrictions?.types.COVER_LETTER).toMatchObject({ max_file_size_bytes: 65_536 });
    expect(actionRestrictions(leverConnector, 'ats_add_application_attachment', 65_536).attachment_restrictions?.types.OTHER).toMatchObject({ max_file_size_bytes: 65_536 });
  });

  it('say no type is supported for an action the integration cannot perform', () => {
    expect(actionRestrictions(strict, 'ats_add_candidate_attachment', BIG)).toEqual({
      attachment_restrictions: { types: { CV: { is_supported: false }, COVER_LETTER: { is_supported: false }, OTHER: { is_supported: false } } },
    });
    expect(actionRestrictions(strict, 'ats_create_application', BIG).attachment_restrictions?.types.OTHER).toEqual({ is_supported: false });
  });
});

describe('attachment checks on writes', () => {
  const one = (file: FileToUpload) => () => checkAttachments(strict, 'ats_add_application_attachment', [{ path: 'attachment', file }], BIG);
  const many = (files: FileToUpload[], max = BIG) => () =>
    checkAttachments(strict, 'ats_create_application', files.map((file, i) => ({ path: `attachments.${i}`, file })), max);

  it('refuse a file over max_file_size_bytes, of a MIME type not accepted, or of a type not supported, naming field and limit', () => {
    expect(refusal(one(pdf(101)))).toMatch(/^Invalid field "attachment": .*101 bytes.*up to 100 bytes \(max_file_size_bytes\)/);
    expect(refusal(one(pdf(10, 'CV', 'a.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')))).toMatch(
      /^Invalid field "attachment\.content_type": .*application\/pdf \(accepted_mime_types\)/,
    );
    expect(refusal(one(pdf(10, 'OTHER')))).toMatch(/^Invalid field "attachment\.type": .*is_supported: false for OTHER/);
  });

  it('judge a generic content type by the file name, and accept what fits', () => {
    expect(one(pdf(100, 'CV', 'cv.pdf', 'application/octet-stream'))).not.toThrow();
    expect(refusal(one(pdf(10, 'CV', 'cv.exe', 'application/octet-stream')))).toMatch(/accepted_mime_types/);
    expect(one(pdf(100, 'COVER_LETTER', 'letter.txt', 'text/plain'))).not.toThrow();
  });

  it('hold a create to min_amount, max_amount and total_size_bytes', () => {
    expect(refusal(many([pdf(10, 'COVER_LETTER')]))).toMatch(/^Invalid field "attachments": .*at least 1 CV .*\(min_amount\); got 0/);
    expect(refusal(many([pdf(10), pdf(10)]))).toMatch(/^Invalid field "attachments": .*at most 1 CV .*\(max_amount\); got 2/);
    expect(refusal(many([pdf(100), pdf(100, 'COVER_LETTER'), pdf(51, 'COVER_LETTER')]))).toMatch(/^Invalid field "attachments": .*251 bytes.*250 bytes .*\(total_size_bytes\)/);
    expect(refusal(many([pdf(60)], 50))).toMatch(/^Invalid field "attachments\.0": .*up to 50 bytes \(max_file_size_bytes\)/);
    expect(many([pdf(100), pdf(100, 'COVER_LETTER'), pdf(50, 'COVER_LETTER')])).not.toThrow();
  });

  it('leave a tool without known restrictions alone', () => {
    const unknown: Connector = { ...strict, manifest: { ...strict.manifest, capabilities: { ...strict.manifest.capabilities, writes: { actions: ['ats_add_application_attachment'], resultLinks: 'note' } } } };
    expect(actionRestrictions(unknown, 'ats_add_application_attachment', BIG)).toEqual({ attachment_restrictions: null });
    expect(() => checkAttachments(unknown, 'ats_add_application_attachment', [{ path: 'attachment', file: pdf(10_000, 'OTHER', 'x.bin', 'application/x-anything') }], BIG)).not.toThrow();
  });
});
