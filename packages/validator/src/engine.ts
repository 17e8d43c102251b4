/**
 * The validation engine: reads byte chunks, finds records, and runs every check on each.
 *
 * Per record, the FAST PATH is: JSON.parse, then the compiled checker of the record's version
 * (src/generated), then the dataset rules. Everything else is paid only by the records that
 * need it:
 *
 * - Unknown members and duplicate keys (invisible after JSON.parse) are not looked for record
 *   by record. The compiled checker reads only the members the schema knows and sums the
 *   fewest characters any JSON text of them can have (`textLowerBound`). An unknown or a
 *   duplicate member adds at least four characters (`"":0`) that the bound does not account
 *   for, so a record whose text (whitespace outside strings excluded: the JSON document
 *   scanner counts it) is less than four characters longer than the bound has neither. The
 *   other records (strings with escapes, unusual number spellings, and the real problems) go
 *   to the slow path, which decides exactly.
 * - The slow path: the JSON Schema interpreter explains every problem (with pointers) and the
 *   precise tokenizer re-parses the record to position each pointer and to find duplicate and
 *   prototype keys.
 */
import { DatasetRules } from "./dataset/cross-record";
import type { DatasetRulesState } from "./dataset/merge-state";
import { RecordRules } from "./dataset/record-rules";
import type { DatasetRuleSink } from "./dataset/sink";
import { Explainer, type Issue } from "./explain";
import { lastRecordWasAscii, scanRecord } from "./fast-path";
import type { Finding, InputForm, ValidationSummary } from "./finding";
import { FindingsCollector } from "./findings-collector";
import { concat, decompress, firstInvalidUtf8, GzipError, toChunks } from "./input";
import { JsonDocumentScanner } from "./json/document";
import { mayHaveKeyIssues } from "./json/key-issues";
import { type Position, TextPositions } from "./json/position";
import { type PreciseParse, parsePrecise, SURROGATE_ESCAPE } from "./json/tokenizer";
import {
  DEFAULT_LIMITS,
  type Limits,
  type ValidateOptions,
  type ValidationInput,
  type ValidationRun,
} from "./options";
import { NdjsonReader } from "./readers/ndjson";
import type { RecordSink } from "./readers/record-sink";
import {
  RecordCursor,
  type RecordHandleWithPrecise,
  whitespaceOutsideStrings,
} from "./record-cursor";
import type { RuleId } from "./rules";
import {
  LATEST_SCHEMA_VERSION,
  SUPPORTED_SCHEMA_VERSIONS,
  type VersionModule,
  versionModule,
} from "./versions";

/**
 * Fewest characters an unknown or duplicate member adds to a JSON text beyond what the
 * compiled checker accounts for: `"":0` (plus a comma when it has siblings).
 */
const HIDDEN_MEMBER_MIN_CHARS = 4;
const BOM = [0xef, 0xbb, 0xbf];
const SNIFF_LIMIT = 1 << 20;

const explainers = new WeakMap<object, Explainer>();
function explainerFor(
  schema: object,
  defChecks?: Readonly<Record<string, (x: unknown, d: number) => boolean>>,
): Explainer {
  let e = explainers.get(schema);
  if (!e) {
    e = new Explainer(schema as Record<string, unknown>, defChecks);
    explainers.set(schema, e);
  }
  return e;
}

/**
 * The byte-level fast path gives up on a file (for good) when, at any record from the
 * FAST_PATH_PROBE-th on, more than one in FAST_PATH_MAX_MISSES of the records so far was left
 * to the exact path (on the bench's file with 10 % broken records the scan then the exact
 * path cost 1.4x the exact path alone). Each part of a split file probes on its own.
 */
const FAST_PATH_PROBE = 2000;
const FAST_PATH_MAX_MISSES = 20;

export function runValidation(input: ValidationInput, options: ValidateOptions): ValidationRun {
  let resolveSummary!: (s: ValidationSummary) => void;
  let rejectSummary!: (e: unknown) => void;
  const summary = new Promise<ValidationSummary>((resolve, reject) => {
    resolveSummary = resolve;
    rejectSummary = reject;
  });
  // A consumer that never awaits the summary must not see an unhandled rejection.
  summary.catch(() => {});
  let started = false;
  return {
    summary,
    [Symbol.asyncIterator]() {
      if (started) throw new Error("A validation run can be iterated only once");
      started = true;
      const run = new Run(options);
      return run.iterate(input, resolveSummary, rejectSummary)[Symbol.asyncIterator]();
    },
  };
}

/** One byte range of an NDJSON file, validated on its own and merged later (worker threads). */
export interface PartOptions {
  /** Byte offset of the range in the file: findings carry absolute offsets. */
  baseOffset: number;
  /** False for the first part (it may hold the BOM and the header line). */
  continuation: boolean;
  /** The dataset's version as read from the header by the coordinator (continuation parts). */
  version: string | null;
  /**
   * A later part of a file cut for worker threads: settle references (and format links) to ids
   * this part defines here, but note each that passes with the record it was settled against,
   * and leave what fails to the merger. An earlier part may define the same id first, and then
   * the reference means that record, as it does in one process: the merger re-checks the uses
   * of such ids (rare), not every reference (see DatasetRulesState.localUseData).
   */
  logLocalUses?: boolean;
}

export class Run implements RecordSink {
  readonly file: string;
  readonly limits: Limits;
  /** Every finding goes through it: severities, counts, invalid records, caps. */
  readonly findings: FindingsCollector;
  records = 0;
  readonly recordsByType: Record<string, number> = {};
  bytes = 0;
  format: InputForm | null = null;
  /** The version records were checked against when the input declares none (see the summary). */
  assumedSchemaVersion: string | undefined;
  compressed = false;
  compressedBytes = 0;
  aborted = false;
  /** The dataset's declared version (null: none declared). */
  declaredVersion: string | null = null;
  /** The version records are checked against (undefined: unknown version, JSON checks only). */
  mod: VersionModule | undefined;
  /** Cross-record rules: ids, references, format membership; and the merge of worker parts. */
  private readonly rules: DatasetRules;
  /** Rules that look at one record alone. */
  private readonly recordRules: RecordRules;
  private readonly ndjson = new NdjsonReader(this);
  /** Where the reader is: one position (line, column and offset of one byte) for input failures. */
  private readingAt: () => Position = () => ({ line: 1, column: 1, offset: 0 });

  /**
   * Sees each record the dataset rules see, just before they do: the map stage of a
   * distributed run (stages/map.ts) takes the facts that cross records from here.
   */
  onDatasetRecord:
    | ((
        record: Record<string, unknown>,
        type: string,
        mod: VersionModule,
        handle: RecordCursor,
      ) => void)
    | undefined;

  /** Dataset-rule state handed to the merger (part runs only). */
  datasetState: DatasetRulesState | undefined;

  constructor(
    readonly options: ValidateOptions,
    /** Set when this run validates one part of an NDJSON file for a worker (see node.ts). */
    readonly part?: PartOptions,
  ) {
    this.file = options.file ?? "<stdin>";
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.cursor = new RecordCursor(this.limits, true);
    this.fastPath = options.fastPath ?? true;
    this.findings = new FindingsCollector(
      this.file,
      options.rules,
      options.maxFindings,
      options.maxFindingsPerRule,
    );
    const sink: DatasetRuleSink = {
      report: (f) =>
        this.report(
          f.ruleId,
          f.position,
          f.pointer,
          f.recordIndex,
          f.message,
          f.recordId,
          f.suggestion,
          f.emitted,
        ),
      tally: (ruleId, count, recordIndexes) => this.findings.tally(ruleId, count, recordIndexes),
      enabled: (ruleId) => this.findings.enabled(ruleId),
    };
    // Parts keep exact id positions: a later part may hold a duplicate.
    this.rules = new DatasetRules(sink, part !== undefined, part?.logLocalUses === true);
    this.recordRules = new RecordRules(sink);
  }

  enabled(ruleId: RuleId): boolean {
    return this.findings.enabled(ruleId);
  }

  report(...finding: Parameters<FindingsCollector["report"]>): void {
    this.findings.report(...finding);
  }

  markInvalid(index: number): void {
    this.findings.markInvalid(index);
  }

  /** Findings produced since the last call. */
  drain(): Finding[] {
    return this.findings.drain();
  }

  summary(): ValidationSummary {
    const s: ValidationSummary = {
      file: this.file,
      format: this.format,
      compressed: this.compressed,
      schemaVersion: this.declaredVersion,
      schemaVersionSupported:
        this.declaredVersion !== null && versionModule(this.declaredVersion) !== undefined,
      records: this.records,
      recordsByType: this.recordsByType,
      bytes: this.bytes,
      ...this.findings.totals(),
      aborted: this.aborted,
    };
    if (this.compressed) s.compressedBytes = this.compressedBytes;
    if (this.assumedSchemaVersion !== undefined) s.assumedSchemaVersion = this.assumedSchemaVersion;
    return s;
  }

  // --- versions ---------------------------------------------------------------------------

  /** Sets the dataset's version from its header/metadata; reports unknown versions. */
  setDeclaredVersion(version: unknown, position: Position, pointer: string): void {
    if (typeof version !== "string") return;
    this.declaredVersion = version;
    this.findings.useVersion(version);
    this.mod = versionModule(version);
    if (!this.mod) {
      this.report(
        "schema-version-unknown",
        position,
        pointer,
        null,
        `Unknown schemaVersion '${version}': this validator knows ${supportedList()}; records are checked for JSON well-formedness only`,
      );
    }
  }

  /** No version declared: report once and assume one. */
  assumeVersion(position: Position, pointer: string, context: string): void {
    const fallback = this.options.defaultSchemaVersion;
    if (fallback !== undefined) {
      this.mod = versionModule(fallback);
      if (!this.mod) {
        this.report(
          "schema-version-unknown",
          position,
          pointer,
          null,
          `Unknown default schemaVersion '${fallback}': this validator knows ${supportedList()}`,
        );
      }
      return;
    }
    this.mod = versionModule(LATEST_SCHEMA_VERSION);
    this.report(
      "schema-version-missing",
      position,
      pointer,
      null,
      `${context} does not declare schemaVersion; records are checked against ${LATEST_SCHEMA_VERSION}, the latest version this validator knows`,
    );
  }

  // --- records ----------------------------------------------------------------------------

  /**
   * Checks one record. `text` is its JSON text, `start` the position of its first character,
   * `ignorable` the number of characters of whitespace outside strings in it (0 for compact
   * NDJSON lines; the JSON document scanner counts them).
   */
  record(text: string, start: Position, ignorable: number, singleLineAscii = false): void {
    const index = this.records++;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      const precise = parsePrecise(text, this.limits.maxDepth);
      const positions = new TextPositions(text, start);
      this.reportParseIssues(precise, positions, index, undefined);
      if (!precise.issues.some((i) => i.kind === "syntax" || i.kind === "depth")) {
        // JSON.parse refused what the precise parser accepts: a bug on our side, not the data's.
        this.report("json-syntax", start, "", index, "The record could not be parsed");
      }
      return;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      this.report(
        "dataset-structure",
        start,
        "",
        index,
        `A record must be a JSON object, found ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}`,
      );
      return;
    }
    const record = value as Record<string, unknown>;
    if (record.type === "dataset" && this.format === "ndjson") {
      // A header line after the first: not a record. (Found here, after JSON.parse, rather
      // than by searching every line for it.)
      this.records--;
      this.report(
        "dataset-structure",
        start,
        "/type",
        null,
        "A dataset header line (type 'dataset') may only be the first line; this one is ignored",
      );
      return;
    }
    const recordId = typeof record.id === "string" ? record.id : undefined;
    const handle = this.cursor;
    handle.reset(text, start, index, recordId, singleLineAscii);
    let mod = this.mod;
    if (
      typeof record.schemaVersion === "string" &&
      record.schemaVersion !== (this.declaredVersion ?? mod?.VERSION)
    ) {
      const own = versionModule(record.schemaVersion);
      this.report(
        "schema-version-mismatch",
        handle.locate("/schemaVersion"),
        "/schemaVersion",
        index,
        `The record says schemaVersion '${record.schemaVersion}' but the dataset follows '${this.declaredVersion ?? mod?.VERSION ?? "?"}'${own ? "; it is checked against its own version" : " (unknown version: JSON checks only)"}`,
        recordId,
      );
      mod = own;
    }
    const type = typeof record.type === "string" ? record.type : undefined;
    if (type !== undefined) this.recordsByType[type] = (this.recordsByType[type] ?? 0) + 1;

    if (!mod) {
      // Unknown version: JSON-level checks only.
      this.reportParseIssues(handle.precise(), handle.positions(), index, recordId);
      return;
    }

    // The fast path. `ok` covers the known members; the length comparison proves there is no
    // other (unknown or duplicate) member. Anything else goes to the explaining path.
    // NDJSON written with spaces (`{"a": 1, "b": 2}`, Python's default) has slack that is only
    // whitespace: counting it, in the rare records that need it, keeps them on the fast path.
    // A surrogate escape (rare) may spell a lone surrogate, which JSON.parse keeps silently:
    // the precise parser decides.
    const ok =
      !(text.includes("\\u") && SURROGATE_ESCAPE.test(text)) &&
      mod.checkRecord(record, this.limits.maxDepth) &&
      (text.length - ignorable - mod.textLowerBound() < HIDDEN_MEMBER_MIN_CHARS ||
        (ignorable === 0 &&
          text.length - whitespaceOutsideStrings(text) - mod.textLowerBound() <
            HIDDEN_MEMBER_MIN_CHARS));
    if (!ok) {
      // The precise parse only for a record that may have what only it finds (most broken
      // records have not); the findings are positioned by walking down their pointers.
      let deep = false;
      if (mayHaveKeyIssues(text, record, this.limits.maxDepth)) {
        const p = handle.precise();
        this.reportParseIssues(p, handle.positions(), index, recordId);
        deep = p.issues.some((i) => i.kind === "depth");
      }
      if (!deep) {
        const issues = explainerFor(mod.RECORD_SCHEMA, mod.DEF_CHECKS).explain(record);
        for (const issue of issues) this.reportIssue(issue, handle, index, recordId);
      }
    }
    if (type !== undefined && mod.RECORD_TYPES.includes(type)) {
      this.onDatasetRecord?.(record, type, mod, handle);
      this.datasetRecord(record, type, mod, handle);
    }
  }

  /**
   * The byte-level fast path of an NDJSON record: the version's generated scanner either
   * proves the record valid — and hands over what the dataset rules read of it, without the
   * line being decoded or parsed — or leaves it to `record` (returns false, nothing counted).
   * Off when asked, and in a distributed map stage (it takes whole records from `record`).
   */
  recordBytes(bytes: Uint8Array, start: Position): boolean {
    const mod = this.mod;
    if (mod === undefined || !this.fastPath || this.onDatasetRecord !== undefined) return false;
    const record = scanRecord(mod, bytes, this.limits.maxDepth);
    this.fastTries++;
    if (record === undefined) {
      // A record the scanner leaves undecided pays the scan and then the exact path. In a file
      // where many do (broken data), that costs more than it saves: past FAST_PATH_PROBE records
      // with more than one in FAST_PATH_MAX_MISSES left over, the rest takes the exact path
      // directly (findings are the same either way).
      if (
        ++this.fastMisses * FAST_PATH_MAX_MISSES > this.fastTries &&
        this.fastTries >= FAST_PATH_PROBE
      )
        this.fastPath = false;
      return false;
    }
    this.fastRecords++;
    const index = this.records++;
    const type = record.type as string;
    this.recordsByType[type] = (this.recordsByType[type] ?? 0) + 1;
    const handle = this.cursor;
    handle.resetBytes(
      bytes,
      start,
      index,
      typeof record.id === "string" ? record.id : undefined,
      lastRecordWasAscii(),
    );
    this.datasetRecord(record, type, mod, handle);
    return true;
  }

  /** The dataset rules on one record of a known type (whole, or the fast path's projection). */
  private datasetRecord(
    record: Record<string, unknown>,
    type: string,
    mod: VersionModule,
    handle: RecordCursor,
  ): void {
    const eventStart = this.rules.onRecord(record, type, mod, handle);
    this.recordRules.check(record, type, handle, eventStart);
    if (type === "event") this.rules.formatMembership(record, handle);
  }

  private fastPath: boolean;
  /** Records the byte-level fast path accepted (the rest took the exact path). */
  fastRecords = 0;
  /** Records scanned, and those of them the scanner left to the exact path. */
  private fastTries = 0;
  private fastMisses = 0;

  private readonly cursor: RecordCursor;

  reportIssue(
    issue: Issue,
    handle: RecordHandleWithPrecise,
    index: number | null,
    recordId: string | undefined,
  ): void {
    this.report(
      issue.ruleId,
      handle.locate(issue.pointer, issue.atKey),
      issue.pointer,
      index,
      issue.message,
      recordId,
      issue.suggestion,
    );
  }

  reportParseIssues(
    p: PreciseParse,
    positions: TextPositions,
    index: number | null,
    recordId: string | undefined,
    pointerBase = "",
  ): void {
    for (const issue of p.issues) {
      const rule =
        issue.kind === "syntax"
          ? "json-syntax"
          : issue.kind === "duplicate-key"
            ? "json-duplicate-key"
            : issue.kind === "depth"
              ? "json-depth-limit"
              : issue.kind === "lone-surrogate"
                ? "json-lone-surrogate"
                : "json-prototype-key";
      const message =
        issue.kind === "depth"
          ? `${issue.message} (limits.maxDepth = ${this.limits.maxDepth})`
          : issue.message;
      this.report(
        rule,
        positions.at(issue.index),
        pointerBase + issue.pointer,
        index,
        message,
        recordId,
      );
    }
  }

  // --- input ------------------------------------------------------------------------------

  async *iterate(
    input: ValidationInput,
    resolveSummary: (s: ValidationSummary) => void,
    rejectSummary: (e: unknown) => void,
  ): AsyncGenerator<Finding> {
    try {
      if (this.part?.continuation) yield* this.readPart(input);
      else yield* this.read(input);
      if (this.part) this.datasetState = this.rules.exportState();
      else for (const _ of this.rules.finishing()) yield* this.drain();
      yield* this.drain();
      resolveSummary(this.summary());
    } catch (error) {
      rejectSummary(error);
      throw error;
    }
  }

  /** A continuation part: plain NDJSON lines, version known from the coordinator. */
  private async *readPart(input: ValidationInput): AsyncGenerator<Finding> {
    const part = this.part as PartOptions;
    this.format = "ndjson";
    this.declaredVersion = part.version;
    this.findings.useVersion(part.version ?? null);
    this.mod = versionModule(
      part.version ?? this.options.defaultSchemaVersion ?? LATEST_SCHEMA_VERSION,
    );
    for await (const findings of this.ndjson.read(toChunks(input), part.baseOffset, true)) {
      for (const f of findings) yield f;
      this.options.onProgress?.({ bytes: this.bytes, records: this.records });
    }
  }

  /** Lines read so far (newline-terminated), for merging parts. */
  get linesRead(): number {
    return this.ndjson.linesRead;
  }

  /** Merger: report dataset-rule findings at the severities of the dataset's version. */
  useVersion(version: string | null): void {
    this.findings.useVersion(version);
  }

  /** Merger: the dataset rules, to import the parts' states into. */
  get datasetRules(): DatasetRules {
    return this.rules;
  }

  private async *read(input: ValidationInput): AsyncGenerator<Finding> {
    const decoded = await decompress(toChunks(input), this.options.compression ?? "auto");
    this.compressed = decoded.compressed;
    const source = decoded.chunks;
    const signal = this.options.signal;
    let sniffed: Uint8Array[] = [];
    let sniffedBytes = 0;
    let chunks: AsyncGenerator<Uint8Array>;
    try {
      // Peek at the start: BOM, emptiness and (unless given) the form of the input.
      let bom = false;
      for (;;) {
        const next = await source.next();
        if (next.done) break;
        sniffed.push(next.value);
        sniffedBytes += next.value.length;
        if (sniffedBytes >= SNIFF_LIMIT || next.value.includes(10)) break;
      }
      let head =
        sniffed.length === 1
          ? (sniffed[0] as Uint8Array)
          : sniffed.reduce((a, b) => concat(a, b), new Uint8Array(0));
      if (head.length >= 3 && head[0] === BOM[0] && head[1] === BOM[1] && head[2] === BOM[2]) {
        bom = true;
        this.report(
          "input-bom",
          { line: 1, column: 1, offset: 0 },
          "",
          null,
          "The input starts with a UTF-8 byte order mark (EF BB BF); it was skipped",
        );
        head = head.subarray(3);
      }
      if (isBlank(head) && sniffedBytes < SNIFF_LIMIT) {
        // Nothing but whitespace so far; look at the rest to decide emptiness.
        const rest: Uint8Array[] = [];
        for (;;) {
          const next = await source.next();
          if (next.done) break;
          rest.push(next.value);
          if (!isBlank(next.value)) break;
        }
        if (!rest.length) {
          this.bytes = sniffedBytes;
          this.compressedBytes = decoded.compressedBytes();
          this.report(
            "input-empty",
            { line: 1, column: 1, offset: 0 },
            "",
            null,
            sniffedBytes === 0 ? "The input is empty" : "The input holds only whitespace",
          );
          yield* this.drain();
          return;
        }
        head = rest.reduce((a, b) => concat(a, b), head);
      }
      sniffed = [];
      this.format =
        this.options.format && this.options.format !== "auto"
          ? this.options.format
          : sniffFormat(head, this.file);
      chunks = prependChunk(head, source);
      const baseOffset = bom ? 3 : 0;
      const reader =
        this.format === "ndjson"
          ? this.ndjson.read(chunks, baseOffset)
          : this.readDocument(chunks, baseOffset);
      if (this.format === "ndjson") this.readingAt = () => this.ndjson.readingAt();
      for await (const findings of reader) {
        for (const f of findings) yield f;
        this.compressedBytes = decoded.compressedBytes();
        this.options.onProgress?.({ bytes: this.bytes, records: this.records });
        if (signal?.aborted) {
          this.aborted = true;
          await source.return(undefined);
          break;
        }
      }
    } catch (error) {
      if (error instanceof GzipError) {
        this.aborted = true;
        this.compressedBytes = decoded.compressedBytes();
        this.report(
          "input-gzip-corrupt",
          this.readingAt(),
          "",
          null,
          `${error.message}; decompression stopped after ${error.decompressedBytes} bytes (about ${error.compressedBytes} compressed bytes read)`,
        );
        yield* this.drain();
        return;
      }
      throw error;
    }
  }

  /** NDJSON first line: a header? Handles it and returns true. */
  header(text: string, start: Position): boolean {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return false;
    }
    if (
      value === null ||
      typeof value !== "object" ||
      Array.isArray(value) ||
      (value as { type?: unknown }).type !== "dataset"
    )
      return false;
    const header = value as Record<string, unknown>;
    const precise = parsePrecise(text, this.limits.maxDepth);
    const positions = new TextPositions(text, start);
    this.reportParseIssues(precise, positions, null, undefined);
    const handle = new RecordCursor(this.limits);
    handle.reset(text, start, -1, undefined, false);
    const declared = header.schemaVersion;
    const wellFormed = typeof declared === "string" && /^\d+\.\d+$/.test(declared);
    if (wellFormed)
      this.setDeclaredVersion(declared, handle.locate("/schemaVersion"), "/schemaVersion");
    else {
      // Missing or malformed: the header's own schema-required / schema-pattern finding says so.
      this.mod = versionModule(this.options.defaultSchemaVersion ?? LATEST_SCHEMA_VERSION);
    }
    const headerModule = wellFormed ? this.mod : versionModule(LATEST_SCHEMA_VERSION);
    if (headerModule) {
      const issues = explainerFor(headerModule.HEADER_SCHEMA).explain(header);
      for (const issue of issues) {
        const about =
          issue.pointer === "/schemaVersion" || issue.message.includes("'schemaVersion'");
        const message =
          about && !wellFormed
            ? `${issue.message}; records are checked against ${this.mod?.VERSION ?? LATEST_SCHEMA_VERSION}`
            : issue.message;
        this.report(
          issue.ruleId,
          handle.locate(issue.pointer, issue.atKey),
          issue.pointer,
          null,
          message,
          undefined,
          issue.suggestion,
        );
      }
    }
    return true;
  }

  private async *readDocument(
    chunks: AsyncGenerator<Uint8Array>,
    baseOffset: number,
  ): AsyncGenerator<Finding[]> {
    const decoder = new TextDecoder("utf-8", { fatal: true });
    const scanner = new JsonDocumentScanner(this, baseOffset);
    this.readingAt = () => scanner.position();
    let consumed = baseOffset;
    for await (const chunk of chunks) {
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        const bad = Math.max(0, firstInvalidUtf8(chunk));
        // The bytes before the bad one are read first, so that the finding's line and column
        // are those of the bad byte, as its offset is (a reader of the report may find the
        // line by the offset). A grammar error in them is reported before it.
        if (bad > 0) scanner.feed(new TextDecoder().decode(chunk.subarray(0, bad)));
        const at = scanner.position();
        this.report(
          "input-encoding",
          at,
          "",
          null,
          `Invalid UTF-8 byte 0x${(chunk[bad] ?? 0).toString(16).padStart(2, "0")} near byte ${consumed + bad}; a JSON document cannot be read past it`,
        );
        this.aborted = true;
        this.bytes = consumed + chunk.length;
        yield this.drain();
        return;
      }
      consumed += chunk.length;
      this.bytes = consumed;
      if (!scanner.feed(text)) {
        this.aborted = true;
        yield this.drain();
        return;
      }
      yield this.drain();
    }
    scanner.end();
    yield this.drain();
  }
}

function supportedList(): string {
  return SUPPORTED_SCHEMA_VERSIONS.join(", ");
}

async function* prependChunk(
  head: Uint8Array,
  rest: AsyncGenerator<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  if (head.length) yield head;
  yield* rest;
}

function isBlank(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return false;
  }
  return true;
}

/**
 * JSON document or NDJSON? The file name decides when it says; otherwise a first line that
 * is a complete JSON object without `records` (or looks like one: `{…}`) means NDJSON.
 */
export function sniffFormat(head: Uint8Array, file: string): "json" | "ndjson" {
  const name = file.toLowerCase().replace(/\.gz$/, "");
  if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) return "ndjson";
  if (name.endsWith(".json")) return "json";
  const nl = head.indexOf(10);
  const firstLine = new TextDecoder().decode(nl < 0 ? head : head.subarray(0, nl)).trim();
  if (!firstLine.startsWith("{")) return "json";
  try {
    const v = JSON.parse(firstLine);
    return v !== null && typeof v === "object" && !Array.isArray(v) && !("records" in v)
      ? "ndjson"
      : "json";
  } catch {
    return firstLine.endsWith("}") && nl >= 0 ? "ndjson" : "json";
  }
}
