import { rename } from 'node:fs/promises';
import type { Logger } from 'pino';
import { AgentError } from './errors.js';
import { PublishQueue, type PublishFn } from './publish-queue.js';
import type { SpoolDir } from './spool-dir.js';
import { SpoolFile } from './spool-file.js';

export interface ReplayOptions {
  publish: PublishFn;
  logger: Logger;
  giveUp: AbortSignal;
  memoryBytes?: number;
}

/**
 * Publishes the telemetry that agents which died on this work dir left unpublished, each file
 * in order, and deletes each file once it is all out. Repeats of what had been published before
 * the crash are harmless: JetStream drops a msgId it has seen within its duplicate window, and
 * ingest keys points by (trial, key, step) and log batches by (trial, attempt, seq). Whether the
 * telemetry still counts is ingest's call: it drops an attempt that a newer one has fenced.
 */
export async function replayOrphanedSpools(dir: SpoolDir, o: ReplayOptions): Promise<void> {
  let files: string[];
  try {
    files = await dir.adoptOrphans();
  } catch (err) {
    o.logger.error({ err }, 'cannot look for the spools of dead agents; they stay where they are');
    return;
  }
  for (const file of files) {
    if (o.giveUp.aborted) return;
    // Runs unawaited until the agent closes: a failure must end up in the log, not crash the agent.
    await replaySpoolFile(file, o).catch((err: unknown) => o.logger.error({ err, file }, 'replaying a telemetry spool failed'));
  }
}

/** Publishes one leftover spool file and removes it; returns how many messages went out. */
export async function replaySpoolFile(path: string, o: ReplayOptions): Promise<number> {
  let spool: SpoolFile;
  try {
    spool = SpoolFile.openExisting(path);
  } catch (err) {
    if (err instanceof AgentError) {
      // Not ours to read, now or later: set aside for a person to look at rather than retried at every start.
      await rename(path, `${path}.unreadable`).catch(() => undefined);
      o.logger.error({ err, file: `${path}.unreadable` }, 'set aside a spool file that cannot be read');
    } else {
      o.logger.error({ err, file: path }, 'cannot open a telemetry spool to replay; it stays for the next start');
    }
    return 0;
  }
  const queue = PublishQueue.recover({ ...o, spool });
  await queue.flush();
  if (queue.gaveUp) {
    spool.close();
    return queue.published;
  }
  spool.remove();
  o.logger.info({ file: path, messages: queue.published }, 'published telemetry an earlier agent on this work dir had left unpublished');
  return queue.published;
}
