import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, rename, rm, rmdir, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AgentError, errorMessage } from './errors.js';

/** Spools live in `<workDir>/spool/<owner>/`, one owner folder per agent process. */
export const SPOOL_DIR = 'spool';
const OWNER_FILE = 'owner.json';
const SPOOL_SUFFIX = '.log';
/** Adopted files of dead agents, waiting to be replayed by this one. */
const REPLAY_PREFIX = 'replay-';
const ADOPTED = /^(replay-[0-9a-f]{8}-)+/;
const HEARTBEAT_MS = 5_000;
/** An owner folder untouched this long belongs to a dead agent, whatever its pid says. */
const STALE_MS = 60_000;

const ownerSchema = z.object({ pid: z.number().int(), host: z.string(), namespace: z.string(), agentId: z.string(), startedAt: z.number() });
type Owner = z.infer<typeof ownerSchema>;

/** Folders of agents running in this process (tests and `anneal up` run several in one). */
const openHere = new Set<string>();

/**
 * This agent's folder of telemetry spools. Agents may share a work dir (several `anneal agent`
 * on one box), so each process writes only in its own folder and takes over another's only when
 * that agent is dead: a pid that is gone on this host, or a heartbeat older than STALE_MS (the
 * pid may have been reused, as it always is for an agent that is pid 1 in a container).
 */
export class SpoolDir {
  private heartbeat: NodeJS.Timeout | null = null;
  private heartbeatFailed = false;

  private constructor(
    readonly path: string,
    private readonly root: string,
    private readonly owner: Owner,
    private readonly logger: Logger,
  ) {}

  static async open(workDir: string, who: { namespace: string; agentId: string; host: string }, logger: Logger): Promise<SpoolDir> {
    const root = join(workDir, SPOOL_DIR);
    const path = join(root, `${process.pid}-${randomBytes(4).toString('hex')}`);
    const owner: Owner = { pid: process.pid, host: who.host, namespace: who.namespace, agentId: who.agentId, startedAt: Date.now() };
    try {
      // Private: spools hold lease tokens and every trial's output, and trainers running as
      // another user can pass through the work dir (trainer-dirs.ts).
      await mkdir(root, { recursive: true, mode: 0o700 });
      await chmod(root, 0o700);
      await mkdir(path, { recursive: true });
      // Renamed into place, so a reader never sees half an owner file.
      const tmp = join(path, `${OWNER_FILE}.tmp`);
      await writeFile(tmp, JSON.stringify(owner));
      await rename(tmp, join(path, OWNER_FILE));
    } catch (e) {
      throw new AgentError('SPOOL_FAILED', `cannot create the telemetry spool folder ${path}: ${errorMessage(e)}`, { cause: e });
    }
    const dir = new SpoolDir(path, root, owner, logger);
    openHere.add(path);
    dir.heartbeat = setInterval(() => void dir.beat(), HEARTBEAT_MS).unref();
    return dir;
  }

  /** Where one attempt's telemetry is spooled. */
  fileFor(trialId: string, attempt: number): string {
    return join(this.path, `${trialId}-${attempt}${SPOOL_SUFFIX}`);
  }

  /**
   * Moves the spool files of dead agents of this namespace into this folder and returns every
   * file waiting to be replayed. A rename is atomic, so two agents starting at once cannot both
   * take a file; and if this agent dies while replaying, the next one finds them here.
   */
  async adoptOrphans(): Promise<string[]> {
    for (const name of await readdir(this.root).catch(() => [] as string[])) {
      const dir = join(this.root, name);
      if (dir === this.path) continue;
      const owner = await readOwner(dir);
      if (owner === 'gone' || (await this.alive(dir, owner))) continue;
      if (owner !== null && owner.namespace !== this.owner.namespace) {
        // Another deployment's telemetry; an agent of that namespace will publish it.
        this.logger.debug({ dir, namespace: owner.namespace }, 'leaving the spool of a dead agent of another namespace');
        continue;
      }
      for (const file of await readdir(dir).catch(() => [] as string[])) {
        if (!file.endsWith(SPOOL_SUFFIX)) continue;
        // Random, so files of two dead agents cannot collide; earlier prefixes go, so names do not grow.
        const original = file.replace(ADOPTED, '');
        const target = join(this.path, `${REPLAY_PREFIX}${randomBytes(4).toString('hex')}-${original}`);
        await rename(join(dir, file), target).catch((err: unknown) => {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        });
      }
      await rm(join(dir, OWNER_FILE), { force: true });
      await rmdir(dir).catch((err: unknown) => this.logger.debug({ err, dir }, 'left a dead agent spool folder in place'));
    }
    const waiting = await readdir(this.path);
    return waiting.filter((f) => f.startsWith(REPLAY_PREFIX) && f.endsWith(SPOOL_SUFFIX)).sort().map((f) => join(this.path, f));
  }

  /** Stops the heartbeat; the folder goes too unless spools in it still wait to be published. */
  async close(): Promise<void> {
    if (this.heartbeat !== null) clearInterval(this.heartbeat);
    this.heartbeat = null;
    openHere.delete(this.path);
    // Spools still to publish, or ones set aside as unreadable for a person to look at.
    const left = (await readdir(this.path).catch(() => [] as string[])).filter((f) => f !== OWNER_FILE);
    if (left.length === 0) {
      await rm(this.path, { recursive: true, force: true }).catch((err: unknown) => this.logger.warn({ err, dir: this.path }, 'cannot remove the spool folder'));
    } else {
      this.logger.warn({ dir: this.path, files: left.length }, 'telemetry spools stay for the next agent on this work dir');
    }
  }

  private async alive(dir: string, owner: Owner | null): Promise<boolean> {
    // The owner file's mtime is the heartbeat; a folder without one is an agent starting right now.
    const touched = await stat(owner === null ? dir : join(dir, OWNER_FILE)).then((s) => s.mtimeMs, () => 0);
    if (Date.now() - touched > STALE_MS) return false;
    if (owner === null || owner.host !== this.owner.host) return true;
    // Our pid on a folder this process did not open: an earlier agent that had the same pid.
    if (owner.pid === process.pid) return openHere.has(dir);
    return pidAlive(owner.pid);
  }

  private async beat(): Promise<void> {
    const now = new Date();
    try {
      await utimes(join(this.path, OWNER_FILE), now, now);
    } catch (err) {
      if (this.heartbeatFailed) return;
      this.heartbeatFailed = true;
      this.logger.warn({ err, dir: this.path }, 'cannot touch the spool owner file; another agent on this work dir may take these spools after a minute');
    }
  }
}

/** The owner of a spool folder; null when it has no readable one (yet), 'gone' when it is no folder. */
async function readOwner(dir: string): Promise<Owner | null | 'gone'> {
  const isDir = await stat(dir).then((s) => s.isDirectory(), () => false);
  if (!isDir) return 'gone';
  try {
    const parsed = ownerSchema.safeParse(JSON.parse(await readFile(join(dir, OWNER_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
