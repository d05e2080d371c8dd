import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Assignment } from '@anneal/protocol';
import { unpackArchive } from './archive.js';
import type { CheckpointRef } from './checkpoint-keys.js';
import { AgentError, errorMessage } from './errors.js';
import type { RunAs } from './trainer-user.js';

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
export interface RestorePlace {
  /** The trial's folder; the checkpoint is unpacked into `restore` in it. */
  trialDir: string;
  /** The agent's folder where the archive is downloaded to. */
  scratchDir: string;
  /** The trainer's user, when it is not the agent's: the trial folder is written with its rights. */
  runAs?: RunAs;
}

export async function restoreCheckpoint(store: RestoreStore, a: Assignment, attempt: number, place: RestorePlace): Promise<Restored | null> {
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

  const dir = join(place.trialDir, 'restore');
  const file = join(place.scratchDir, `${a.trialId}-restore.tar`);
  try {
    const bytes = await store.get(source.ref.key, file);
    // Replaces the folder: leftovers of an earlier restore must not mix with this one.
    await unpackArchive(file, dir, place.runAs);
    return { ...source.ref, bytes, dir, reason: source.reason };
  } catch (e) {
    throw new AgentError('RESTORE_FAILED', `cannot restore checkpoint ${source.ref.key}: ${errorMessage(e)}`, { cause: e });
  } finally {
    await rm(file, { force: true }).catch(() => undefined);
  }
}
