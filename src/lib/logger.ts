import { pino, type Logger } from 'pino';

/** Paths that may carry secrets anywhere in a logged object. */
const REDACT = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'credentials',
  '*.credentials',
  'apiKey',
  '*.apiKey',
  'api_key',
  '*.api_key',
  'password',
  '*.password',
  'token',
  '*.token',
  'encryptionKey',
  '*.encryptionKey',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options = { level, redact: { paths: REDACT, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
