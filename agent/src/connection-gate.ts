/**
 * Whether NATS is connected right now. Publishing waits here while it is not: a request made
 * during a reconnect sits in the client's buffer and may time out even after NATS is back,
 * whereas one made just after the reconnect goes straight through.
 */
export class ConnectionGate {
  private connected = true;
  private waiters: Array<() => void> = [];

  private onDown: Array<() => void> = [];

  /** Whether the client believes it is connected (it learns of a dead server when the socket closes). */
  get isConnected(): boolean {
    return this.connected;
  }

  /** Calls `fn` now if disconnected, else at the next disconnect (once). */
  whenDown(fn: () => void): void {
    if (!this.connected) fn();
    else this.onDown.push(fn);
  }

  set(connected: boolean): void {
    this.connected = connected;
    if (!connected) {
      const down = this.onDown;
      this.onDown = [];
      for (const f of down) f();
      return;
    }
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Resolves when connected, or as soon as the signal aborts. */
  ready(signal: AbortSignal): Promise<void> {
    if (this.connected || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }
}
