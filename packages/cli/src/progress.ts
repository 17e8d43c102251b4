import cliProgress from "cli-progress";
import type { OutputStream } from "./context";

/**
 * The progress line of `parley validate` on a terminal: bytes read (with a bar when the total
 * is known), records and records per second. Drawn on stderr so that it never mixes with a
 * report on stdout, and only when stderr is a TTY (not in CI logs, not in pipes).
 */
export class ProgressDisplay {
  private readonly bar: cliProgress.SingleBar;
  private readonly started = Date.now();
  private readonly perInput = new Map<number, { bytes: number; records: number }>();
  private active = false;

  constructor(
    stream: OutputStream,
    private readonly totalBytes: number | undefined,
  ) {
    const known = totalBytes !== undefined && totalBytes > 0;
    this.bar = new cliProgress.SingleBar({
      stream: stream as NodeJS.WritableStream,
      format: known
        ? "validating {bar} {percentage}% | {mb}/{totalMb} MB | {records} records | {rate} records/s"
        : "validating {mb} MB | {records} records | {rate} records/s",
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      stopOnComplete: false,
      fps: 8,
      noTTYOutput: false,
    });
  }

  start(): void {
    this.active = true;
    this.bar.start(this.totalBytes ?? 1, 0, this.payload(0, 0));
    // The bar hides the cursor; Ctrl-C must not leave the terminal without one.
    process.once("SIGINT", this.interrupted);
  }

  private readonly interrupted = () => {
    this.stop();
    process.exit(130);
  };

  /** Progress of one input (by its position among the inputs). */
  update(input: number, bytes: number, records: number): void {
    if (!this.active) return;
    this.perInput.set(input, { bytes, records });
    let allBytes = 0;
    let allRecords = 0;
    for (const p of this.perInput.values()) {
      allBytes += p.bytes;
      allRecords += p.records;
    }
    const value = this.totalBytes ? Math.min(allBytes, this.totalBytes) : 0;
    this.bar.update(value, this.payload(allBytes, allRecords));
  }

  stop(): void {
    if (!this.active) return;
    this.active = false;
    process.off("SIGINT", this.interrupted);
    this.bar.stop();
  }

  private payload(bytes: number, records: number) {
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001);
    return {
      mb: (bytes / 1e6).toFixed(1),
      totalMb: ((this.totalBytes ?? 0) / 1e6).toFixed(1),
      records: records.toLocaleString("en-US"),
      rate: Math.round(records / seconds).toLocaleString("en-US"),
    };
  }
}
