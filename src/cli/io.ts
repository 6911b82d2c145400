/** What a CLI command may touch: its output streams and the environment (tests pass their own). */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
}

/** Wrong use of the command line: answered with the message and the command's help, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** Whose help to print: a key of COMMAND_HELP, or undefined for the main help. */
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
