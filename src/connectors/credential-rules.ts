/**
 * Which credentials a submission still lacks, from the manifest alone. Fields without an
 * `alternative` are required or not on their own; fields with one form ways of authenticating,
 * of which one must be complete: every required field filled, or, where none is required, any
 * (Lever: the API key, or OAuth tokens, whose valid combinations Lever's client checks).
 */
import type { CredentialField } from './connector.js';

export interface CredentialAlternative {
  name: string;
  fields: CredentialField[];
}

/** The alternatives in manifest order (empty for tools with a single way in). */
export function credentialAlternatives(fields: readonly CredentialField[]): CredentialAlternative[] {
  const out: CredentialAlternative[] = [];
  for (const field of fields) {
    if (field.alternative === undefined) continue;
    const existing = out.find((a) => a.name === field.alternative);
    if (existing) existing.fields.push(field);
    else out.push({ name: field.alternative, fields: [field] });
  }
  return out;
}

const filled = (values: Readonly<Record<string, string | undefined>>, key: string) => (values[key]?.trim() ?? '') !== '';

/** A sentence naming what is missing, or null when the submission is complete. */
export function missingCredentials(fields: readonly CredentialField[], values: Readonly<Record<string, string | undefined>>, toolLabel: string): string | null {
  const plain = fields.filter((f) => f.alternative === undefined && f.required && !filled(values, f.key));
  if (plain.length > 0) return `${plain.map((f) => f.label).join(' and ')} ${plain.length === 1 ? 'is' : 'are'} required for ${toolLabel}.`;
  const alternatives = credentialAlternatives(fields);
  if (alternatives.length === 0) return null;
  const lacking = (a: CredentialAlternative) => a.fields.filter((f) => f.required && !filled(values, f.key));
  const complete = (a: CredentialAlternative) => lacking(a).length === 0 && a.fields.some((f) => filled(values, f.key));
  if (alternatives.some(complete)) return null;
  // One alternative begun: name what it still needs. None: name the choice.
  const begun = alternatives.find((a) => a.fields.some((f) => filled(values, f.key)));
  if (begun) return `${lacking(begun).map((f) => f.label).join(' and ')} ${lacking(begun).length === 1 ? 'is' : 'are'} required when connecting ${toolLabel} with ${begun.name}.`;
  return `${toolLabel} needs one of: ${alternatives.map((a) => a.name).join(' or ')}.`;
}
