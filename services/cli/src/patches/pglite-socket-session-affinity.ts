/**
 * PATCH of a third-party package's private code, kept apart so it is easy to find and to drop.
 *
 * Package:  @electric-sql/pglite-socket, exactly PGLITE_SOCKET_VERSION below (pinned in
 *           services/cli/package.json; start-up refuses any other installed version).
 * What:     replaces the private `queryQueue.processQueue` (and wraps `clearQueueForHandler`)
 *           of a PGLiteSocketServer at run time.
 * Why:      upstream issue https://github.com/electric-sql/pglite/issues/1046 (fix pending in
 *           https://github.com/electric-sql/pglite/pull/977): an extended-protocol exchange
 *           outside a transaction interleaves with another connection's.
 * Test:     e2e/src/embedded-postgres.test.ts, "extended-protocol exchanges of different
 *           connections never cross" (fails without this patch); the version check is tested in
 *           ./pglite-socket-session-affinity.test.ts.
 * Upgrading pglite-socket: read the new queue code; if upstream fixed #1046, delete this file
 *           and its call in embedded/postgres.ts; else port the patch and bump the pin, and
 *           run the e2e test above.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CliError } from '../errors.js';

const PACKAGE = '@electric-sql/pglite-socket';
/** The version whose private queue this patch was written against and tested with. */
export const PGLITE_SOCKET_VERSION = '0.2.17';
const THIS_FILE = 'services/cli/src/patches/pglite-socket-session-affinity.ts';

/** The installed pglite-socket is not the one the patch was written for, or its internals moved. */
export class PatchMismatchError extends CliError {
  constructor(readonly installed: string, detail: string) {
    super(
      'PATCH_MISMATCH',
      `${PACKAGE} ${installed} is installed, but ${THIS_FILE} patches the private query queue of ${PGLITE_SOCKET_VERSION}${detail}. ` +
        `Review that patch against the installed version (upstream issue electric-sql/pglite#1046 may be fixed), ` +
        `then update PGLITE_SOCKET_VERSION there and the pin in services/cli/package.json, and run the e2e test ` +
        `"extended-protocol exchanges of different connections never cross" (e2e/src/embedded-postgres.test.ts).`,
    );
    this.name = 'PatchMismatchError';
  }
}

/** The version of the pglite-socket this process loads (its package.json is not exported, so found from its entry). */
export function installedPgliteSocketVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve(PACKAGE));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === PACKAGE && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // no package.json at this level
    }
    const up = dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
  }
}

/** Throws PatchMismatchError unless `installed` is the version the patch was written for. */
export function checkPatchedVersion(installed: string = installedPgliteSocketVersion()): void {
  if (installed !== PGLITE_SOCKET_VERSION) throw new PatchMismatchError(installed, '');
}

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
  checkPatchedVersion();
  const q = (server as unknown as { queryQueue?: QueueInternals }).queryQueue;
  if (!q || typeof q.processQueue !== 'function' || !Array.isArray(q.queue)) {
    throw new PatchMismatchError(PGLITE_SOCKET_VERSION, ', and its server has no queryQueue with processQueue and queue any more');
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
