/** Counts free trial slots; the pull loop waits here so it never takes more work than it can run. */
export class Slots {
  private used = 0;
  private waiters: Array<() => void> = [];

  constructor(readonly total: number) {}

  get free(): number {
    return this.total - this.used;
  }

  acquire(): boolean {
    if (this.used >= this.total) return false;
    this.used++;
    return true;
  }

  release(): void {
    if (this.used > 0) this.used--;
    this.wake();
  }

  /** Resolves once a slot is free, or when wake() is called (e.g. because the agent is stopping). */
  async waitForFree(): Promise<void> {
    if (this.free > 0) return;
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
