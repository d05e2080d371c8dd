import type { Stats } from 'node:fs';
import { chmod, lchown, mkdir, realpath, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { AgentError } from './errors.js';
import type { TrainerUser } from './trainer-user.js';

/**
 * The work dir seen by permissions. Trial folders (`trials/<id>`) belong to the trainer; the
 * agent's own folders next to them — the telemetry spool, `scratch` for checkpoint archives in
 * transit — are closed to it. A trainer running as another user gets through the work dir by
 * search permission only: it can open its own folder by name, but list nothing.
 */
export const TRIALS_DIR = 'trials';
const SCRATCH_DIR = 'scratch';
const HOMES_DIR = 'homes';

/** Where the agent keeps checkpoint archives in transit; closed to trainers. */
export function scratchDirOf(workDir: string): string {
  return join(workDir, SCRATCH_DIR);
}

/**
 * Creates a trial's folders and, with a trainer user, gives them to it; returns the account
 * the trainer's HOME, USER and LOGNAME name (null: the agent's own, left as they are).
 */
export async function prepareTrialDirs(
  workDir: string,
  trialDir: string,
  checkpointDir: string,
  user: TrainerUser | null,
): Promise<{ name: string; home: string } | null> {
  const scratch = scratchDirOf(workDir);
  await mkdir(scratch, { recursive: true, mode: 0o700 });
  await chmod(scratch, 0o700);
  if (user === null) {
    await mkdir(checkpointDir, { recursive: true });
    return null;
  }
  await openWorkDirTo(workDir, user);
  await mkdir(checkpointDir, { recursive: true });
  await handOverTrialDirs(trialDir, checkpointDir, user);
  return { name: user.name, home: await trainerHome(workDir, user) };
}

/**
 * Lets `user` reach the trial folders: adds o+x to the work dir and checks every folder above
 * it, which the agent does not change (a work dir under /root cannot work; the error says so).
 * ACLs are not consulted: a folder that only an ACL opens is reported as closed.
 */
export async function openWorkDirTo(workDir: string, user: TrainerUser): Promise<void> {
  const dir = resolve(workDir);
  await mkdir(dir, { recursive: true });
  const st = await stat(dir);
  if (!canPass(st, user)) await chmod(dir, (st.mode & 0o7777) | 0o001);
  const trials = join(dir, TRIALS_DIR);
  await mkdir(trials, { recursive: true });
  await chmod(trials, 0o711);
  const real = await realpath(dir);
  for (const d of new Set([...ancestors(dir), ...ancestors(real)])) {
    const s = await stat(d);
    if (!canPass(s, user)) {
      throw new AgentError(
        'WORK_DIR_UNREACHABLE',
        `trainers run as ${user.name} (uid ${user.uid}), who cannot pass through ${d} (mode ${(s.mode & 0o777).toString(8)}, owner uid ${s.uid}) ` +
          `to their trial folders under ${dir}; use a --work-dir outside private folders (e.g. /var/lib/anneal-agent) or allow o+x on ${d}`,
      );
    }
  }
}

/**
 * Makes a trial's folder and its checkpoint folder the trainer's, private to it. lchown, because
 * the folders may hold what an earlier attempt's trainer left, links included, and root must not
 * follow those.
 */
async function handOverTrialDirs(trialDir: string, checkpointDir: string, user: TrainerUser): Promise<void> {
  await lchown(trialDir, user.uid, user.gid);
  // trials/ is the agent's, so trialDir itself cannot have been swapped for a link.
  await chmod(trialDir, 0o700);
  await lchown(checkpointDir, user.uid, user.gid);
}

/**
 * HOME for trainers: the user's own when it really has one (a service account with its caches),
 * else `homes/<name>` in the work dir, kept across trials so downloads are cached once.
 */
async function trainerHome(workDir: string, user: TrainerUser): Promise<string> {
  const own = await stat(user.home).catch(() => null);
  if (own?.isDirectory() && own.uid === user.uid) return user.home;
  const homes = join(workDir, HOMES_DIR);
  await mkdir(homes, { recursive: true });
  await chmod(homes, 0o711);
  const home = join(homes, user.name);
  await mkdir(home, { recursive: true });
  await lchown(home, user.uid, user.gid);
  await chmod(home, 0o700);
  return home;
}

function canPass(st: Stats, user: TrainerUser): boolean {
  // Trainers start with no supplementary groups (spawn drops them), so only the primary group counts.
  const bit = st.uid === user.uid ? 0o100 : st.gid === user.gid ? 0o010 : 0o001;
  return (st.mode & bit) !== 0;
}

/** The folders above `dir`, nearest first, up to the root. */
function ancestors(dir: string): string[] {
  const out: string[] = [];
  for (let d = dirname(dir); ; d = dirname(d)) {
    out.push(d);
    if (dirname(d) === d) return out;
  }
}
