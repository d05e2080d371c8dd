import { controlSchema, decodeMessage, type Control } from '@anneal/protocol';
import type { KV, KvEntry } from 'nats';
import type { Logger } from 'pino';

/** The stop decision stored for a trial, if any. Absent, deleted and unreadable entries all mean "keep going". */
export async function readStop(kv: KV, trialId: string, logger: Logger): Promise<Control | null> {
  return decodeEntry(await kv.get(trialId), logger);
}

export interface StopWatch {
  cancel(): void;
}

/**
 * Calls onStop when a stop decision for the trial appears. The watch first replays the current
 * value, so a decision made between readStop() and here is not missed.
 */
export async function watchStop(kv: KV, trialId: string, logger: Logger, onStop: (c: Control) => void): Promise<StopWatch> {
  const entries = await kv.watch({ key: trialId });
  void (async () => {
    for await (const entry of entries) {
      const control = decodeEntry(entry, logger);
      if (control !== null) onStop(control);
    }
  })().catch((err: unknown) => logger.warn({ err, trialId }, 'control watch ended'));
  return { cancel: () => entries.stop() };
}

function decodeEntry(entry: KvEntry | null, logger: Logger): Control | null {
  if (entry === null || entry.operation !== 'PUT') return null;
  const decoded = decodeMessage(controlSchema, entry.value);
  if (!decoded.ok) {
    logger.warn({ key: entry.key, reason: decoded.error }, 'ignoring malformed control entry');
    return null;
  }
  return decoded.value;
}
