import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ANNEAL_BIN = fileURLToPath(new URL('../../../services/cli/bin/anneal.js', import.meta.url));

export interface AgentProcess {
  proc: ChildProcess;
  /** The id it announced ("agent <id> is taking work"). */
  id: string;
  exited: Promise<number | null>;
  stderr(): string;
}

export interface AgentProcessOptions {
  server: string;
  tokenFile: string;
  workDir: string;
  /** ANNEAL_HOME of the stack (where the CLI looks for things). */
  home: string;
  pool?: string;
  slots?: number;
  env?: Record<string, string>;
  /** More `anneal agent` flags, e.g. ['--data-root', dir]. */
  args?: string[];
  /** Lead its own process group, so one signal to -pid takes the agent and its trainers. */
  detached?: boolean;
}

/** A real `anneal agent` process holding an agent token file; resolves once it takes work. */
export async function spawnAgent(o: AgentProcessOptions): Promise<AgentProcess> {
  const args = ['--server', o.server, 'agent', '--token-file', o.tokenFile, '--pool', o.pool ?? 'default', '--slots', String(o.slots ?? 2), '--work-dir', o.workDir, ...(o.args ?? [])];
  const proc = spawn(process.execPath, [ANNEAL_BIN, ...args], {
    detached: o.detached ?? false, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ANNEAL_HOME: o.home, ANNEAL_LOG_LEVEL: 'warn', ...o.env },
  });
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  let out = '';
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  const id = await new Promise<string>((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /agent (\S+) is taking work/.exec(out);
      if (m) resolve(m[1]!);
    });
    proc.once('exit', (code) => reject(new Error(`anneal agent exited with ${code}: ${err}`)));
  });
  return { proc, id, exited, stderr: () => err };
}
