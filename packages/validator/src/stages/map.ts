/**
 * The map stage: validates one part of one input (a byte range of an NDJSON file cut at line
 * starts, a whole file of any form, or standard input) with the single-process engine, except
 * that the rules needing other records are turned off there. In their place it writes the
 * FACTS those rules would have used, one line per fact, keyed by the id they are about:
 *
 * - `d` an id is defined here (its type, its line, where the id is; a source's publication
 *   day; a format's member countries);
 * - `r` a reference to an id (the type wanted, where it is; for an event citing a source, its
 *   earliest day and where the citation is);
 * - `m` an event held in a format, with the countries its participants represent.
 *
 * Its own findings, and a summary of the part (lines, records, bytes), go to the report. Every
 * finding carries its emission key (contract.ts) so that the report can put it where the
 * single-process validator put it.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { forEachLink, type LinkVisitor, linkPointer } from "../dataset/cycles";
import { citationAt, countryAt, duplicateIdAt, referenceAt } from "../dataset/finding-positions";
import { citationPointer, fillPointer } from "../dataset/pointers";
import { dateValue, dayRange } from "../dataset/values";
import { Run } from "../engine";
import { fileChunks, headerVersion, isSplittable, rangeChunksInOneBuffer } from "../file-reading";
import type { Finding, ValidationSummary } from "../finding";
import type { Position } from "../json/position";
import type { ValidateOptions } from "../options";
import { type RuleId, resolveSeverities } from "../rules";
import {
  CROSS_RECORD_RULES,
  type DateCheck,
  type EmitKey,
  factOrder,
  idKey,
  type PartPosition,
  partKey,
  STAGE_CONTRACT,
  StageInputError,
  stageLine,
} from "./contract";

/** The validation options a stage takes (caps and severities are the report's business). */
export type StageOptions = Omit<ValidateOptions, "file" | "onProgress" | "signal">;

export interface MapPartOptions {
  /** The input's name in findings, as `parley validate` would print it. */
  file: string;
  /** Position of the input among the run's inputs: the report lists inputs in this order. */
  inputIndex?: number;
  /** The file to read. Without it, `input` is read as a whole input. */
  path?: string;
  /** A byte range [start, end) of `path`; both ends move to the next line start. */
  range?: { start: number; end: number };
  /** The bytes of a whole input (standard input). */
  input?: AsyncIterable<Uint8Array>;
  options?: StageOptions;
  /** Told the bytes read so far (as stored: gzip's compressed bytes) before each chunk is mapped. */
  onBytes?: (bytesRead: number) => void;
}

/** A part's summary, for the report: what it read, and what it takes to place it in its file. */
export interface PartSummary {
  file: string;
  inputIndex: number;
  /** First byte of the part (after alignment to a line start). */
  start: number;
  /** End of the part; null for a whole input. */
  end: number | null;
  /** The part reaches the end of its file. */
  eof: boolean;
  /** Newline-terminated lines read (continuation parts' line numbers are relative to 1). */
  lines: number;
  records: number;
  recordsByType: Record<string, number>;
  bytes: number;
  format: ValidationSummary["format"];
  compressed: boolean;
  compressedBytes?: number;
  schemaVersion: string | null;
  schemaVersionSupported: boolean;
  /** The version a bare JSON array of records was checked against (it cannot declare one). */
  assumedSchemaVersion?: string;
  aborted: boolean;
}

/** A fingerprint of the options that change findings: every stage of one run must agree. */
export function optionsFingerprint(options: StageOptions = {}): string {
  const severities = [...resolveSeverities(options.rules).entries()].sort((a, b) =>
    a[0] < b[0] ? -1 : 1,
  );
  return idKey(
    JSON.stringify([
      severities,
      options.limits ?? null,
      options.defaultSchemaVersion ?? null,
      options.format ?? "auto",
      options.compression ?? "auto",
    ]),
  );
}

/**
 * A run that tags each finding with when it was emitted (the record being processed and the
 * phase within it), which the report needs to order findings exactly as one process would.
 */
class MapRun extends Run {
  /** Byte offset of the record being processed; -1 between records. */
  clock = -1;
  phase = 0;
  /** Per queued finding, in queue order: clock, phase. */
  readonly tags: number[] = [];
  override record(
    text: string,
    start: Position,
    ignorable: number,
    singleLineAscii?: boolean,
  ): void {
    this.clock = start.offset;
    this.phase = 0;
    super.record(text, start, ignorable, singleLineAscii);
    this.clock = -1;
    this.phase = 0;
  }

  override report(
    ruleId: RuleId,
    position: Position,
    pointer: string,
    recordIndex: number | null,
    message: string,
    recordId?: string,
    suggestion?: string,
    emitted?: EmitKey,
  ): void {
    // The map run has no caps: an enabled rule's finding is always queued.
    if (this.enabled(ruleId))
      this.tags.push(this.clock >= 0 ? this.clock : position.offset, this.phase);
    super.report(ruleId, position, pointer, recordIndex, message, recordId, suggestion, emitted);
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}

/** The first line start at or after `pos` (a line starts at 0 and after each newline). */
export function lineStartAtOrAfter(fd: number, pos: number, size: number): number {
  if (pos <= 0) return 0;
  if (pos >= size) return size;
  const buffer = new Uint8Array(64 * 1024);
  let at = pos - 1;
  while (at < size) {
    const n = readSync(fd, buffer, 0, buffer.length, at);
    if (n <= 0) break;
    const nl = buffer.subarray(0, n).indexOf(10);
    if (nl >= 0) return Math.min(at + nl + 1, size);
    at += n;
  }
  return size;
}

/**
 * Validates one part and writes its stage lines through `write` (many lines per call; each
 * call is awaited). Throws StageInputError when the part cannot be cut as asked.
 */
export async function mapPart(
  o: MapPartOptions,
  write: (text: string) => Promise<void> | void,
): Promise<PartSummary> {
  const userOptions = o.options ?? {};
  const enabled = resolveSeverities(userOptions.rules);
  const dupOn = enabled.has("id-duplicate");
  const refsOn = enabled.has("ref-dangling") || enabled.has("ref-wrong-type");
  const datesRuleOn = enabled.has("source-published-before-event");
  const formatsOn = enabled.has("format-members-participants");
  const cyclesOn = enabled.has("reference-cycle");
  const anyOn = dupOn || refsOn || datesRuleOn || formatsOn || cyclesOn;
  const rules = { ...userOptions.rules };
  for (const rule of CROSS_RECORD_RULES) rules[rule] = "off";
  const engineOptions: ValidateOptions = { ...userOptions, rules, file: o.file };
  delete engineOptions.maxFindings;
  delete engineOptions.maxFindingsPerRule;

  // Which bytes, read how.
  let start = 0;
  let end: number | null = null;
  let eof = true;
  let chunks: AsyncIterable<Uint8Array>;
  let run: MapRun;
  if (o.path !== undefined && o.range !== undefined) {
    const fd = openSync(o.path, "r");
    let size: number;
    try {
      size = fstatSync(fd).size;
      start = lineStartAtOrAfter(fd, o.range.start, size);
      end = Math.max(start, lineStartAtOrAfter(fd, o.range.end, size));
    } finally {
      closeSync(fd);
    }
    eof = end >= size;
    if (start === 0 && eof) {
      end = null; // the whole file: read as `parley validate` reads it (any form, gzip)
    } else if (!isSplittable(o.path, engineOptions)) {
      throw new StageInputError(
        `'${o.file}' is gzip-compressed or a JSON document: it cannot be cut into byte ranges; map it whole (without --range)`,
      );
    }
  }
  if (end === null) {
    run = new MapRun(engineOptions);
    chunks = o.input ?? fileChunks(o.path as string);
  } else if (start === 0) {
    run = new MapRun({ ...engineOptions, format: "ndjson" });
    chunks = rangeChunksInOneBuffer(o.path as string, start, end);
  } else {
    const part = {
      baseOffset: start,
      continuation: true,
      version: headerVersion(o.path as string),
    };
    run = new MapRun({ ...engineOptions, format: "ndjson" }, part);
    chunks = rangeChunksInOneBuffer(o.path as string, start, end);
  }

  const file = o.file;
  const key = partKey(file, start);
  let pending: string[] = [];
  let seq = 0;
  // The links of sources and organizations, for the report's cycle check (contract.ts): each
  // written as it is found, numbered in input order, so the map keeps none of them (at
  // 5,000,000 records there are ~500,000).
  let links = 0;
  const writeLink: LinkVisitor = (kind, from, to, reportIndex, recordIndex, position) => {
    pending.push(
      stageLine(key, `l${(links++).toString(16).padStart(8, "0")}`, [
        "L",
        file,
        start,
        kind,
        from,
        to,
        linkPointer(reportIndex),
        recordIndex,
        [position.line, position.column, position.offset],
      ]),
    );
  };

  // Positions every fact a reducer may turn into a finding, as one thread or the --jobs merger
  // would position that finding (dataset/finding-positions.ts), through the engine's cursor on
  // the record (`handle`, which walks down pointers rather than re-parsing precisely).
  const at = (p: Position): PartPosition => [p.line, p.column, p.offset];
  run.onDatasetRecord = (record, type, mod, handle) => {
    run.phase = 4;
    if (!anyOn) return;
    const offset = handle.start.offset;
    const rel = handle.index;
    if (cyclesOn && (type === "source" || type === "organization"))
      forEachLink(record, type, handle, writeLink);
    const recordId = handle.id ? handle.id : null;
    const id = typeof record.id === "string" && record.id.length > 0 ? record.id : undefined;
    if (id !== undefined) {
      let published: number | null = null;
      let members: string[] | null = null;
      if (type === "source") published = dayRange(dateValue(record.published))?.[1] ?? null;
      else if (type === "format" && Array.isArray(record.members)) {
        const countries = new Set<string>();
        for (const m of record.members)
          if (isObject(m) && typeof m.country === "string") countries.add(m.country);
        if (countries.size) members = [...countries];
      }
      pending.push(
        stageLine(idKey(id), factOrder("d", offset, 0), [
          "d",
          file,
          start,
          rel,
          handle.start.line,
          type,
          id,
          dupOn ? at(duplicateIdAt(handle)) : null,
          published,
          members,
        ]),
      );
    }
    const eventStart = type === "event" ? dayRange(dateValue(record.date)) : undefined;
    const datesOn = eventStart !== undefined && datesRuleOn;
    if (refsOn || datesOn) {
      let refSeq = 0;
      const sites = mod.REFERENCE_SITES;
      mod.collectReferences(record, type, (ref, siteIndex, i0, i1) => {
        const site = sites[siteIndex];
        if (!site) return;
        const s = refSeq++;
        const checks = (refsOn ? 1 : 0) | (datesOn && site.target === "source" ? 2 : 0);
        if (!checks) return;
        const pointer = fillPointer(site.pointer, i0, i1);
        const date: DateCheck | null =
          checks & 2
            ? [
                (eventStart as [number, number])[0],
                dateValue(record.date) as string,
                citationPointer(pointer),
                at(citationAt(handle, pointer)),
              ]
            : null;
        pending.push(
          stageLine(idKey(ref), factOrder("r", offset, s), [
            "r",
            file,
            start,
            rel,
            recordId,
            ref,
            site.target,
            pointer,
            at(referenceAt(handle, pointer, ref)),
            checks,
            date,
          ]),
        );
      });
    }
    if (
      formatsOn &&
      type === "event" &&
      Array.isArray(record.formats) &&
      Array.isArray(record.participants)
    ) {
      const countries: string[] = [];
      const participants: number[] = [];
      record.participants.forEach((p, i) => {
        if (isObject(p) && isObject(p.represents) && typeof p.represents.country === "string") {
          countries.push(p.represents.country);
          participants.push(i);
        }
      });
      if (!countries.length) return;
      let positions: PartPosition[] | undefined;
      record.formats.forEach((link, k) => {
        if (!isObject(link) || link.link !== "held-in" || typeof link.format !== "string") return;
        positions ??= countries.map((c, j) => at(countryAt(handle, participants[j] as number, c)));
        pending.push(
          stageLine(idKey(link.format), factOrder("m", offset, k), [
            "m",
            file,
            start,
            rel,
            recordId,
            link.format,
            k,
            countries,
            participants,
            positions,
          ]),
        );
      });
    }
  };

  const findingLine = (f: Finding, clock: number, phase: number): string => {
    // The severity stays as the engine gave it: on a 1.0 or 1.1 dataset, rules added later
    // report at a milder one (rules.ts, defaultSeveritySince).
    const { file: _file, ...rest } = f;
    const emit: EmitKey = [clock, phase, start, seq];
    return stageLine(key, `f${(seq++).toString(16).padStart(8, "0")}`, [
      "F",
      file,
      start,
      emit,
      rest,
    ]);
  };

  let tagAt = 0;
  const flush = async (): Promise<void> => {
    if (!pending.length) return;
    const out = pending.join("");
    pending = [];
    await write(out);
  };
  // Facts are written before each next chunk is read: a part's facts never pile up in memory,
  // and a slow consumer (a pipe) slows the reading down.
  let bytesRead = 0;
  async function* paced(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      await flush();
      bytesRead += chunk.length;
      o.onBytes?.(bytesRead);
      yield chunk;
    }
  }
  for await (const finding of run.iterate(
    paced(chunks),
    () => {},
    () => {},
  )) {
    pending.push(findingLine(finding, run.tags[tagAt] as number, run.tags[tagAt + 1] as number));
    tagAt += 2;
    // The tags consumed so far are not needed again.
    if (tagAt > 1 << 16) {
      run.tags.splice(0, tagAt);
      tagAt = 0;
    }
  }
  const summary = run.summary();
  const part: PartSummary = {
    file,
    inputIndex: o.inputIndex ?? 0,
    start,
    end,
    eof,
    lines: run.linesRead,
    records: summary.records,
    recordsByType: summary.recordsByType,
    bytes: summary.bytes,
    format: summary.format,
    compressed: summary.compressed,
    ...(summary.compressedBytes !== undefined ? { compressedBytes: summary.compressedBytes } : {}),
    schemaVersion: summary.schemaVersion,
    schemaVersionSupported: summary.schemaVersionSupported,
    ...(summary.assumedSchemaVersion !== undefined
      ? { assumedSchemaVersion: summary.assumedSchemaVersion }
      : {}),
    aborted: summary.aborted,
  };
  pending.push(stageLine(key, "p", ["P", STAGE_CONTRACT, optionsFingerprint(userOptions), part]));
  await flush();
  return part;
}
