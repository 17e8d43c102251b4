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
import { DatasetRules, type DatasetRulesState, type RecordHandle } from "./dataset-rules";
import { Explainer, type Issue } from "./explain";
import type { Finding, InputForm, RuleCount, Severity, ValidationSummary } from "./finding";
import { concat, decompress, firstInvalidUtf8, GzipError, toChunks } from "./input";
import { JsonDocumentScanner } from "./json/document";
import { type Position, TextPositions } from "./json/position";
import { type PreciseParse, parsePrecise } from "./json/tokenizer";
import {
  DEFAULT_LIMITS,
  type Limits,
  type ValidateOptions,
  type ValidationInput,
  type ValidationRun,
} from "./options";
import { resolveSeverities } from "./rules";
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
}

export class Run {
  readonly file: string;
  readonly limits: Limits;
  private readonly severities: Map<string, Severity>;
  private readonly maxFindings: number;
  private readonly maxPerRule: number;
  private queue: Finding[] = [];
  private readonly byRule: Record<string, RuleCount> = {};
  private readonly counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  private reported = 0;
  private capped = 0;
  private readonly rulesCapped = new Set<string>();
  private invalidBits = new Uint8Array(1024);
  private invalidRecords = 0;
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
  private readonly rules: DatasetRules;

  /** Dataset-rule state handed to the merger (part runs only). */
  datasetState: DatasetRulesState | undefined;

  constructor(
    readonly options: ValidateOptions,
    /** Set when this run validates one part of an NDJSON file for a worker (see node.ts). */
    readonly part?: PartOptions,
  ) {
    this.file = options.file ?? "<stdin>";
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.cursor = new RecordCursor(this.limits);
    this.severities = resolveSeverities(options.rules);
    this.maxFindings = options.maxFindings ?? Number.POSITIVE_INFINITY;
    this.maxPerRule = options.maxFindingsPerRule ?? Number.POSITIVE_INFINITY;
    this.rules = new DatasetRules(
      {
        report: (f) =>
          this.report(
            f.ruleId,
            f.position,
            f.pointer,
            f.recordIndex,
            f.message,
            f.recordId,
            f.suggestion,
          ),
        tally: (ruleId, count, recordIndexes) => this.tally(ruleId, count, recordIndexes),
        enabled: (ruleId) => this.severities.has(ruleId),
      },
      // Parts keep exact id positions: a later part may hold a duplicate.
      part !== undefined,
    );
  }

  enabled(ruleId: string): boolean {
    return this.severities.has(ruleId);
  }

  // --- findings ---------------------------------------------------------------------------

  report(
    ruleId: string,
    position: Position,
    pointer: string,
    recordIndex: number | null,
    message: string,
    recordId?: string,
    suggestion?: string,
  ): void {
    const severity = this.severities.get(ruleId);
    if (severity === undefined) return;
    this.count(ruleId, severity, 1);
    if (severity === "error" && recordIndex !== null) this.markInvalid(recordIndex);
    const tally = this.byRule[ruleId] as RuleCount;
    if (this.reported >= this.maxFindings) {
      this.capped++;
      return;
    }
    if (tally.reported >= this.maxPerRule) {
      this.capped++;
      this.rulesCapped.add(ruleId);
      return;
    }
    tally.reported++;
    this.reported++;
    const finding: Finding = {
      ruleId,
      severity,
      message,
      file: this.file,
      line: position.line,
      column: position.column,
      offset: position.offset,
      pointer,
      recordIndex,
    };
    if (recordId !== undefined) finding.recordId = recordId;
    if (suggestion !== undefined) finding.suggestion = suggestion;
    this.queue.push(finding);
  }

  private count(ruleId: string, severity: Severity, n: number): void {
    this.counts[severity] += n;
    const tally = this.byRule[ruleId];
    if (tally) tally.count += n;
    else this.byRule[ruleId] = { severity, count: n, reported: 0 };
  }

  private tally(ruleId: string, n: number, recordIndexes: number[]): void {
    const severity = this.severities.get(ruleId);
    if (severity === undefined || n === 0) return;
    this.count(ruleId, severity, n);
    this.capped += n;
    if (severity === "error") for (const i of recordIndexes) this.markInvalid(i);
  }

  private markInvalid(index: number): void {
    const byte = index >>> 3;
    if (byte >= this.invalidBits.length) {
      const grown = new Uint8Array(Math.max(byte + 1, this.invalidBits.length * 2));
      grown.set(this.invalidBits);
      this.invalidBits = grown;
    }
    const bit = 1 << (index & 7);
    if (!((this.invalidBits[byte] as number) & bit)) {
      this.invalidBits[byte] = (this.invalidBits[byte] as number) | bit;
      this.invalidRecords++;
    }
  }

  /** Findings produced since the last call. */
  drain(): Finding[] {
    const out = this.queue;
    this.queue = [];
    return out;
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
      invalidRecords: this.invalidRecords,
      bytes: this.bytes,
      counts: this.counts,
      byRule: this.byRule,
      reported: this.reported,
      capped: this.capped,
      totalCapReached: this.reported >= this.maxFindings && this.capped > 0,
      rulesCapped: [...this.rulesCapped].sort(),
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
  processRecord(text: string, start: Position, ignorable: number, singleLineAscii = false): void {
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
    const ok =
      mod.checkRecord(record, this.limits.maxDepth) &&
      (text.length - ignorable - mod.textLowerBound() < HIDDEN_MEMBER_MIN_CHARS ||
        (ignorable === 0 &&
          text.length - whitespaceOutsideStrings(text) - mod.textLowerBound() <
            HIDDEN_MEMBER_MIN_CHARS));
    if (!ok) {
      const p = handle.precise();
      this.reportParseIssues(p, handle.positions(), index, recordId);
      if (!p.issues.some((i) => i.kind === "depth")) {
        const issues = explainerFor(mod.RECORD_SCHEMA, mod.DEF_CHECKS).explain(record);
        for (const issue of issues) this.reportIssue(issue, handle, index, recordId);
      }
    }
    if (type !== undefined && mod.RECORD_TYPES.includes(type))
      this.rules.onRecord(record, type, mod, handle);
  }

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
      else this.rules.finish();
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
    this.mod = versionModule(
      part.version ?? this.options.defaultSchemaVersion ?? LATEST_SCHEMA_VERSION,
    );
    for await (const findings of this.readNdjson(toChunks(input), part.baseOffset, true)) {
      for (const f of findings) yield f;
      this.options.onProgress?.({ bytes: this.bytes, records: this.records });
    }
  }

  /** Lines read so far (newline-terminated), for merging parts. */
  linesRead = 0;

  /** Record indexes with an error, for merging parts. */
  invalidRecordIndexes(): number[] {
    const out: number[] = [];
    for (let byte = 0; byte < this.invalidBits.length; byte++) {
      const bits = this.invalidBits[byte] as number;
      if (bits) for (let b = 0; b < 8; b++) if (bits & (1 << b)) out.push(byte * 8 + b);
    }
    return out;
  }

  /** Merger: marks a record (already offset) as invalid. */
  markRecordInvalid(index: number): void {
    this.markInvalid(index);
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
          ? this.readNdjson(chunks, baseOffset)
          : this.readDocument(chunks, baseOffset);
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
          { line: this.linesSeen, column: 1, offset: error.decompressedBytes },
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

  /** Lines fully read so far (for positioning input-level failures). */
  private linesSeen = 1;

  private async *readNdjson(
    chunks: AsyncGenerator<Uint8Array>,
    baseOffset: number,
    continuation = false,
  ): AsyncGenerator<Finding[]> {
    const decoder = new TextDecoder("utf-8", { fatal: true });
    const max = this.limits.maxRecordBytes;
    let carry: Uint8Array[] = [];
    let carryBytes = 0;
    let oversized = false;
    let line = 1;
    let lineStart = baseOffset;
    let consumed = baseOffset;
    let first = !continuation;

    const handleLine = (bytes: Uint8Array, lineNo: number, offset: number): void => {
      let end = bytes.length;
      if (end > 0 && bytes[end - 1] === 0x0d) end--;
      if (end === 0) return;
      const view = end === bytes.length ? bytes : bytes.subarray(0, end);
      let text: string;
      try {
        text = decoder.decode(view);
      } catch {
        const bad = firstInvalidUtf8(view);
        const at = Math.max(bad, 0);
        const column = 1 + new TextDecoder().decode(view.subarray(0, at)).length;
        this.records++;
        this.markInvalid(this.records - 1);
        this.report(
          "input-encoding",
          { line: lineNo, column, offset: offset + at },
          "",
          this.records - 1,
          `Invalid UTF-8 byte 0x${(view[at] ?? 0).toString(16).padStart(2, "0")} at column ${column}; the line is skipped`,
        );
        return;
      }
      const start = { line: lineNo, column: 1, offset };
      if (first) {
        if (isBlankText(text)) return;
        first = false;
        if (this.tryHeader(text, start)) return;
        if (this.mod === undefined && this.declaredVersion === null) {
          const ownVersion = peekVersion(text);
          if (ownVersion !== undefined) this.setDeclaredVersion(ownVersion, start, "");
          else
            this.assumeVersion(
              start,
              "",
              "The NDJSON dataset has no header line and its first record",
            );
        }
      }
      this.processRecord(text, start, 0, text.length === view.length);
    };

    for await (const chunk of chunks) {
      let pos = 0;
      const n = chunk.length;
      while (pos < n) {
        const nl = chunk.indexOf(10, pos);
        if (nl < 0) {
          if (!oversized) {
            carry.push(chunk.slice(pos));
            carryBytes += n - pos;
            if (carryBytes > max) {
              oversized = true;
              carry = [];
              this.sizeLimit(line, lineStart);
            }
          }
          break;
        }
        if (oversized) {
          oversized = false;
        } else if (carry.length) {
          const tailBytes = nl - pos;
          if (carryBytes + tailBytes > max) this.sizeLimit(line, lineStart);
          else {
            carry.push(chunk.subarray(pos, nl));
            handleLine(
              carry.reduce((a, b) => concat(a, b), new Uint8Array(0)),
              line,
              lineStart,
            );
          }
        } else if (nl - pos > max) {
          this.sizeLimit(line, lineStart);
        } else {
          handleLine(chunk.subarray(pos, nl), line, lineStart);
        }
        carry = [];
        carryBytes = 0;
        line++;
        this.linesSeen = line;
        lineStart = consumed + nl + 1;
        pos = nl + 1;
      }
      consumed += n;
      this.bytes = continuation ? consumed - baseOffset : consumed;
      this.linesRead = line - 1;
      yield this.drain();
    }
    if (!oversized && carry.length) {
      handleLine(
        carry.reduce((a, b) => concat(a, b), new Uint8Array(0)),
        line,
        lineStart,
      );
    }
    if (!continuation && first && this.declaredVersion === null && this.mod === undefined) {
      // Only blank lines: nothing to check, but say so.
      this.report(
        "input-empty",
        { line: 1, column: 1, offset: 0 },
        "",
        null,
        "The input holds no records",
      );
    }
    yield this.drain();
  }

  private sizeLimit(line: number, offset: number): void {
    const index = this.records++;
    this.report(
      "json-size-limit",
      { line, column: 1, offset },
      "",
      index,
      `The record is larger than ${this.limits.maxRecordBytes} bytes (limits.maxRecordBytes); it is skipped without being read into memory`,
    );
  }

  /** NDJSON first line: a header? Handles it and returns true. */
  private tryHeader(text: string, start: Position): boolean {
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
    let consumed = baseOffset;
    for await (const chunk of chunks) {
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        const bad = Math.max(0, firstInvalidUtf8(chunk));
        const at = scanner.position();
        this.report(
          "input-encoding",
          { line: at.line, column: at.column, offset: consumed + bad },
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

/** The handle dataset rules get, plus access to the precise parse for the engine itself. */
export interface RecordHandleWithPrecise extends RecordHandle {
  precise(): PreciseParse;
  positions(): TextPositions;
}

/**
 * The record being checked, reused from record to record (no allocation on the fast path):
 * positions are computed, and the record re-parsed precisely, only when something asks.
 */
export class RecordCursor implements RecordHandleWithPrecise {
  index = 0;
  start: Position = { line: 1, column: 1, offset: 0 };
  id: string | undefined;
  private text = "";
  private singleLineAscii = false;
  private parsed: PreciseParse | undefined;
  private positionMap: TextPositions | undefined;

  constructor(private readonly limits: Limits) {}

  reset(
    text: string,
    start: Position,
    index: number,
    id: string | undefined,
    singleLineAscii: boolean,
  ): void {
    this.text = text;
    this.start = start;
    this.index = index;
    this.id = id;
    this.singleLineAscii = singleLineAscii;
    this.parsed = undefined;
    this.positionMap = undefined;
  }

  precise(): PreciseParse {
    // The record was parsed by JSON.parse already: positions and key issues are all we need.
    this.parsed ??= parsePrecise(this.text, this.limits.maxDepth, false);
    return this.parsed;
  }

  positions(): TextPositions {
    this.positionMap ??= new TextPositions(this.text, this.start);
    return this.positionMap;
  }

  locate(pointer: string, atKey?: boolean): Position {
    // Cheap first: a key that occurs once in the record's text is found by search. Only
    // ambiguous keys (and array items) need the precise parse.
    const slash = pointer.lastIndexOf("/");
    const last = pointer.slice(slash + 1);
    if (slash >= 0 && last !== "" && !/^\d+$/.test(last) && this.parsed === undefined) {
      const needle = JSON.stringify(last.replace(/~1/g, "/").replace(/~0/g, "~"));
      const k = this.text.indexOf(`${needle}:`);
      if (k >= 0 && this.text.indexOf(needle, k + 1) < 0) {
        if (atKey) return this.at(k);
        let v = k + needle.length + 1;
        while (v < this.text.length && " \t\r\n".includes(this.text[v] as string)) v++;
        return this.at(v);
      }
    }
    const p = this.precise();
    const i = (atKey ? p.keyAt.get(pointer) : undefined) ?? p.valueAt.get(pointer);
    return i === undefined ? this.start : this.at(i);
  }

  locateString(pointer: string | (() => string), value: string): Position {
    const needle = JSON.stringify(value);
    const i = this.text.indexOf(needle);
    if (i >= 0 && this.text.indexOf(needle, i + 1) < 0) return this.at(i);
    return this.locate(typeof pointer === "function" ? pointer() : pointer);
  }

  private at(i: number): Position {
    if (this.singleLineAscii) {
      return {
        line: this.start.line,
        column: this.start.column + i,
        offset: this.start.offset + i,
      };
    }
    return this.positions().at(i);
  }
}

/** Spaces, tabs and line breaks outside strings: characters no parsed value accounts for. */
export function whitespaceOutsideStrings(text: string): number {
  let count = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) count++;
  }
  return count;
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

function isBlankText(text: string): boolean {
  return text.trim().length === 0;
}

function peekVersion(text: string): string | undefined {
  try {
    const v = JSON.parse(text) as { schemaVersion?: unknown };
    return v !== null && typeof v === "object" && typeof v.schemaVersion === "string"
      ? v.schemaVersion
      : undefined;
  } catch {
    return undefined;
  }
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
