import { pino, stdSerializers, type Logger } from 'pino';
import { PinoPretty } from 'pino-pretty';
import { maskSecrets } from './redact.js';

/** Paths that may carry secrets anywhere in a logged object. */
const REDACT = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'headers.cookie',
  'req.headers.cookie',
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
  'access_token',
  '*.access_token',
  'refresh_token',
  '*.refresh_token',
  'client_secret',
  '*.client_secret',
  'secret',
  '*.secret',
  'encryptionKey',
  '*.encryptionKey',
  'databaseUrl',
  '*.databaseUrl',
];

type SerializedError = ReturnType<typeof stdSerializers.err>;

/**
 * Error messages quote what they were given (a driver its connection URL, fetch the URL it
 * failed on), so messages and stacks of logged errors have URL passwords masked.
 */
function maskedError(err: Error): SerializedError {
  const serialized = stdSerializers.err(err);
  serialized.message = maskSecrets(serialized.message);
  if (serialized.stack) serialized.stack = maskSecrets(serialized.stack);
  return serialized;
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    redact: { paths: REDACT, censor: '[redacted]' },
    serializers: { err: maskedError },
    hooks: {
      // Free-text messages too: a message built from an error or a URL loses its password.
      logMethod(args, method) {
        const masked = args.map((arg: unknown) => (typeof arg === 'string' ? maskSecrets(arg) : arg)) as Parameters<typeof method>;
        method.apply(this, masked);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type LogFormat = 'pretty' | 'json';

/** `pretty` when asked, or by default when stdout is a terminal (people read it); JSON otherwise (machines do). */
export function chooseLogFormat(requested: LogFormat | undefined, stdoutIsTty: boolean): LogFormat {
  return requested ?? (stdoutIsTty ? 'pretty' : 'json');
}

/** The process logger: JSON lines, or pino-pretty's human-readable lines (in-thread, so nothing is lost at exit). */
export function createProcessLogger(level: string, requested: LogFormat | undefined, stdout: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout): Logger {
  if (chooseLogFormat(requested, stdout.isTTY === true) === 'json') return createLogger(level);
  const pretty = PinoPretty({
    sync: true,
    destination: stdout,
    colorize: stdout.isTTY === true,
    translateTime: 'SYS:HH:MM:ss.l',
    // Stacks are for debugging; at info they bury the message (LOG_LEVEL=debug shows them).
    ignore: ['debug', 'trace'].includes(level) ? 'pid,hostname' : 'pid,hostname,err.stack,err.type',
    // One line per event: a sync's stats would otherwise take sixty lines.
    singleLine: true,
  });
  return createLogger(level, pretty);
}
