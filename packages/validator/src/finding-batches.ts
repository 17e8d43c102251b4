import type { Finding } from "./finding";

/**
 * Sends findings from a worker thread in batches, with flow control: at most `window` batches
 * are unacknowledged at a time, and `add` waits while that many are. The receiving thread
 * acknowledges a batch once it has put it away (on disk, or passed on), so a worker finding
 * a problem on every line cannot pile findings up in the receiver's memory. Used by the
 * validator's part workers and by `parley validate`'s file workers alike.
 */
export class FindingBatches {
  private batch: Finding[] = [];
  private unacknowledged = 0;
  private acknowledged: (() => void) | undefined;

  constructor(
    /** Posts one batch to the receiving thread. */
    private readonly post: (findings: Finding[]) => void,
    private readonly size = 1000,
    private readonly window = 2,
  ) {}

  /** Adds a finding; returns a promise (to await) only when the window is full. */
  add(finding: Finding): Promise<void> | undefined {
    this.batch.push(finding);
    return this.batch.length >= this.size ? this.flush() : undefined;
  }

  /** Sends what is batched; waits while the window is full. */
  async flush(): Promise<void> {
    if (this.batch.length > 0) {
      this.post(this.batch);
      this.batch = [];
      this.unacknowledged++;
    }
    while (this.unacknowledged >= this.window)
      await new Promise<void>((resolve) => {
        this.acknowledged = resolve;
      });
  }

  /** Drops the findings not sent yet (their run failed; the next starts afresh). */
  discard(): void {
    this.batch = [];
  }

  /** The receiver put a batch away. */
  acknowledge(): void {
    this.unacknowledged--;
    this.acknowledged?.();
    this.acknowledged = undefined;
  }
}
