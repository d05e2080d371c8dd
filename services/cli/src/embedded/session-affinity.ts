import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** The parts of pglite-socket 0.2.x's private query queue that the fix below replaces. */
interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  resolve(bytes: number): void;
  reject(e: unknown): void;
  onData(d: Uint8Array): void;
}
interface QueueInternals {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
}

// Frontend messages after which the backend is back at ReadyForQuery for that connection.
const SYNC = 0x53;
const SIMPLE_QUERY = 0x51;
const TERMINATE = 0x58;
/** Startup and SSL/cancel requests carry no type byte; their first byte is the length's high byte. */
const UNTYPED = 0x00;

/**
 * pglite-socket multiplexes many connections onto PGlite's single session but only keeps a
 * connection's messages together inside an SQL transaction. An extended-protocol exchange
 * (Parse/Bind/Execute/Sync) outside a transaction can then interleave with another
 * connection's, binding one client's parameters to the other's statement (upstream issue
 * electric-sql/pglite#1046; fix pending in #977). It also leaves the queue stuck after one
 * failed message. Until upstream ships a fix, this replaces the scheduler: a connection that
 * started an exchange keeps the session until its Sync (or while its transaction is open).
 */
export function installSessionAffinity(server: PGLiteSocketServer, db: PGlite): void {
  const q = (server as unknown as { queryQueue?: QueueInternals }).queryQueue;
  if (!q || typeof q.processQueue !== 'function' || !Array.isArray(q.queue)) {
    throw new Error('pglite-socket internals changed: review services/cli/src/embedded/session-affinity.ts');
  }
  const raw = db as unknown as {
    runExclusive<T>(fn: () => Promise<T>): Promise<T>;
    execProtocolRawStream(message: Uint8Array, o: { onRawData(d: Uint8Array): void }): Promise<void>;
    isInTransaction(): boolean;
  };
  let owner: number | null = null;

  q.processQueue = async function processQueue(this: QueueInternals): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const holder = owner ?? (raw.isInTransaction() ? this.lastHandlerId : null);
        const index = holder === null ? 0 : this.queue.findIndex((m) => m.handlerId === holder);
        if (index === -1) break; // the holder's next message has not arrived yet
        const item = this.queue.splice(index, 1)[0]!;
        let bytes = 0;
        try {
          await raw.runExclusive(() => raw.execProtocolRawStream(item.message, {
            onRawData: (d) => {
              bytes += d.length;
              item.onData(d);
            },
          }));
          const type = item.message[0];
          owner = type === SYNC || type === SIMPLE_QUERY || type === TERMINATE || type === UNTYPED ? null : item.handlerId;
          this.lastHandlerId = item.handlerId;
          item.resolve(bytes);
        } catch (e) {
          owner = null;
          item.reject(e);
        }
      }
    } finally {
      this.processing = false;
    }
  }.bind(q);

  const clear = q.clearQueueForHandler.bind(q);
  q.clearQueueForHandler = (handlerId: number): void => {
    clear(handlerId);
    if (owner === handlerId) {
      owner = null;
      void q.processQueue();
    }
  };
}
