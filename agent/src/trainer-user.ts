import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { AgentError } from './errors.js';

/** The user whose rights a trainer, or a file operation on its behalf, runs with; absent: the agent's own. */
export interface RunAs {
  uid: number;
  gid: number;
}

/** The account trainers run as when it is not the agent's own. */
export interface TrainerUser {
  name: string;
  uid: number;
  gid: number;
  /** From the passwd database; may not exist (nobody's is /nonexistent). */
  home: string;
}

// Names as useradd accepts them, or a numeric uid; never an option to getent.
const USER_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,31}\$?$/;

/**
 * The user `--trainer-user` names, or null when trainers run as the agent's own user. Changing
 * user needs root; an agent that is not root may only name itself.
 */
export function resolveTrainerUser(requested: string | undefined): TrainerUser | null {
  if (requested === undefined) return null;
  const self = process.getuid?.();
  if (self === undefined) throw new AgentError('BAD_TRAINER_USER', 'trainers can run as another user only on POSIX systems');
  const user = lookupUser(requested);
  if (user.uid === self) return null;
  if (self !== 0) {
    throw new AgentError(
      'BAD_TRAINER_USER',
      `cannot run trainers as ${user.name} (uid ${user.uid}): the agent runs as uid ${self}, and only root can start processes as another user`,
    );
  }
  return user;
}

/** A passwd entry by name or uid: through getent, which also sees LDAP/NSS users, else /etc/passwd. */
export function lookupUser(who: string): TrainerUser {
  if (!USER_NAME.test(who)) throw new AgentError('BAD_TRAINER_USER', `'${who}' is not a user name or uid`);
  const r = spawnSync('getent', ['passwd', who], { encoding: 'utf8' });
  let line: string | undefined;
  if (r.error === undefined) {
    line = r.status === 0 ? r.stdout.split('\n')[0] : undefined;
  } else {
    // No getent (a minimal image): the local file is all there is.
    line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => {
      const [name, , uid] = l.split(':');
      return name === who || uid === who;
    });
  }
  const entry = line === undefined ? null : parsePasswd(line);
  if (entry === null) throw new AgentError('BAD_TRAINER_USER', `there is no user '${who}' on this machine (getent passwd ${who})`);
  return entry;
}

function parsePasswd(line: string): TrainerUser | null {
  const [name, , uid, gid, , home] = line.split(':');
  const u = Number(uid);
  const g = Number(gid);
  if (!name || !Number.isInteger(u) || !Number.isInteger(g) || uid === '' || gid === '') return null;
  return { name, uid: u, gid: g, home: home ?? '/' };
}
