import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { chooseLogFormat, createLogger, createProcessLogger } from './logger.js';

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('logger', () => {
  it('masks URL passwords in messages and errors, and redacts secret fields', () => {
    const out = capture();
    const logger = createLogger('info', out.stream);
    logger.info('connecting to postgres://app:pa55word@db/main');
    logger.error({ err: new Error('connect ECONNREFUSED postgres://app:pa55word@db/main'), credentials: { api_key: 'k' }, client_secret: 's3cr3t' }, 'failed');
    const text = out.text();
    expect(text).toContain('postgres://app:***@db/main');
    expect(text).not.toContain('pa55word');
    expect(text).not.toContain('s3cr3t');
    expect(text).toContain('"credentials":"[redacted]"');
  });

  it('chooses pretty on a terminal and JSON otherwise, unless LOG_FORMAT says', () => {
    expect(chooseLogFormat(undefined, true)).toBe('pretty');
    expect(chooseLogFormat(undefined, false)).toBe('json');
    expect(chooseLogFormat('json', true)).toBe('json');
    expect(chooseLogFormat('pretty', false)).toBe('pretty');
  });

  it('writes human-readable lines without stacks at info, and JSON lines when asked', () => {
    const pretty = new PassThrough();
    let prettyText = '';
    pretty.on('data', (chunk: Buffer) => (prettyText += chunk.toString()));
    createProcessLogger('info', 'pretty', pretty).error({ err: new Error('vendor down') }, 'sync failed');
    expect(prettyText).toMatch(/ERROR: sync failed/);
    expect(prettyText).toContain('vendor down');
    expect(prettyText).not.toContain('at ');
    expect(prettyText.trimStart().startsWith('{')).toBe(false);

    const json = new PassThrough();
    let jsonText = '';
    json.on('data', (chunk: Buffer) => (jsonText += chunk.toString()));
    createLogger('info', json).info('plain');
    expect(JSON.parse(jsonText.trim())).toMatchObject({ level: 30, msg: 'plain' });
  });
});
