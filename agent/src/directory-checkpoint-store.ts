import { copyFile, mkdir, readdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { checkpointKey } from '@anneal/protocol';
import { pickCheckpoint, type CheckpointRef } from './checkpoint-keys.js';
import { checkDataPath, type DataRoots } from './data-roots.js';
import { AgentError } from './errors.js';

const ARCHIVE = '.tar';

/**
 * Checkpoint archives in a directory every agent of the sweep can reach (a shared mount), as
 * `<root>/<trialId>/<step>.tar`: for checkpoints too big to send through NATS. Same keys and
 * lookup rules as the object store, so restores work unchanged. With `--data-root`s the folder
 * must lie in one of them: a sweep must not make the agent write or read archives elsewhere.
 */
export class DirectoryCheckpointStore {
  private checked: string | null = null;

  constructor(
    private readonly path: string,
    private readonly dataRoots: DataRoots = [],
  ) {}

  /** The folder to use: its real path under a data root; throws OUTSIDE_DATA_ROOT otherwise. */
  checkRoot(): string {
    if (this.checked !== null) return this.checked;
    const r = checkDataPath('checkpoint_store', this.path, this.dataRoots);
    if ('problem' in r) throw new AgentError('OUTSIDE_DATA_ROOT', r.problem);
    this.checked = r.path;
    return r.path;
  }

  private get root(): string {
    return this.checkRoot();
  }

  async put(trialId: string, step: number, file: string): Promise<{ key: string; bytes: number }> {
    const dir = join(this.root, trialId);
    await mkdir(dir, { recursive: true });
    const target = join(dir, `${step}${ARCHIVE}`);
    // Copied under a temporary name and renamed: a reader on another box never sees half an archive.
    const partial = `${target}.${process.pid}.partial`;
    await copyFile(file, partial);
    await rename(partial, target);
    return { key: checkpointKey(trialId, step), bytes: (await stat(target)).size };
  }

  async find(trialId: string, atMost?: number): Promise<CheckpointRef | null> {
    let names: string[];
    try {
      names = await readdir(join(this.root, trialId));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    const steps = names.filter((n) => n.endsWith(ARCHIVE)).map((n) => `${trialId}/${n.slice(0, -ARCHIVE.length)}`);
    return pickCheckpoint(steps, trialId, atMost);
  }

  async get(key: string, file: string): Promise<number> {
    const [trialId, step] = key.split('/');
    const source = join(this.root, trialId ?? '', `${step ?? ''}${ARCHIVE}`);
    try {
      await copyFile(source, file);
    } catch (e) {
      throw new AgentError('RESTORE_FAILED', `checkpoint ${source} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
    }
    return (await stat(file)).size;
  }
}
