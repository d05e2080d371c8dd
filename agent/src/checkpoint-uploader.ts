import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { packDirectory } from './archive.js';
import type { RunAs } from './trainer-user.js';

export interface StoredCheckpoint {
  step: number;
  key: string;
  bytes: number;
}

export interface CheckpointUploaderOptions {
  trialId: string;
  /** The directory the trainer writes checkpoints into. */
  dir: string;
  /** Where archives wait for their upload; the agent's, shared by its trials. */
  scratchDir: string;
  /** The trainer's user, when it is not the agent's: packing reads the trainer's folder with its rights. */
  runAs?: RunAs;
  store: { put(trialId: string, step: number, file: string): Promise<{ key: string; bytes: number }> };
  onStored(c: StoredCheckpoint): void;
  onFailed(step: number, err: unknown): void;
}

/**
 * Stores a trial's checkpoints in the order the trainer reported them. The directory is packed
 * at once, while it still holds what the report was about (the trainer goes on training and will
 * overwrite it); uploads, which may be slow, follow one at a time.
 */
export class CheckpointUploader {
  private packing: Promise<unknown> = Promise.resolve();
  private uploading: Promise<void> = Promise.resolve();
  private count = 0;

  constructor(private readonly o: CheckpointUploaderOptions) {}

  request(step: number): void {
    const file = join(this.o.scratchDir, `${this.o.trialId}-checkpoint-${step}-${this.count++}.tar`);
    const packed = this.packing.then(async () => {
      await mkdir(this.o.scratchDir, { recursive: true });
      await packDirectory(this.o.dir, file, this.o.runAs);
    });
    this.packing = packed.catch(() => undefined);
    const previous = this.uploading;
    this.uploading = (async () => {
      await previous;
      try {
        await packed;
        const stored = await this.o.store.put(this.o.trialId, step, file);
        this.o.onStored({ step, ...stored });
      } catch (err) {
        this.o.onFailed(step, err);
      } finally {
        await rm(file, { force: true }).catch(() => undefined);
      }
    })();
  }

  /** Resolves when every checkpoint requested so far is stored or has failed. */
  async done(): Promise<void> {
    for (;;) {
      const current = this.uploading;
      await current;
      if (current === this.uploading) return;
    }
  }
}
