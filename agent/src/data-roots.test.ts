import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkDataPath, resolveDataRoots } from './data-roots.js';
import { DirectoryCheckpointStore } from './directory-checkpoint-store.js';
import { AgentError } from './errors.js';

describe('--data-root', () => {
  let dir: string;
  let root: string;
  before(async () => {
    dir = realpathSync(await mkdtemp(join(tmpdir(), 'anneal-data-roots-')));
    root = join(dir, 'data');
    await mkdir(join(root, 'sub'), { recursive: true });
    await mkdir(join(dir, 'elsewhere'));
    await writeFile(join(dir, 'file'), '');
    await symlink(root, join(dir, 'data-link'));
    await symlink(join(dir, 'elsewhere'), join(root, 'out'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('takes existing folders by their real path, once each', () => {
    assert.deepEqual(resolveDataRoots([join(dir, 'data-link'), root, `${root}/sub/..`]), { roots: [root] });
    assert.deepEqual(resolveDataRoots([join(dir, 'nope')]), { problem: `data root ${join(dir, 'nope')} cannot be used: ENOENT` });
    assert.deepEqual(resolveDataRoots([join(dir, 'file')]), { problem: `data root ${join(dir, 'file')} is not a directory` });
  });

  it('passes paths under a root (not yet existing ones too) and refuses the rest', () => {
    assert.deepEqual(checkDataPath('dataset', join(dir, 'data-link', 'sub', 'x.jsonl'), [root]), { path: join(root, 'sub', 'x.jsonl') });
    assert.deepEqual(checkDataPath('checkpoint_store', join(root, 'new', 'deeper'), [root]), { path: join(root, 'new', 'deeper') });
    assert.deepEqual(checkDataPath('dataset', join(dir, 'elsewhere', 'x'), []), { path: join(dir, 'elsewhere', 'x') }, 'no roots: unchanged');
    // A sibling whose name starts like the root is not inside it.
    assert.ok('problem' in checkDataPath('dataset', `${root}-other/x`, [root]));
    assert.deepEqual(checkDataPath('checkpoint_store', join(root, 'out', 'ckpt'), [root]), {
      problem: `checkpoint_store ${join(root, 'out', 'ckpt')} (it leads to ${join(dir, 'elsewhere', 'ckpt')}) is outside this agent's data roots (${root}); move it under one, or start the agent with another --data-root`,
    });
  });

  it('keeps a checkpoint_store outside the roots from being used at all', async () => {
    const store = new DirectoryCheckpointStore(join(root, 'out', 'ckpt'), [root]);
    assert.throws(() => store.checkRoot(), (e: unknown) => e instanceof AgentError && e.code === 'OUTSIDE_DATA_ROOT' && e.message.includes(join(dir, 'elsewhere', 'ckpt')));
    await assert.rejects(store.find('t1'), (e: unknown) => e instanceof AgentError && e.code === 'OUTSIDE_DATA_ROOT');
    await writeFile(join(dir, 'archive.tar'), 'x');
    await assert.rejects(store.put('t1', 1, join(dir, 'archive.tar')), (e: unknown) => e instanceof AgentError && e.code === 'OUTSIDE_DATA_ROOT');
    const inside = new DirectoryCheckpointStore(join(dir, 'data-link', 'ckpt'), [root]);
    assert.deepEqual(await inside.put('t1', 1, join(dir, 'archive.tar')), { key: 't1/1', bytes: 1 });
    assert.equal(inside.checkRoot(), join(root, 'ckpt'));
  });
});
