import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { checkpointKey } from '@anneal/protocol';
import { StorageType, type JetStreamClient, type ObjectStore } from 'nats';
import { pickCheckpoint, type CheckpointRef } from './checkpoint-keys.js';

/** Archive files (see archive.ts) in the NATS object store, keyed `<trialId>/<step>`. */
export class CheckpointStore {
  private store: Promise<ObjectStore> | null = null;

  constructor(
    private readonly js: JetStreamClient,
    private readonly bucket: string,
  ) {}

  /** Uploads an archive file; returns the key and its size. */
  async put(trialId: string, step: number, file: string): Promise<{ key: string; bytes: number }> {
    const os = await this.open();
    const key = checkpointKey(trialId, step);
    const { size } = await stat(file);
    const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
    const info = await os.put({ name: key, metadata: { trialId, step: String(step) } }, body);
    return { key, bytes: info.size ?? size };
  }

  /** The trial's checkpoint at the highest step ≤ atMost (or at all), or null if it has none. */
  async find(trialId: string, atMost?: number): Promise<CheckpointRef | null> {
    const os = await this.open();
    if (atMost !== undefined) {
      // The exact step is the usual case (PBT names one it was told about); skip the listing.
      const exact = await os.info(checkpointKey(trialId, atMost));
      if (exact !== null && exact.deleted !== true) return { key: exact.name, step: atMost };
    }
    // The store cannot list by prefix, so this reads every object's metadata (not its data).
    const all = await os.list();
    return pickCheckpoint(
      all.filter((i) => i.deleted !== true).map((i) => i.name),
      trialId,
      atMost,
    );
  }

  /** Downloads the object `key` into `file`; returns its size. */
  async get(key: string, file: string): Promise<number> {
    const os = await this.open();
    const result = await os.get(key);
    if (result === null) throw new Error(`checkpoint ${key} is not in the store`);
    await pipeline(Readable.fromWeb(result.data as import('node:stream/web').ReadableStream<Uint8Array>), createWriteStream(file));
    // Resolves to undefined (not the declared null) when the stream was complete.
    const err = await result.error;
    if (err) throw err;
    return result.info.size;
  }

  // Created on first use: agents that never checkpoint leave no bucket behind.
  private open(): Promise<ObjectStore> {
    this.store ??= this.js.views.os(this.bucket, { storage: StorageType.File }).catch((e: unknown) => {
      this.store = null;
      throw e;
    });
    return this.store;
  }
}
