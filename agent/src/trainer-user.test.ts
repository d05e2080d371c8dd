import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { packDirectory, unpackArchive } from './archive.js';
import { AgentError } from './errors.js';
import { spawnTrainer } from './trainer-process.js';
import { lookupUser, resolveTrainerUser, type TrainerUser } from './trainer-user.js';

const root = process.getuid?.() === 0;
const needsRoot = { skip: root ? false : 'needs root: only root can start processes as another user' };
const isCode = (code: string) => (e: unknown) => e instanceof AgentError && e.code === code;

describe('the trainer user', () => {
  it('is looked up by name or uid', () => {
    const nobody = lookupUser('nobody');
    assert.equal(nobody.name, 'nobody');
    assert.ok(nobody.uid > 0);
    assert.deepEqual(lookupUser(String(nobody.uid)), nobody);
    assert.throws(() => lookupUser('anneal-no-such-user'), isCode('BAD_TRAINER_USER'));
    assert.throws(() => lookupUser('-x'), isCode('BAD_TRAINER_USER'), 'never an option to getent');
  });

  it("is nobody's business when not asked for, or when it names the agent's own user", () => {
    assert.equal(resolveTrainerUser(undefined), null);
    const self = spawnSync('id', ['-un'], { encoding: 'utf8' }).stdout.trim();
    assert.equal(resolveTrainerUser(self), null);
  });

  it('is refused when the agent is not root', () => {
    if (!root) {
      assert.throws(() => resolveTrainerUser('nobody'), isCode('BAD_TRAINER_USER'));
      return;
    }
    // As root, ask from a process that is not: the check is about the agent's real uid.
    const module = fileURLToPath(new URL('./trainer-user.js', import.meta.url));
    const script = `import(${JSON.stringify(module)}).then((m) => m.resolveTrainerUser('root')).then(() => console.log('accepted'), (e) => console.log(e.code, e.message))`;
    const nobody = lookupUser('nobody');
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', uid: nobody.uid, gid: nobody.gid, cwd: '/' });
    assert.match(r.stdout, /^BAD_TRAINER_USER cannot run trainers as root \(uid 0\): the agent runs as uid \d+, and only root can start processes as another user/);
  });
});

describe('as root, trainers and their file operations', needsRoot, () => {
  let nobody: TrainerUser;
  let dir: string;
  before(async () => {
    nobody = resolveTrainerUser('nobody')!;
    dir = await mkdtemp(join(tmpdir(), 'anneal-run-as-'));
    await chmod(dir, 0o711);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("run as the trainer user, without root's groups", async () => {
    const lines: string[] = [];
    const proc = spawnTrainer(['sh', '-c', 'id -u; id -g; id -G'], { cwd: '/', env: { PATH: '/usr/bin:/bin' }, runAs: nobody, onLine: (_s, l) => lines.push(l) });
    assert.deepEqual(await proc.exited, { kind: 'exited', code: 0, signal: null });
    assert.deepEqual(lines, [String(nobody.uid), String(nobody.gid), String(nobody.gid)]);
  });

  it('pack and unpack only what the trainer user may read and write', async () => {
    const mine = join(dir, 'agent-only');
    await mkdir(mine, { mode: 0o700 });
    await writeFile(join(mine, 'secret'), 'agent data');
    const archive = join(dir, 'a.tar');
    await assert.rejects(packDirectory(mine, archive, nobody), /tar -cf failed: .*Permission denied/);
    await assert.rejects(unpackArchive(archive, join(mine, 'restore'), nobody), /tar -xf failed: .*Permission denied/);

    await packDirectory(mine, archive);
    const open = join(dir, 'open');
    await mkdir(open);
    await chmod(open, 0o777);
    await unpackArchive(archive, join(open, 'restore'), nobody);
    assert.equal(await readFile(join(open, 'restore', 'secret'), 'utf8'), 'agent data');
    const owner = spawnSync('stat', ['-c', '%u', join(open, 'restore', 'secret')], { encoding: 'utf8' }).stdout.trim();
    assert.equal(owner, String(nobody.uid), "unpacked as the trainer's own files");
  });
});
