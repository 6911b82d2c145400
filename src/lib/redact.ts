/**
 * Removes secrets from text that may reach a terminal, a log line or an error answer.
 * Passwords inside URLs (`scheme://user:password@host`) are the ones that travel unnoticed:
 * drivers and validators quote the URL they were given.
 */

const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@"'`]*):([^\s@/"'`]*)@/gi;

export const MASK = '***';

/** `postgres://u:secret@h/db` becomes `postgres://u:***@h/db`, wherever it appears in the text. */
export function maskSecrets(text: string): string {
  return text.replace(URL_PASSWORD, (_match, head: string) => `${head}:${MASK}@`);
}
