/** The CLI's help texts, one per command; `unified-ats <command> --help` prints the command's own. */

export const MAIN_HELP = `Usage: unified-ats <command> [options]        (from a checkout: npm run cli -- <command>)

Commands:
  serve                   Run the API server (and, with ROLE=all, the workers). npm start runs this.
  worker                  Run a worker only: syncs, schedules, webhook deliveries (PostgreSQL; ROLE=worker).
  keys create [--name N]  Create an API key and print it (once: only its hash is stored).
  keys list               List the API keys (id, name, creation time; never the keys).
  keys revoke <id>        Revoke an API key: requests with it are refused from now on.
  help [command]          Show this help, or a command's.

Every command reads its settings from the environment (DATA_DIR, DATABASE_URL, …; see README).
Options: -h, --help on any command.`;

export const COMMAND_HELP: Record<string, string> = {
  serve: `Usage: unified-ats serve

Runs the API server on HOST:PORT (default 127.0.0.1:3000) with the database in DATA_DIR or DATABASE_URL.
With ROLE=all (the default) it also runs the workers. On a first start without API_KEY it creates an API key
once the port is bound and prints it; later starts do not show it again (create another with "keys create").`,
  worker: `Usage: unified-ats worker

Runs a worker process: syncs, schedules and webhook deliveries from the shared PostgreSQL queue, no HTTP.
Needs DATABASE_URL. Start as many as you like next to servers started with ROLE=api.`,
  keys: `Usage: unified-ats keys <create|list|revoke> [options]

  keys create [--name N]  Create an API key for the default environment and print it. It is shown only now.
  keys list               List the keys: id, name and creation time (keys are stored hashed).
  keys revoke <id>        Revoke the key with this id (from "keys list").

Uses the same database as the server (DATA_DIR or DATABASE_URL); the server may be running.`,
  'keys create': `Usage: unified-ats keys create [--name <name>]

Creates an API key for the default environment and prints it once; only its hash is stored.
  --name <name>   A name to recognise the key by in "keys list" (default: "created with the CLI").`,
  'keys list': `Usage: unified-ats keys list

Lists the API keys of the default environment: id, name and creation time. Keys are stored hashed,
so the keys themselves cannot be shown.`,
  'keys revoke': `Usage: unified-ats keys revoke <id>

Revokes the key with this id (see "keys list"): every request with it is answered 401 from now on.
A key from API_KEY comes back at the next start while API_KEY is set.`,
  help: `Usage: unified-ats help [command]

Shows the list of commands, or the help of one ("help keys create").`,
};
