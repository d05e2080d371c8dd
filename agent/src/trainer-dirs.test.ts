import assert from 'node:assert/strict';
import { lstat, mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AgentError } from './errors.js';
import { openWorkDirTo, prepareTrialDirs } from './trainer-dirs.js';
import { resolveTrainerUser, type TrainerUser } from './trainer-user.js';

const mode = async (p: string): Promise<number> => (await stat(p)).mode & 0o777;

describe('trial folders for a trainer user', { skip: process.getuid?.() === 0 ? false : 'needs root' }, () => {
  let nobody: TrainerUser;
  let base: string;
  before(async () => {
    nobody = resolveTrainerUser('nobody')!;
    base = await mkdtemp(join(tmpdir(), 'anneal-dirs-'));
  });
  after(() => rm(base, { recursive: true, force: true }));

  it('refuses a work dir the user cannot reach, naming the folder in the way', async () => {
    // mkdtemp made base 0700, like /root.
    await assert.rejects(openWorkDirTo(join(base, 'home', 'agent'), nobody), (e: unknown) => {
      assert.ok(e instanceof AgentError && e.code === 'WORK_DIR_UNREACHABLE');
      assert.match(e.message, new RegExp(`cannot pass through ${base} \\(mode 700, owner uid 0\\).*--work-dir`));
      return true;
    });
  });

  it("gives the trial its folders and a home, and keeps the agent's closed", async () => {
    const workDir = await mkdtemp(join(tmpdir(), 'anneal-work-'));
    try {
      const trialDir = join(workDir, 'trials', 't1');
      const account = await prepareTrialDirs(workDir, trialDir, join(trialDir, 'checkpoints'), nobody);
      assert.deepEqual(account, { name: 'nobody', home: join(workDir, 'homes', 'nobody') });
      assert.equal(await mode(workDir), 0o701, 'search only: the work dir cannot be listed');
      assert.equal(await mode(join(workDir, 'trials')), 0o711);
      assert.equal(await mode(join(workDir, 'scratch')), 0o700);
      for (const d of [trialDir, join(trialDir, 'checkpoints'), account!.home]) assert.equal((await stat(d)).uid, nobody.uid, d);
      assert.equal(await mode(trialDir), 0o700);
      assert.equal(await mode(account!.home), 0o700);
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  });

  it('does not follow a link an earlier trainer left in place of its checkpoint folder', async () => {
    const workDir = await mkdtemp(join(tmpdir(), 'anneal-work-'));
    try {
      const agentDir = join(workDir, 'spool');
      await mkdir(agentDir, { mode: 0o700 });
      await writeFile(join(agentDir, 'f'), 'x');
      const trialDir = join(workDir, 'trials', 't2');
      await mkdir(trialDir, { recursive: true });
      await symlink(agentDir, join(trialDir, 'checkpoints'));
      await prepareTrialDirs(workDir, trialDir, join(trialDir, 'checkpoints'), nobody);
      assert.equal((await stat(agentDir)).uid, 0, "the agent's folder is still root's");
      assert.equal(await mode(agentDir), 0o700);
      assert.ok((await lstat(join(trialDir, 'checkpoints'))).isSymbolicLink());
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  });

  it("leaves ownership alone when trainers run as the agent's user", async () => {
    const workDir = await mkdtemp(join(tmpdir(), 'anneal-work-'));
    try {
      const trialDir = join(workDir, 'trials', 't3');
      assert.equal(await prepareTrialDirs(workDir, trialDir, join(trialDir, 'checkpoints'), null), null);
      assert.equal((await stat(join(trialDir, 'checkpoints'))).uid, process.getuid!());
      assert.equal(await mode(workDir), 0o700);
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  });
});
