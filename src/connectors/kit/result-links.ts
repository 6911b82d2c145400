/**
 * Result links for tools without a result-link feature: the text of the note or file that
 * stands in for one, the custom-field names the contract describes, and the warning that tells
 * the caller what happened.
 *
 * @example
 * resultLinkText({ label: 'Coding test', url: 'https://x.test/r/1', details: { custom_field_name_prefix: 'Acme:', attributes: [{ key: 'Score', value: '87%' }] } });
 * // "Coding test\nhttps://x.test/r/1\nAcme: Score: 87%"
 */
import type { FileToUpload, ResultLinkDetails, ResultLinkStrategy } from '../writes.js';

export interface ResultLink {
  label: string;
  url: string;
  details: ResultLinkDetails | null;
}

/** `<prefix><key>` as the contract describes it; after a trailing colon a space, as in its example (`Acme:` + `Score` = `Acme: Score`). */
export function customFieldName(prefix: string, key: string): string {
  return prefix.endsWith(':') ? `${prefix} ${key}` : `${prefix}${key}`;
}

/** Plain text holding the label, the URL and one line per attribute. */
export function resultLinkText(link: ResultLink): string {
  const lines = [link.label, link.url];
  for (const attribute of link.details?.attributes ?? []) {
    lines.push(`${customFieldName(link.details?.custom_field_name_prefix ?? '', attribute.key)}: ${attribute.value}`);
  }
  return lines.join('\n');
}

/** A small text file standing in for a result link. */
export function resultLinkFile(link: ResultLink): FileToUpload {
  const base = link.label.replace(/[^\p{L}\p{N}._ -]+/gu, '').trim().slice(0, 80) || 'Result';
  return {
    name: `${base}.txt`,
    content_type: 'text/plain; charset=utf-8',
    type: 'OTHER',
    data: new TextEncoder().encode(`${resultLinkText(link)}\n`),
  };
}

/** What the caller is told when the link was not stored as a native result link; null when it was. */
export function resultLinkWarning(tool: string, strategy: ResultLinkStrategy, target: 'application' | 'candidate'): string | null {
  switch (strategy) {
    case 'native':
      return null;
    case 'note':
      return `${tool} has no result links; the link and its attributes were added as a note on the ${target}.`;
    case 'attachment':
      return `${tool} has no result links; the link and its attributes were added as a text file attached to the ${target}.`;
    case 'link_field':
      return `${tool} has no result links; the link was written to a link field of the ${target}.`;
    case 'custom_field':
      return `${tool} has no result links; the link and its attributes were written to custom fields of the ${target}.`;
  }
}
