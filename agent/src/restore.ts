import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Assignment } from '@anneal/protocol';
import { unpackArchive } from './archive.js';
import type { CheckpointRef } from './checkpoint-keys.js';
import { AgentError, errorMessage } from './errors.js';

export interface RestoreStore {
  find(trialId: string, atMost?: number): Promise<CheckpointRef | null>;
  get(key: string, file: string): Promise<number>;
}

export interface Restored extends CheckpointRef {
  bytes: number;
  dir: string;
  /** `resume`: this trial's own latest checkpoint after a redelivery; `assigned`: the assignment's `restore`. */
  reason: 'resume' | 'assigned';
}

/**
 * Fetches and unpacks the checkpoint a trial starts from, if any. A redelivered trial (the agent
 * that ran it died) resumes from its own latest checkpoint, which is newer than anything the
 * assignment names; otherwise the assignment's `restore` (PBT's exploit) is used, and it must exist.
 */
export async function restoreCheckpoint(store: RestoreStore, a: Assignment, attempt: number, trialDir: string): Promise<Restored | null> {
  let source: { ref: CheckpointRef; reason: Restored['reason'] } | null = null;
  try {
    if (attempt > 1) {
      const own = await store.find(a.trialId);
      if (own !== null) source = { ref: own, reason: 'resume' };
    }
    if (source === null && a.restore !== undefined) {
      const ref = await store.find(a.restore.trialId, a.restore.step);
      if (ref === null) {
        throw new AgentError('RESTORE_FAILED', `trial ${a.restore.trialId} has no stored checkpoint at or before step ${a.restore.step}`);
      }
      source = { ref, reason: 'assigned' };
    }
  } catch (e) {
    if (e instanceof AgentError) throw e;
    throw new AgentError('RESTORE_FAILED', `cannot look up checkpoints: ${errorMessage(e)}`, { cause: e });
  }
  if (source === null) return null;

  const dir = join(trialDir, 'restore');
  const scratch = join(trialDir, '.anneal');
  const file = join(scratch, 'restore.tar');
  try {
    // Fresh each attempt: leftovers of an earlier restore must not mix with this one.
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await mkdir(scratch, { recursive: true });
    const bytes = await store.get(source.ref.key, file);
    await unpackArchive(file, dir);
    return { ...source.ref, bytes, dir, reason: source.reason };
  } catch (e) {
    throw new AgentError('RESTORE_FAILED', `cannot restore checkpoint ${source.ref.key}: ${errorMessage(e)}`, { cause: e });
  } finally {
    await rm(file, { force: true }).catch(() => undefined);
  }
}
