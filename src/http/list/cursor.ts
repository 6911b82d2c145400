import type { Signer } from '../../lib/crypto.js';
import { InputError } from '../../lib/errors.js';

interface CursorPayload {
  /** integration id */
  i: string;
  /** model */
  m: string;
  /** last id of the previous page */
  a: string;
}

/** Cursors are signed keyset positions: opaque to callers, tamper-evident, stable under writes. */
export function encodeCursor(signer: Signer, payload: CursorPayload): string {
  return signer.sign(JSON.stringify(payload));
}

export function decodeCursor(signer: Signer, cursor: string, expected: { integrationId: string; model: string }): string {
  const raw = signer.verify(cursor);
  let payload: Partial<CursorPayload> | null = null;
  try {
    payload = raw === null ? null : (JSON.parse(raw) as Partial<CursorPayload>);
  } catch {
    payload = null;
  }
  if (!payload || typeof payload.a !== 'string') {
    throw new InputError('Invalid query parameter "cursor": it was not issued by this server or was altered. Use the `next` value of the previous page.');
  }
  if (payload.i !== expected.integrationId || payload.m !== expected.model) {
    throw new InputError('Invalid query parameter "cursor": it belongs to another endpoint or integration.');
  }
  return payload.a;
}
