import { type FileHandle, mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compareFindings, type Finding } from "@parley/validator";
import { removeOnExit } from "./atomic-output";

/**
 * Findings kept in memory before a sorted run of them goes to disk. ~10 k findings are a few
 * MB of objects; the runs are merged back with one small read buffer each.
 */
const DEFAULT_RUN_SIZE = 10_000;
/** Bytes read at a time from each run when merging. */
const READ_BYTES = 64 * 1024;

/** Findings in report order, as the reports read them: a FindingSpool, or the report stage's. */
export interface SortedFindings {
  /** Findings by rule id (what the caps count when none is set). */
  readonly byRule: ReadonlyMap<string, number>;
  /** May be iterated more than once. */
  sorted(): AsyncIterable<Finding>;
}

interface Run {
  start: number;
  end: number;
}

/**
 * The findings of one input, in any order in, in report order (`compareFindings`) out, with
 * memory bounded whatever their number: an external merge sort. Findings are collected in
 * memory up to `runSize`; each full batch is sorted and appended to a temporary file as one
 * run (NDJSON); reading merges the runs. An input with fewer findings never touches the disk.
 *
 * The validator emits findings mostly in input order, but cross-record findings (unresolved
 * references, duplicates settled at the end) come last, so the report order needs a sort; a
 * million findings held as objects would take about a gigabyte.
 */
export class FindingSpool<T extends { ruleId: string } = Finding> {
  private batch: T[] = [];
  private readonly runs: Run[] = [];
  private file: FileHandle | undefined;
  private directory: string | undefined;
  private written = 0;
  private release: (() => void) | undefined;
  private closed = false;
  /** Findings added. */
  count = 0;
  /** Findings added, by rule id. */
  readonly byRule = new Map<string, number>();

  /**
   * `compare`: the report order; findings that compare equal keep the order they were added in.
   * Another type than `Finding` (with its own order) spools what is not a finding yet: the
   * report stage's findings, placed in their file only once every part is known.
   */
  constructor(
    private readonly runSize = DEFAULT_RUN_SIZE,
    private readonly compare: (a: T, b: T) => number = compareFindings as unknown as (
      a: T,
      b: T,
    ) => number,
  ) {}

  /** Adds a finding; returns a promise only when a run has to be written (await it then). */
  add(finding: T): Promise<void> | undefined {
    if (this.closed) throw new Error("finding spool: add after dispose");
    this.batch.push(finding);
    this.count++;
    this.byRule.set(finding.ruleId, (this.byRule.get(finding.ruleId) ?? 0) + 1);
    return this.batch.length >= this.runSize ? this.flush() : undefined;
  }

  /** Adds many (the findings a worker thread sent back), spilling as it goes. */
  async addAll(findings: Iterable<T>): Promise<void> {
    for (const finding of findings) {
      const spilling = this.add(finding);
      if (spilling) await spilling;
    }
  }

  private async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const batch = this.batch.sort(this.compare);
    this.batch = [];
    if (!this.file) {
      this.directory = await mkdtemp(join(tmpdir(), "parley-findings-"));
      this.release = removeOnExit(this.directory);
      this.file = await open(join(this.directory, "findings.ndjson"), "w+");
    }
    const start = this.written;
    // Written in slices: one string of 10 k findings is a few MB, well under V8's string limit.
    for (let k = 0; k < batch.length; k += 1000) {
      let text = "";
      for (const finding of batch.slice(k, k + 1000)) text += `${JSON.stringify(finding)}\n`;
      const bytes = Buffer.from(text, "utf8");
      await this.file.write(bytes, 0, bytes.length, this.written);
      this.written += bytes.length;
    }
    this.runs.push({ start, end: this.written });
  }

  /**
   * The findings in report order. May be iterated more than once (the caps are counted in a
   * first pass when the user set any); no finding may be added after the first iteration.
   */
  async *sorted(): AsyncGenerator<T> {
    if (this.runs.length === 0) {
      this.batch.sort(this.compare);
      yield* this.batch;
      return;
    }
    await this.flush();
    const file = this.file as FileHandle;
    const readers = this.runs.map((run) => new RunReader<T>(file, run));
    // A binary heap of the runs' current findings, smallest first.
    const heap: Array<{ finding: T; reader: RunReader<T> }> = [];
    const less = (a: number, b: number) => {
      const x = heap[a] as (typeof heap)[number];
      const y = heap[b] as (typeof heap)[number];
      // Ties keep the order the findings were added in (runs in order), as a stable sort would.
      const order = this.compare(x.finding, y.finding);
      return order < 0 || (order === 0 && x.reader.order < y.reader.order);
    };
    const swap = (a: number, b: number) => {
      const t = heap[a] as (typeof heap)[number];
      heap[a] = heap[b] as (typeof heap)[number];
      heap[b] = t;
    };
    const up = (i: number) => {
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!less(i, parent)) return;
        swap(i, parent);
        i = parent;
      }
    };
    const down = (i: number) => {
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && less(l, m)) m = l;
        if (r < heap.length && less(r, m)) m = r;
        if (m === i) return;
        swap(i, m);
        i = m;
      }
    };
    for (const [order, reader] of readers.entries()) {
      reader.order = order;
      const finding = await reader.next();
      if (finding !== undefined) {
        heap.push({ finding, reader });
        up(heap.length - 1);
      }
    }
    while (heap.length > 0) {
      const top = heap[0] as (typeof heap)[number];
      yield top.finding;
      let following = top.reader.next();
      if (following instanceof Promise) following = await following;
      if (following !== undefined) {
        top.finding = following;
        down(0);
      } else {
        const last = heap.pop() as (typeof heap)[number];
        if (heap.length > 0) {
          heap[0] = last;
          down(0);
        }
      }
    }
  }

  /** Removes the temporary file. Safe to call more than once. */
  async dispose(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.batch = [];
    await this.file?.close().catch(() => {});
    if (this.directory) await rm(this.directory, { recursive: true, force: true });
    this.release?.();
  }
}

/**
 * Reads one run of the spool file back: READ_BYTES at a time, each piece decoded once and all
 * its complete lines parsed at once, so that handing out the next finding is an array read
 * (a report of a million findings took one async step, one decode and one parse per finding).
 */
class RunReader<T> {
  order = 0;
  private position: number;
  private readonly decoder = new TextDecoder();
  /** Text after the last complete line read so far. */
  private partial = "";
  private parsed: T[] = [];
  private next_ = 0;

  constructor(
    private readonly file: FileHandle,
    private readonly run: Run,
  ) {
    this.position = run.start;
  }

  /** The next finding of the run; a promise only when more of the file must be read first. */
  next(): T | undefined | Promise<T | undefined> {
    if (this.next_ < this.parsed.length) return this.parsed[this.next_++];
    return this.position < this.run.end ? this.readMore() : undefined;
  }

  private async readMore(): Promise<T | undefined> {
    while (this.next_ >= this.parsed.length && this.position < this.run.end) {
      const length = Math.min(READ_BYTES, this.run.end - this.position);
      const buffer = Buffer.allocUnsafe(length);
      const { bytesRead } = await this.file.read(buffer, 0, length, this.position);
      if (bytesRead <= 0) throw new Error("finding spool: the temporary file was cut short");
      this.position += bytesRead;
      const last = this.position >= this.run.end;
      const text =
        this.partial + this.decoder.decode(buffer.subarray(0, bytesRead), { stream: !last });
      // A run ends with a newline: at its end nothing is left over.
      const cut = text.lastIndexOf("\n");
      this.partial = text.slice(cut + 1);
      if (last && this.partial !== "") throw new Error("finding spool: a run ends mid-line");
      // One line per finding, joined into one JSON array: one parse for the whole piece.
      this.parsed = cut < 0 ? [] : JSON.parse(`[${text.slice(0, cut).replaceAll("\n", ",")}]`);
      this.next_ = 0;
    }
    return this.next_ < this.parsed.length ? this.parsed[this.next_++] : undefined;
  }
}
