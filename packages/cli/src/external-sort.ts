import { type FileHandle, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeScratchDirectory, removeOnExit, scratchError } from "./atomic-output";
import { CliError, describeFsError } from "./errors";
import { ExitCode } from "./exit-codes";

/** Bytes read at a time from each run when merging (default). */
const READ_BYTES = 64 * 1024;
/**
 * Runs merged at once (default). A merge holds a read buffer, its decoded text and its lines
 * for each run (~3 × `readBytes`); past this many runs, groups of them are first merged into
 * one run each, so that what a merge holds does not grow with the number of items.
 */
const FAN_IN = 64;
/** Characters of merged lines written at a time by an intermediate merge. */
const WRITE_CHARS = 1024 * 1024;

/** How an external sort keeps its items as text lines, and how much of them it holds. */
export interface ExternalSortOptions<T> {
  /** The order out; items that compare equal keep the order they were added in. */
  compare: (a: T, b: T) => number;
  /** One line of text (no newline in it), and back. */
  encode: (item: T) => string;
  decode: (line: string) => T;
  /**
   * Complete lines (joined by newlines, none at the end) back to items at once; default: each
   * line through `decode`. A faster whole-piece decoding (one JSON.parse) goes here.
   */
  decodeLines?: (text: string) => T[];
  /** Held in memory before a sorted run goes to disk, in units of `weight` (default: items). */
  runSize: number;
  /** What an item counts against `runSize` (default 1: runSize counts items). */
  weight?: (item: T) => number;
  /** Prefix of the temporary directory's name. */
  name: string;
  /** Where the temporary directory goes (default: the system's temporary directory). */
  parent?: string;
  /**
   * The folder an error names when the temporary file cannot be written or read (default:
   * `parent`): the one the user can change (TMPDIR), not a run's own scratch directory inside
   * it, which is gone by the time the error is printed.
   */
  userFolder?: string;
  /** Bytes read at a time from each run when merging (default 64 KiB): memory per run. */
  readBytes?: number;
  /**
   * Runs merged at once (default 64): with more, groups of runs are merged into one first (an
   * extra pass over their lines on disk) so that a merge's memory stays bounded.
   */
  fanIn?: number;
  /** What this sort holds counts against a budget shared with other sorts (see SpillBudget). */
  budget?: SpillBudget;
}

/**
 * Lines of JSON values (one a line, as a run holds them) joined into one JSON array and parsed
 * at once: one `JSON.parse` for a whole read instead of one a line.
 */
export function parseJsonLines<T>(text: string): T[] {
  return JSON.parse(`[${text.replaceAll("\n", ",")}]`) as T[];
}

/** A sort as a SpillBudget sees it. */
interface BudgetHolder {
  /** What it holds in memory, in its `weight` units. */
  readonly held: number;
  /** Writes what it holds to disk as a run. */
  spill(): Promise<void>;
}

/**
 * What several sorts hold in memory at once, bounded together: when their batches pass `limit`
 * (in `weight` units), the sort holding most writes its batch to disk as a run. A report keeps
 * one sort of findings per input until every input is validated, and each holds up to its own
 * `runSize` before it spills: alone, memory grew with the number of inputs (200 inputs of 5,000
 * findings peaked at 707 MB, one input with the same 1,000,000 at 221 MB). Input by input, a
 * finished input's sort is the largest and goes to disk whole, as one run.
 *
 * Memory is bounded, not the number of runs: past the limit, with many inputs of a few findings
 * each, each further input writes its few findings as a run of its own (a folder, a file, a
 * write; ~0.4 ms an input measured with 5,000 inputs of 3 findings, against 0.02 ms in memory).
 *
 * The CLI keeps one budget of each kind for the process (finding-spool.ts, bounded-validation.ts):
 * it bounds the process's memory, so runs of `run()` embedded side by side in one process share
 * it, and a spool that is never disposed keeps counting against it.
 */
export class SpillBudget {
  private heldTotal = 0;
  private readonly holders = new Set<BudgetHolder>();

  constructor(readonly limit: number) {}

  /** `holder` may be asked to spill from now on, until it `leave`s. */
  join(holder: BudgetHolder): void {
    this.holders.add(holder);
  }

  /** `weight` more is held by one of the holders. */
  hold(weight: number): void {
    this.heldTotal += weight;
  }

  /** Whether the sorts hold the limit or more. */
  get over(): boolean {
    return this.heldTotal >= this.limit;
  }

  /** Has the sort holding most write its batch to disk; the write to wait for. */
  spillLargest(): Promise<void> {
    let largest: BudgetHolder | undefined;
    for (const holder of this.holders) if (!largest || holder.held > largest.held) largest = holder;
    return largest ? largest.spill() : Promise.resolve();
  }

  /** `weight` held by one of the holders was written away or dropped. */
  release(weight: number): void {
    this.heldTotal -= weight;
  }

  /** `holder` holds nothing any more and is not asked again. */
  leave(holder: BudgetHolder): void {
    this.holders.delete(holder);
  }
}

interface Run {
  start: number;
  end: number;
}

/** The sorted runs of a detached sort: byte ranges of one file in its own directory. */
export interface SortedRuns {
  directory: string;
  path: string;
  runs: Run[];
}

/** A run to merge: a byte range of an open file. */
interface RunSource {
  file: FileHandle;
  run: Run;
}

/** Merges sorted runs with a binary heap; ties keep the order of the readers, as a stable sort. */
async function* mergeRuns<T>(
  readers: RunReader<T>[],
  compare: (a: T, b: T) => number,
): AsyncGenerator<T> {
  const heap: Array<{ item: T; reader: RunReader<T> }> = [];
  const less = (a: number, b: number) => {
    const x = heap[a] as (typeof heap)[number];
    const y = heap[b] as (typeof heap)[number];
    const order = compare(x.item, y.item);
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
    const item = await reader.next();
    if (item !== undefined) {
      heap.push({ item, reader });
      up(heap.length - 1);
    }
  }
  while (heap.length > 0) {
    const top = heap[0] as (typeof heap)[number];
    yield top.item;
    let following = top.reader.next();
    if (following instanceof Promise) following = await following;
    if (following !== undefined) {
      top.item = following;
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

/**
 * Items in any order in, in `compare` order out, with memory bounded whatever their number:
 * an external merge sort. Items are collected in memory up to `runSize`; each full batch is
 * sorted and appended to one temporary file as a run (a line an item); reading merges the runs
 * with a binary heap and one small read buffer per run. Fewer items never touch the disk.
 *
 * One sort for the CLI: the findings of a report (FindingSpool) and the stage lines of a
 * bounded-memory validation (bounded-validation.ts) both go through it.
 */
export class ExternalSort<T> implements BudgetHolder {
  private batch: T[] = [];
  private batchWeight = 0;
  private readonly runs: Run[] = [];
  private file: FileHandle | undefined;
  private directory: string | undefined;
  private written = 0;
  private release: (() => void) | undefined;
  private closed = false;
  /** Runs are written one after another (a budget may ask for one while another is written). */
  private writing: Promise<void> = Promise.resolve();
  /** Iterations of `sorted()` under way: the file stays open while one reads it. */
  private reading = 0;

  constructor(private readonly o: ExternalSortOptions<T>) {
    o.budget?.join(this);
  }

  /** What it holds in memory, in `weight` units. */
  get held(): number {
    return this.batchWeight;
  }

  /** Adds an item; returns a promise only when a run has to be written (await it then). */
  add(item: T): Promise<void> | undefined {
    if (this.closed) throw new Error(`${this.o.name}: add after dispose`);
    this.batch.push(item);
    const weight = this.o.weight ? this.o.weight(item) : 1;
    this.batchWeight += weight;
    const budget = this.o.budget;
    budget?.hold(weight);
    if (this.batchWeight >= this.o.runSize) return this.flush();
    return budget?.over ? budget.spillLargest() : undefined;
  }

  /** Writes what it holds to disk as a run (a SpillBudget asks it to). */
  spill(): Promise<void> {
    return this.flush();
  }

  /** Adds many, spilling as it goes. */
  async addAll(items: Iterable<T>): Promise<void> {
    for (const item of items) {
      const spilling = this.add(item);
      if (spilling) await spilling;
    }
  }

  private flush(): Promise<void> {
    if (this.batch.length === 0) return this.writing;
    const batch = this.batch.sort(this.o.compare);
    this.o.budget?.release(this.batchWeight);
    this.batch = [];
    this.batchWeight = 0;
    this.writing = this.writing.then(async () => {
      this.runs.push(await this.writeRun(batch));
      // Between runs the file is closed unless it is being read: a run of thousands of inputs
      // that each spilled would otherwise hold a descriptor each until its report.
      if (this.reading === 0) await this.closeFile();
    });
    return this.writing;
  }

  private async closeFile(): Promise<void> {
    const file = this.file;
    this.file = undefined;
    await file?.close();
  }

  /** The folder named in errors about the temporary file. */
  private get userFolder(): string {
    return this.o.userFolder ?? this.o.parent ?? tmpdir();
  }

  /** The temporary file, created at the first run, opened again after it was closed. */
  private async runsFile(): Promise<FileHandle> {
    if (this.file) return this.file;
    try {
      if (this.directory) {
        this.file = await open(join(this.directory, "runs"), "r+");
        return this.file;
      }
      this.directory = await makeScratchDirectory(`${this.o.name}-`, this.o.parent ?? tmpdir());
      this.release = removeOnExit(this.directory);
      this.file = await open(join(this.directory, "runs"), "w+");
      return this.file;
    } catch (error) {
      // A missing or full TMPDIR is the user's to fix (exit 3), not a bug.
      throw scratchError(error, this.userFolder);
    }
  }

  /**
   * Writes items (in order) as one run at the end of the temporary file. Only the file's own
   * creation and writes are reported as "cannot write": a merge's reads of other runs, which
   * `items` may be, fail as reads (`RunReader`).
   */
  private async writeRun(items: Iterable<T> | AsyncIterable<T>): Promise<Run> {
    const file = await this.runsFile();
    const start = this.written;
    // Written in slices: one string of a whole run could pass V8's string limit.
    let text = "";
    const append = (item: T): Promise<void> | undefined => {
      text += `${this.o.encode(item)}\n`;
      if (text.length < WRITE_CHARS) return undefined;
      const slice = text;
      text = "";
      return this.write(file, slice);
    };
    // A batch (an array) is looped over synchronously: `for await` would cost a turn of the
    // microtask queue per item, every stage line and finding of a run; only a merge's
    // output (an async generator) needs it.
    if (Symbol.iterator in items)
      for (const item of items) {
        const writing = append(item);
        if (writing) await writing;
      }
    else
      for await (const item of items) {
        const writing = append(item);
        if (writing) await writing;
      }
    if (text !== "") await this.write(file, text);
    return { start, end: this.written };
  }

  private async write(file: FileHandle, text: string): Promise<void> {
    const bytes = Buffer.from(text, "utf8");
    try {
      await file.write(bytes, 0, bytes.length, this.written);
    } catch (error) {
      // A full disk is the user's to fix (exit 3), not a bug.
      throw scratchError(error, this.userFolder);
    }
    this.written += bytes.length;
  }

  /**
   * The items in order, with the runs of other sorts (`detach`ed, in other threads) merged in.
   * May be iterated more than once; no item may be added after the first iteration.
   */
  async *sorted(others: readonly SortedRuns[] = []): AsyncGenerator<T> {
    // A run a budget asked for may still be being written.
    await this.writing;
    if (this.runs.length === 0 && others.length === 0) {
      this.batch.sort(this.o.compare);
      yield* this.batch;
      return;
    }
    await this.flush();
    const opened: FileHandle[] = [];
    this.reading++;
    try {
      const own = this.runs.length > 0 ? await this.runsFile() : undefined;
      let sources: RunSource[] = own ? this.runs.map((run) => ({ file: own, run })) : [];
      for (const other of others) {
        const file = await open(other.path, "r");
        opened.push(file);
        for (const run of other.runs) sources.push({ file, run });
      }
      sources = await this.narrow(sources);
      // Without other sorts' runs, every run is this sort's own: the narrowing is done once.
      if (others.length === 0) this.runs.splice(0, this.runs.length, ...sources.map((s) => s.run));
      yield* mergeRuns(this.readers(sources), this.o.compare);
    } finally {
      await Promise.all(opened.map((file) => file.close()));
      if (--this.reading === 0 && !this.closed) await this.closeFile();
    }
  }

  private readers(sources: readonly RunSource[]): RunReader<T>[] {
    const readBytes = this.o.readBytes ?? READ_BYTES;
    const decode = this.o.decode;
    const decodeLines = this.o.decodeLines ?? ((text: string) => text.split("\n").map(decode));
    const folder = this.userFolder;
    return sources.map(
      ({ file, run }) => new RunReader<T>(file, run, decodeLines, readBytes, folder),
    );
  }

  /**
   * At most `fanIn` runs, by merging neighbours into runs at the end of this sort's file: the
   * fewest that bring the count down to `fanIn` if one merge can, else every group of `fanIn`
   * (and again). Neighbours only, so that equal items keep the order of their runs.
   */
  private async narrow(sources: RunSource[]): Promise<RunSource[]> {
    const fanIn = Math.max(2, this.o.fanIn ?? FAN_IN);
    while (sources.length > fanIn) {
      const joined = sources.length - fanIn + 1;
      const size = Math.min(joined, fanIn);
      const groups = joined <= fanIn ? 1 : Math.ceil(sources.length / fanIn);
      const next: RunSource[] = [];
      for (let g = 0; g < groups; g++) {
        const group = sources.slice(g * size, (g + 1) * size);
        if (group.length === 1) {
          next.push(group[0] as RunSource);
          continue;
        }
        const run = await this.writeRun(mergeRuns(this.readers(group), this.o.compare));
        next.push({ file: this.file as FileHandle, run });
      }
      next.push(...sources.slice(groups * size));
      sources = next;
    }
    return sources;
  }

  /**
   * Writes what is held as a last run and hands the runs over (to another thread, which merges
   * them with `sorted(others)` and removes the directory): this sort forgets them.
   */
  async detach(): Promise<SortedRuns | undefined> {
    await this.flush();
    this.o.budget?.leave(this);
    if (!this.directory) return undefined;
    await this.closeFile();
    const runs: SortedRuns = {
      directory: this.directory,
      path: join(this.directory, "runs"),
      runs: [...this.runs],
    };
    this.file = undefined;
    this.directory = undefined;
    this.closed = true;
    this.release?.();
    return runs;
  }

  /** Removes the temporary file. Safe to call more than once. */
  async dispose(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.o.budget?.release(this.batchWeight);
    this.o.budget?.leave(this);
    this.batch = [];
    this.batchWeight = 0;
    await this.writing.catch(() => {});
    await this.file?.close().catch(() => {});
    if (this.directory) await rm(this.directory, { recursive: true, force: true });
    this.release?.();
  }
}

/**
 * Reads one run of the temporary file back: `readBytes` at a time, each piece decoded once and
 * all its complete lines decoded at once (`decodeLines`), so that handing out the next item is
 * an array read (a report of a million findings took one async step, one decode and one parse
 * per finding).
 */
class RunReader<T> {
  order = 0;
  private position: number;
  /**
   * The bytes read and not decoded yet start the buffer: `carried` of them, the start of a line
   * whose end is not read yet. Only complete lines are decoded (a newline is never inside a
   * character), so each piece is one `toString` rather than a streaming decoder's pass.
   */
  private carried = 0;
  private parsed: T[] = [];
  private next_ = 0;
  private buffer: Buffer | undefined;

  constructor(
    private readonly file: FileHandle,
    private readonly run: Run,
    private readonly decodeLines: (text: string) => T[],
    private readonly readBytes: number,
    /** Named when the file cannot be read back. */
    private readonly folder: string,
  ) {
    this.position = run.start;
  }

  /** The next item of the run; a promise only when more of the file must be read first. */
  next(): T | undefined | Promise<T | undefined> {
    if (this.next_ < this.parsed.length) return this.parsed[this.next_++];
    return this.position < this.run.end ? this.readMore() : undefined;
  }

  private async readMore(): Promise<T | undefined> {
    while (this.next_ >= this.parsed.length && this.position < this.run.end) {
      // One buffer a run, reused; doubled only while the line carried over fills half of it.
      let buffer =
        this.buffer ?? Buffer.allocUnsafe(Math.min(this.readBytes, this.run.end - this.position));
      while (2 * this.carried > buffer.length) {
        const grown = Buffer.allocUnsafe(2 * buffer.length);
        buffer.copy(grown, 0, 0, this.carried);
        buffer = grown;
      }
      this.buffer = buffer;
      const length = Math.min(buffer.length - this.carried, this.run.end - this.position);
      const { bytesRead } = await this.file
        .read(buffer, this.carried, length, this.position)
        .catch((error: unknown) => {
          throw scratchReadError(error, this.folder);
        });
      if (bytesRead <= 0) throw new Error("external sort: the temporary file was cut short");
      this.position += bytesRead;
      const filled = this.carried + bytesRead;
      // A run ends with a newline: at its end nothing is left over.
      const cut = buffer.lastIndexOf(10, filled - 1);
      this.carried = filled - (cut + 1);
      if (this.position >= this.run.end && this.carried !== 0)
        throw new Error("external sort: a run ends mid-line");
      this.parsed = cut < 0 ? [] : this.decodeLines(buffer.toString("utf8", 0, cut));
      if (cut >= 0) buffer.copy(buffer, 0, cut + 1, filled);
      this.next_ = 0;
    }
    // At its end a run lets go of its buffer (a merge of many runs ends them one by one).
    if (this.position >= this.run.end) this.buffer = undefined;
    return this.next_ < this.parsed.length ? this.parsed[this.next_++] : undefined;
  }
}

/**
 * A temporary file that cannot be read back (EIO, a TMPDIR on a network file system gone): exit
 * 3 naming the folder, as a write that fails (`scratchError`); any other error unchanged.
 */
function scratchReadError(error: unknown, folder: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (error instanceof CliError || typeof code !== "string" || !/^E[A-Z]+$/.test(code))
    return error;
  return new CliError(
    `cannot read temporary files back in '${folder}': ${describeFsError(error)}`,
    ExitCode.Unreadable,
    "Set TMPDIR to a local folder with room to write.",
  );
}
