/**
 * The command line, without touching the process: `runCli` parses the arguments, runs the command
 * and returns its exit code, or the running server for `serve` and `worker` (index.ts keeps it up).
 */
import { ConfigError, parseConfig, type Config } from '../config/config.js';
import type { RunningServer } from '../main.js';
import { COMMAND_HELP, MAIN_HELP } from './help.js';
import { UsageError, type CliIo } from './io.js';
import { keysCreate, keysList, keysRevoke } from './keys.js';
import { serveCommand } from './serve.js';
import { describeStartupFailure } from './startup-errors.js';
import { workerCommand } from './worker.js';

type Outcome = number | RunningServer;

const KEY_COMMANDS: Record<string, (args: string[], config: Config, io: CliIo) => Promise<number>> = {
  create: keysCreate,
  list: keysList,
  revoke: keysRevoke,
};

const wantsHelp = (args: readonly string[]) => args.includes('--help') || args.includes('-h');

function usage(io: CliIo, message: string | undefined, command?: string): number {
  if (message) io.err(`${message}\n\n`);
  io.err(`${(command && COMMAND_HELP[command]) || MAIN_HELP}\n`);
  return 2;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<Outcome> {
  const [name, ...rest] = argv;
  if (name === undefined) return usage(io, 'No command given.');
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = rest.filter((a) => !a.startsWith('-')).join(' ');
    if (topic && !COMMAND_HELP[topic]) return usage(io, `Unknown command "${topic}".`);
    io.out(`${topic ? COMMAND_HELP[topic] : MAIN_HELP}\n`);
    return 0;
  }
  const sub = name === 'keys' ? rest[0] : undefined;
  const helpTopic = sub && KEY_COMMANDS[sub] ? `keys ${sub}` : name;
  if (!['serve', 'worker', 'keys'].includes(name)) return usage(io, `Unknown command "${name}".`);
  if (wantsHelp(rest)) {
    io.out(`${COMMAND_HELP[helpTopic] ?? MAIN_HELP}\n`);
    return 0;
  }

  let config: Config;
  try {
    config = parseConfig(name === 'worker' ? { ...io.env, ROLE: 'worker' } : io.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.err(`${err.message}\n`);
    return 2;
  }

  try {
    if (name === 'serve' || name === 'worker') {
      if (rest.length > 0) return usage(io, `"${name}" takes no arguments (got "${rest.join(' ')}"); it is configured by the environment.`, name);
      return name === 'serve' ? await serveCommand(config, io) : await workerCommand(config, io);
    }
    if (sub === undefined) return usage(io, 'Which keys command?', 'keys');
    const command = KEY_COMMANDS[sub];
    if (!command) return usage(io, `Unknown command "keys ${sub}".`, 'keys');
    return await command(rest.slice(1), config, io);
  } catch (err) {
    if (err instanceof UsageError) return usage(io, err.message, err.command);
    // parseArgs' own refusals (an unknown option, a missing value) are usage errors too.
    if (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) return usage(io, err.message, helpTopic);
    io.err(`${describeStartupFailure(err, name === 'keys' ? undefined : { host: config.host, port: config.port })}\n`);
    return 1;
  }
}
