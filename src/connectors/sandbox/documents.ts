/** Deterministic attachment bodies: a tiny valid PDF for CVs, plain text for the rest. */
import type { AttachmentContent } from '../connector.js';
import type { SourceAttachment } from '../source-records.js';
import type { CandidateBundle } from './candidates.js';
import { toAscii } from './shared.js';

const escapePdf = (text: string): string => toAscii(text).replace(/[\\()]/g, (ch) => `\\${ch}`);

/** A one-page PDF 1.4 with Helvetica text lines; ASCII only, so string offsets are byte offsets. */
export function buildPdf(title: string, lines: readonly string[]): Uint8Array {
  const text = [
    'BT',
    '/F1 20 Tf',
    '72 720 Td',
    `(${escapePdf(title)}) Tj`,
    '/F1 11 Tf',
    '0 -14 TL',
    'T*',
    ...lines.map((line) => `T* (${escapePdf(line)}) Tj`),
    'ET',
  ].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

/** The bytes of `attachment`, which belongs to `bundle`; `jobName` names the job a cover letter is for. */
export function attachmentContent(attachment: SourceAttachment, bundle: CandidateBundle, jobName: string | null): AttachmentContent {
  const c = bundle.candidate;
  const fullName = `${c.first_name ?? ''} ${c.last_name ?? ''}`.trim();
  const email = c.email_addresses[0]?.email_address ?? '';
  if (attachment.type === 'CV') {
    const lines = [
      [email, c.phone_numbers[0]?.phone_number, c.location?.raw].filter(Boolean).join(' | '),
      '',
      'Experience',
      c.title && c.company ? `${c.title} at ${c.company}` : 'Currently between roles',
      '',
      'Links',
      ...c.social_media.map((s) => s.link ?? ''),
    ];
    return { contentType: 'application/pdf', body: buildPdf(`${fullName} - Curriculum Vitae`, lines) };
  }
  const text =
    attachment.type === 'COVER_LETTER'
      ? [
          'Dear Hiring Team,',
          '',
          `I am excited to apply for the ${jobName ?? 'open'} position.`,
          c.title && c.company ? `In my current role as ${c.title} at ${c.company}, I have built the skills this role asks for.` : 'I bring a broad set of skills and a strong drive to learn.',
          'I would welcome the chance to talk about how I can contribute to your team.',
          '',
          'Kind regards,',
          fullName,
        ]
      : [`References for ${fullName}`, '', 'Available on request.', `Contact: ${email}`];
  return { contentType: 'text/plain; charset=utf-8', body: new TextEncoder().encode(`${text.join('\n')}\n`) };
}
