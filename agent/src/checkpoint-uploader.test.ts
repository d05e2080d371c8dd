import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { unpackArchive } from './archive.js';
import { CheckpointUploader, type StoredCheckpoint } from './checkpoint-uploader.js';

describe('CheckpointUploader', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'anneal-uploader-'));
  });
  after(async () => rm(root, { recursive: true, force: true }));

  it('packs the directory as it was at each report and stores them in order', async () => {
    const dir = join(root, 'ckpt');
    const scratch = join(root, 'scratch');
    await mkdir(join(dir, 'sub'), { recursive: true });
    const uploads: Array<{ step: number; content: string }> = [];
    let release: () => void = () => undefined;
    const firstUploadBlocked = new Promise<void>((r) => (release = r));
    const stored: StoredCheckpoint[] = [];
    const failed: number[] = [];
    const uploader = new CheckpointUploader({
      trialId: 't',
      dir,
      scratchDir: scratch,
      store: {
        put: async (_trial, step, file) => {
          if (step === 1) await firstUploadBlocked;
          const out = join(root, `out-${step}`);
          await mkdir(out);
          await unpackArchive(file, out);
          uploads.push({ step, content: await readFile(join(out, 'sub', 'w.txt'), 'utf8') });
          return { key: `t/${step}`, bytes: 10 * step };
        },
      },
      onStored: (c) => stored.push(c),
      onFailed: (step) => failed.push(step),
    });
    await writeFile(join(dir, 'sub', 'w.txt'), 'one');
    uploader.request(1);
    // Let the first pack finish before the trainer overwrites its files.
    await new Promise((r) => setTimeout(r, 200));
    await writeFile(join(dir, 'sub', 'w.txt'), 'two');
    uploader.request(2);
    await new Promise((r) => setTimeout(r, 200));
    release();
    await uploader.done();
    assert.deepEqual(uploads, [
      { step: 1, content: 'one' },
      { step: 2, content: 'two' },
    ]);
    assert.deepEqual(stored, [
      { step: 1, key: 't/1', bytes: 10 },
      { step: 2, key: 't/2', bytes: 20 },
    ]);
    assert.deepEqual(failed, []);
    assert.deepEqual(await readdir(scratch), [], 'archives are removed after upload');
  });

  it('reports a directory that cannot be packed', async () => {
    const failed: Array<[number, string]> = [];
    const uploader = new CheckpointUploader({
      trialId: 't',
      dir: join(root, 'missing'),
      scratchDir: join(root, 'scratch2'),
      store: { put: async () => assert.fail('nothing to upload') },
      onStored: () => assert.fail('nothing stored'),
      onFailed: (step, err) => failed.push([step, (err as Error).message]),
    });
    uploader.request(3);
    await uploader.done();
    assert.equal(failed.length, 1);
    assert.match(failed[0]![1], /tar -cf failed/);
  });
});
