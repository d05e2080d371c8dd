/**
 * Runs an async task now and then every `intervalMs`, never two runs at once: a slow run (a
 * hanging nvidia-smi) skips ticks instead of piling up processes. stop() waits for a run in
 * progress.
 */
export class Periodic {
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private stoppedFlag = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
  }

  async stop(): Promise<void> {
    this.stoppedFlag = true;
    if (this.timer !== null) clearInterval(this.timer);
    await this.inFlight;
  }

  get stopped(): boolean {
    return this.stoppedFlag;
  }

  private tick(): void {
    if (this.inFlight !== null || this.stoppedFlag) return;
    this.inFlight = this.task().finally(() => (this.inFlight = null));
  }
}
