import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { CliError } from './errors.js';

export interface AgentToken {
  token: string;
  /** What the operator should know about where the token was exposed. */
  warnings: string[];
}

/** Variables that hold keys; the agent keeps none of them once it has its token. */
const KEY_VARIABLES = ['ANNEAL_API_KEY', 'ANNEAL_ADMIN_KEY'] as const;

const CMDLINE_WARNING =
  '--token puts the API key on the command line, where every local user can read it (ps, /proc/<pid>/cmdline); use --token-file PATH (mode 600) instead';
const ENVIRON_WARNING =
  'the API key came from ANNEAL_API_KEY: the agent drops it from its environment, but /proc/<pid>/environ keeps the environment the agent started with, ' +
  "readable by every process of the agent's user; --token-file PATH keeps it out";

/**
 * The agent's API key: from --token-file, --token or ANNEAL_API_KEY, in that order. Whatever the
 * source, the key variables leave this process's environment, so nothing the agent starts
 * (trainers, tar, nvidia-smi) inherits them.
 */
export function takeAgentToken(o: { flag?: string | undefined; file?: string | undefined }, env: NodeJS.ProcessEnv = process.env): AgentToken {
  const fromEnv = env['ANNEAL_API_KEY'];
  for (const name of KEY_VARIABLES) delete env[name];
  if (o.file !== undefined && o.flag !== undefined) throw new CliError('BAD_FLAG', 'give the API key with --token-file or --token, not both');
  if (o.file !== undefined) return { token: readTokenFile(o.file), warnings: [] };
  if (o.flag !== undefined) return { token: o.flag, warnings: [CMDLINE_WARNING] };
  if (fromEnv) return { token: fromEnv, warnings: [ENVIRON_WARNING] };
  throw new CliError('NO_API_KEY', 'anneal agent needs an API key of the organization it works for: --token-file PATH (mode 600), or ANNEAL_API_KEY');
}

/**
 * Reads a token file the way ssh reads a private key: only if no one but its owner (the agent's
 * user, or root) can read or change it. Checked on the open descriptor, so the file cannot be
 * swapped between the check and the read.
 */
export function readTokenFile(path: string, label = 'token file', content = "the agent's API key"): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new CliError('FILE_UNREADABLE', `cannot read the ${label} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new CliError('FILE_UNREADABLE', `the ${label} ${path} is not a regular file`);
    const open = st.mode & 0o077;
    if (open !== 0) {
      const mode = (st.mode & 0o777).toString(8).padStart(3, '0');
      throw new CliError('TOKEN_FILE_UNSAFE', `the ${label} ${path} can be read or changed by other users (mode ${mode}); run: chmod 600 ${shellQuote(path)}`);
    }
    const self = process.getuid?.();
    if (self !== undefined && st.uid !== self && st.uid !== 0) {
      throw new CliError('TOKEN_FILE_UNSAFE', `the ${label} ${path} belongs to uid ${st.uid}, who can read and change it; run: chown ${self} ${shellQuote(path)}`);
    }
    const token = readFileSync(fd, 'utf8').trim();
    if (token === '') throw new CliError('TOKEN_FILE_EMPTY', `the ${label} ${path} is empty; put ${content} in it`);
    return token;
  } finally {
    closeSync(fd);
  }
}

function shellQuote(s: string): string {
  return /^[\w./@%+=:,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
