/**
 * One part of `validateFile(…, { jobs })`: a byte range of an NDJSON file validated on its own,
 * in a worker thread (worker.ts) or on the coordinator's own thread (its first lane, so that
 * N-way validation runs N isolates, not N + 1). Also how a part's remaining bytes are handed
 * to a thread that has finished its own: the coordinator asks for a cut through shared memory,
 * the part's reader makes it at the next line start it has not read yet, and reads no further.
 */
import type { DatasetRulesState } from "./dataset/merge-state";
import { type PartOptions, Run } from "./engine";
import { lineStartFrom, rangeChunksInOneBuffer } from "./file-reading";
import type { Finding, ValidationSummary } from "./finding";
import type { ValidateOptions } from "./options";
import { fileLocator } from "./record-locator";

/** What the coordinator sends a worker. */
export interface PartRequest {
  path: string;
  start: number;
  end: number;
  options: ValidateOptions;
  part: PartOptions;
  /** Shared with the coordinator: see `SplitControl`. */
  control?: SharedArrayBuffer;
  /** Bytes per read (default 1 MiB): a part can be cut only between reads. */
  readBytes?: number;
}

/** What a part's worker settles besides its findings: totals, line count, ids and pending checks. */
export interface PartOutcome {
  summary: ValidationSummary;
  linesRead: number;
  invalid: number[];
  state: DatasetRulesState;
}

/**
 * Four numbers shared by the coordinator and the thread reading a part: the offset the part's
 * reader has read up to (written by the reader before each read), the offset the coordinator
 * would like it to stop at (0: none; cleared by the reader when it answers), and the bytes and
 * records the part has validated so far (for a progress bar: the thread validating a part may
 * be another one than the coordinator's, which cannot call a function there).
 */
export class SplitControl {
  readonly shared: BigInt64Array;

  constructor(buffer = new SharedArrayBuffer(32)) {
    this.shared = new BigInt64Array(buffer);
  }

  /** The validating thread's side: how far the part's validation has got. */
  progress(bytes: number, records: number): void {
    Atomics.store(this.shared, 2, BigInt(bytes));
    Atomics.store(this.shared, 3, BigInt(records));
  }

  /** Bytes of the part validated so far. */
  get bytesValidated(): number {
    return Number(Atomics.load(this.shared, 2));
  }

  /** Records of the part validated so far. */
  get recordsValidated(): number {
    return Number(Atomics.load(this.shared, 3));
  }

  get buffer(): SharedArrayBuffer {
    return this.shared.buffer as SharedArrayBuffer;
  }

  /** Where the part's reader is: every byte before it is read. */
  get position(): number {
    return Number(Atomics.load(this.shared, 0));
  }

  /** Coordinator: asks the reader to stop at the first line start at or after `offset`. */
  request(offset: number): void {
    Atomics.store(this.shared, 1, BigInt(offset));
  }

  /**
   * The reader's side, for `rangeChunksInOneBuffer`: publishes its position and, when a cut
   * was asked for, makes it (at a line start it has not read, never before `pos`) and tells
   * `cut` where — its own end if nothing is left to hand over.
   */
  limit(path: string, cut: (offset: number) => void): (pos: number, end: number) => number {
    return (pos, end) => {
      Atomics.store(this.shared, 0, BigInt(pos));
      const wanted = Number(Atomics.exchange(this.shared, 1, 0n));
      if (wanted <= 0) return end;
      const at = wanted >= end ? end : lineStartFrom(path, Math.max(wanted, pos), end);
      cut(at);
      return at;
    };
  }
}

/**
 * Validates one part: `emit` gets each finding (a returned promise is waited for), and `cut`
 * hears of a cut asked for through the request's control (see SplitControl).
 */
export async function validatePart(
  request: PartRequest,
  emit: (finding: Finding) => Promise<void> | undefined,
  cut: (offset: number) => void = () => {},
): Promise<PartOutcome> {
  const control = request.control ? new SplitControl(request.control) : undefined;
  const run = new Run(
    control
      ? {
          ...request.options,
          onProgress: ({ bytes, records }) => control.progress(bytes, records),
        }
      : request.options,
    request.part,
  );
  // Findings settled after their record was read (a format check, when the format comes later)
  // are positioned by re-reading the record, rather than every candidate being located ahead.
  const locator = fileLocator(request.path, run.limits);
  run.datasetRules.locator = locator;
  const limit = control?.limit(request.path, cut);
  try {
    for await (const finding of run.iterate(
      rangeChunksInOneBuffer(request.path, request.start, request.end, limit, request.readBytes),
      () => {},
      () => {},
    )) {
      const waiting = emit(finding);
      if (waiting) await waiting;
    }
  } finally {
    locator.close();
  }
  control?.progress(run.bytes, run.records);
  return {
    summary: run.summary(),
    linesRead: run.linesRead,
    invalid: run.findings.invalidRecordIndexes(),
    // biome-ignore lint/style/noNonNullAssertion: a part run always exports its state
    state: run.datasetState!,
  };
}
