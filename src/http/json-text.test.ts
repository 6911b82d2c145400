import { describe, expect, it } from 'vitest';
import { trustJsonPieces } from './json-text.js';

describe('trustJsonPieces', () => {
  it('encodes the concatenation of the pieces as UTF-8, across chunk boundaries', () => {
    // Pieces of every width, enough of them to fill several chunks, some characters outside Latin-1.
    const pieces = ['{"results":['];
    for (let i = 0; i < 5000; i++) pieces.push(i > 0 ? ',' : '', `{"n":${i},"name":"Zoë ${'é'.repeat(i % 7)} 山田 ${'x'.repeat(i % 40)}"}`);
    pieces.push(']}');
    const bytes = trustJsonPieces<unknown>(pieces);
    expect(bytes.toString('utf8')).toBe(pieces.join(''));
    expect(bytes.length).toBe(Buffer.byteLength(pieces.join('')));
    expect(JSON.parse(bytes.toString('utf8')).results).toHaveLength(5000);
  });

  it('handles one small piece and empty pieces', () => {
    expect(trustJsonPieces<unknown>(['{}']).toString()).toBe('{}');
    expect(trustJsonPieces<unknown>(['', '[', '', ']', '']).toString()).toBe('[]');
  });
});
