/**
 * The report stage: gathers the parts' summaries and findings and the reducers' findings, and
 * turns them into one result per input, exactly as `parley validate` would have produced it on
 * one machine (before the CLI's caps, which are applied to the results as to any run):
 *
 * - parts are placed in their file by their start byte, and must tile it (a missing or a
 *   duplicated part is an error, not a report with holes);
 * - part-relative line numbers and record indexes become file ones from the parts' counts;
 * - severities come from the configuration and the dataset's version; unresolved references
 *   get their "did you mean" (from the ids of all reducers, while an input has at most 50,000
 *   of them, as one process);
 * - findings are ordered by offset, then rule, then the moment one process would have emitted
 *   them; a summary lists rules in the order one process first reported them.
 *
 * Findings are not held: they go, as they arrive and still part-relative (the parts that place
 * them may come last), into a store that gives them back in report order — the CLI's external
 * sort, which spills to disk (`StagedFindingStore`). The reference-cycle links go to a store
 * too (`StagedLinkStore`), and are held as two 64-bit hashes each until the end, where the
 * check keeps only those that may be on a cycle (dataset/cycles.ts, `CycleLinkHashes`). What is
 * held per input: the parts' summaries, up to 50,001 id names, the 200 first unresolved
 * references' emission keys, the tallies of references beyond the itemised ones, a bit per
 * record for the summary, and 20 bytes per reference-cycle link.
 */

import { CycleLinkHashes, type IdLanes, ReferenceCycles } from "../dataset/cycles";
import type { CycleLink } from "../dataset/merge-state";
import {
  danglingMessage,
  duplicateIdMessage,
  formatMembersMessage,
  publishedBeforeEventMessage,
  wrongTypeMessage,
} from "../dataset/messages";
import { positionOf } from "../dataset/sink";
import type { Finding, RuleCount, Severity, ValidationSummary } from "../finding";
import { resolveSeverities } from "../rules";
import { didYouMean } from "../suggest";
import {
  compareEmitKeys,
  type EmitKey,
  END_CLOCK,
  type PartPosition,
  parseStageLine,
  STAGE_CONTRACT,
  StageInputError,
  SUGGESTION_BUDGET,
  SUGGESTION_ID_LIMIT,
} from "./contract";
import { optionsFingerprint, type PartSummary, type StageOptions } from "./map";
import type { MessageSpec } from "./reduce";

/**
 * A finding of the report stage before its part is placed in the file: line and record index
 * relative to the part, message as data where it names a line or gets a suggestion.
 */
export interface StagedFinding {
  ruleId: string;
  /** Byte offset in the file (absolute): the report's first order. */
  offset: number;
  /** When one process emitted it (contract.ts): orders findings at one offset of one rule. */
  emit: EmitKey;
  /** Start byte of the part it was found in. */
  part: number;
  line: number;
  column: number;
  pointer: string;
  recordIndex: number | null;
  recordId?: string;
  /** A part's own finding: as the engine reported it. */
  severity?: Severity;
  message?: string;
  suggestion?: string;
  /** A reducer's finding: its message, worded once lines are known. */
  spec?: MessageSpec;
  /** An unresolved reference: the type wanted and the id, for its message and "did you mean". */
  unresolved?: [target: string, ref: string];
}

/** The report order: offset, rule, then the moment one process emitted the finding. */
export function compareStagedFindings(a: StagedFinding, b: StagedFinding): number {
  return (
    a.offset - b.offset ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    compareEmitKeys(a.emit, b.emit)
  );
}

/**
 * Keeps items (an input's staged findings, or its reference-cycle links) until every part is
 * known and gives them back sorted, as often as asked. The CLI's spills sorted runs to disk.
 */
export interface SortedStore<T> {
  /** Returns a promise only when it must be awaited (a run being written). */
  add(item: T): Promise<void> | undefined;
  sorted(): AsyncIterable<T>;
  dispose(): Promise<void>;
}

/** An input's staged findings, given back in `compareStagedFindings` order. */
export type StagedFindingStore = SortedStore<StagedFinding>;

/** A store in memory, sorted by `compare`: for callers that expect few items. */
function sortedInMemory<T>(compare: (a: T, b: T) => number): SortedStore<T> {
  let all: T[] = [];
  let sorted = false;
  return {
    add(item) {
      all.push(item);
      sorted = false;
      return undefined;
    },
    async *sorted() {
      if (!sorted) all.sort(compare);
      sorted = true;
      yield* all;
    },
    async dispose() {
      all = [];
    },
  };
}

/** A finding store in memory: for callers that expect few findings. */
export function memoryStore(): StagedFindingStore {
  return sortedInMemory(compareStagedFindings);
}

/**
 * A reference-cycle link as the report stage keeps it until the check: part start, its number
 * in the part, kind (0 `reports`, 1 `parent`), from, to, report index (-1: `/parent`), record
 * index, line (both part-relative), column, byte offset.
 */
export type StagedLink = [
  part: number,
  seq: number,
  kind: number,
  from: string,
  to: string,
  reportIndex: number,
  record: number,
  line: number,
  column: number,
  offset: number,
];

/** File order of links: by part start, then their number in the part. */
export function compareStagedLinks(a: StagedLink, b: StagedLink): number {
  return a[0] - b[0] || a[1] - b[1];
}

/**
 * An input's reference-cycle links, given back in `compareStagedLinks` order (once, if any may
 * be on a cycle).
 */
export type StagedLinkStore = SortedStore<StagedLink>;

/** A link store in memory: for callers that expect few links. */
export function memoryLinkStore(): StagedLinkStore {
  return sortedInMemory(compareStagedLinks);
}

/** One input's report: its summary, and its findings in report order. */
export interface StageResult {
  summary: ValidationSummary;
  /** Findings by rule (the summary's `reported` counts). */
  byRule: Map<string, number>;
  /** The findings, placed in the file, in report order; may be iterated more than once. */
  findings(): AsyncIterable<Finding>;
  /** Releases the store (its temporary files). */
  dispose(): Promise<void>;
}

interface InputLines {
  parts: PartSummary[];
  store: StagedFindingStore;
  tallies: Map<string, { count: number; records: number[] }>;
  ids: number;
  names: Array<[string, string, number]> | null;
  /** Emission keys of the first unresolved references (those that may get a suggestion). */
  firstUnresolved: EmitKey[];
  /**
   * The parts' links for the cycle check (reference-cycle), as hashes (~500,000 links at
   * 5,000,000 records of the bench: 10 MB), and as they are in `linkStore`.
   */
  links: CycleLinkHashes;
  linkStore: StagedLinkStore;
}

export interface GatherOptions extends StageOptions {
  /** Input names in report order; without it, inputs are ordered as the map stage numbered them. */
  inputs?: string[];
  /** Where each input's reference-cycle links wait for the check (in memory by default). */
  newLinkStore?: () => StagedLinkStore;
  /** How ids are hashed for the cycle check's pruning (tests make two ids collide). */
  idLanes?: IdLanes;
}

/**
 * Reads stage lines (any order) and returns one result per input, in report order. Findings go
 * to stores made by `newStore` (one per input; in memory by default).
 */
export async function gatherStageResults(
  lines: AsyncIterable<string>,
  options: GatherOptions = {},
  newStore: () => StagedFindingStore = memoryStore,
): Promise<StageResult[]> {
  const fingerprint = optionsFingerprint(options);
  // Which rules are on does not depend on the dataset's version (only their level does).
  const on = resolveSeverities(options.rules);
  const inputs = new Map<string, InputLines>();
  const of = (file: string): InputLines => {
    let input = inputs.get(file);
    if (!input) {
      input = {
        parts: [],
        store: newStore(),
        tallies: new Map(),
        ids: 0,
        names: [],
        firstUnresolved: [],
        links: new CycleLinkHashes(options.idLanes),
        linkStore: (options.newLinkStore ?? memoryLinkStore)(),
      };
      inputs.set(file, input);
    }
    return input;
  };
  try {
    let lineNo = 0;
    for await (const raw of lines) {
      lineNo++;
      const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
      if (line === "") continue;
      const parsed = parseStageLine(line);
      if (!parsed)
        throw new StageInputError(`line ${lineNo}: not a stage line (KEY<TAB>ORDER<TAB>JSON)`);
      const v = parsed.value;
      const input = of(v[0] === "P" ? (v[3] as PartSummary).file : (v[1] as string));
      let adding: Promise<void> | undefined;
      switch (v[0]) {
        case "P": {
          if (v[1] !== STAGE_CONTRACT) {
            throw new StageInputError(
              `line ${lineNo}: a part written by another version of the stages (contract ${String(v[1])}, this parley reads ${STAGE_CONTRACT})`,
            );
          }
          if (v[2] !== fingerprint) {
            throw new StageInputError(
              `line ${lineNo}: the part of '${(v[3] as PartSummary).file}' at byte ${(v[3] as PartSummary).start} was mapped with other options (--config, --schema-version, --input-format) than the report runs with; give every stage the same`,
            );
          }
          input.parts.push(v[3] as PartSummary);
          break;
        }
        case "F": {
          const f = v[4] as Omit<Finding, "file">;
          const staged: StagedFinding = {
            ruleId: f.ruleId,
            offset: f.offset,
            emit: v[3] as EmitKey,
            part: v[2] as number,
            line: f.line,
            column: f.column,
            pointer: f.pointer,
            recordIndex: f.recordIndex,
            severity: f.severity,
            message: f.message,
          };
          if (f.recordId !== undefined) staged.recordId = f.recordId;
          if (f.suggestion !== undefined) staged.suggestion = f.suggestion;
          adding = input.store.add(staged);
          break;
        }
        case "X": {
          const [ruleId, part, rel, recordId, pointer, pos, spec, emit] = v.slice(2) as [
            string,
            number,
            number,
            string | null,
            string,
            PartPosition,
            MessageSpec,
            EmitKey,
          ];
          if (!on.has(ruleId)) break;
          adding = input.store.add(cross(ruleId, part, rel, recordId, pointer, pos, emit, spec));
          break;
        }
        case "D": {
          const [part, rel, recordId, ref, target, pointer, pos, key] = v.slice(2) as [
            number,
            number,
            string | null,
            string,
            string,
            string,
            PartPosition,
            number[],
          ];
          if (!on.has("ref-dangling")) break;
          const emit = [END_CLOCK, ...key];
          noteUnresolved(input.firstUnresolved, emit);
          const staged = cross("ref-dangling", part, rel, recordId, pointer, pos, emit);
          staged.unresolved = [target, ref];
          adding = input.store.add(staged);
          break;
        }
        case "L": {
          if (!on.has("reference-cycle")) break;
          const [part, kind, from, to, pointer, rel, pos] = v.slice(2) as [
            number,
            CycleLink["kind"],
            string,
            string,
            string,
            number,
            PartPosition,
          ];
          // The map numbers a part's links in input order (the line's ORDER: `l` + 8 hex digits).
          const seq = /^l[0-9a-f]{8}$/.test(parsed.order)
            ? Number.parseInt(parsed.order.slice(1), 16)
            : Number.NaN;
          if (Number.isNaN(seq) || (kind !== "reports" && kind !== "parent"))
            throw new StageInputError(
              `line ${lineNo}: a reference-cycle link without its number or kind`,
            );
          input.links.note(part, seq, kind, from, to);
          adding = input.linkStore.add([
            part,
            seq,
            kind === "reports" ? 0 : 1,
            from,
            to,
            // The map stage writes the link's pointer: /parent or /reports/{i}/source.
            pointer === "/parent" ? -1 : Number(pointer.split("/")[2]),
            rel,
            pos[0],
            pos[1],
            pos[2],
          ]);
          break;
        }
        case "T": {
          const tally = input.tallies.get(v[2] as string) ?? { count: 0, records: [] };
          tally.count += v[3] as number;
          for (const r of v[4] as number[]) tally.records.push(r);
          input.tallies.set(v[2] as string, tally);
          break;
        }
        case "N":
          input.ids += v[2] as number;
          if (v[3] === null || input.names === null) input.names = null;
          else for (const n of v[3] as Array<[string, string, number]>) input.names.push(n);
          if (input.names && input.names.length > SUGGESTION_ID_LIMIT) input.names = null;
          break;
        case "d":
        case "m":
        case "r":
          throw new StageInputError(
            `line ${lineNo}: a fact for the reducers; the report reads the reducers' output (map | LC_ALL=C sort | reduce | report)`,
          );
        default:
          throw new StageInputError(`line ${lineNo}: unknown stage line '${String(v[0])}'`);
      }
      if (adding) await adding;
    }
    for (const [file, input] of inputs)
      if (!input.parts.length)
        throw new StageInputError(
          `no part of '${file}' was mapped (its findings came without its summary)`,
        );

    const order = options.inputs;
    if (order) {
      for (const name of order)
        if (!inputs.has(name)) throw new StageInputError(`no map output for '${name}'`);
      for (const name of inputs.keys())
        if (!order.includes(name))
          throw new StageInputError(
            `map output for '${name}', which is not among the inputs named`,
          );
    }
    const names =
      order ??
      [...inputs.keys()].sort((a, b) => {
        const ia = (inputs.get(a) as InputLines).parts[0]?.inputIndex ?? 0;
        const ib = (inputs.get(b) as InputLines).parts[0]?.inputIndex ?? 0;
        return ia - ib || (a < b ? -1 : a > b ? 1 : 0);
      });
    const results: StageResult[] = [];
    for (const name of names)
      results.push(await resultOf(name, inputs.get(name) as InputLines, options.rules));
    return results;
  } catch (error) {
    await Promise.all([...inputs.values()].map((input) => input.store.dispose()));
    throw error;
  } finally {
    await Promise.all([...inputs.values()].map((input) => input.linkStore.dispose()));
  }
}

/** A reducer's finding, staged. */
function cross(
  ruleId: string,
  part: number,
  rel: number,
  recordId: string | null,
  pointer: string,
  pos: PartPosition,
  emit: EmitKey,
  spec?: MessageSpec,
): StagedFinding {
  const staged: StagedFinding = {
    ruleId,
    offset: pos[2],
    emit,
    part,
    line: pos[0],
    column: pos[1],
    pointer,
    recordIndex: rel,
  };
  if (recordId) staged.recordId = recordId;
  if (spec) staged.spec = spec;
  return staged;
}

/** Keeps the SUGGESTION_BUDGET smallest emission keys of unresolved references, sorted. */
function noteUnresolved(first: EmitKey[], emit: EmitKey): void {
  if (
    first.length >= SUGGESTION_BUDGET &&
    compareEmitKeys(emit, first[first.length - 1] as EmitKey) >= 0
  )
    return;
  let lo = 0;
  let hi = first.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareEmitKeys(first[mid] as EmitKey, emit) < 0) lo = mid + 1;
    else hi = mid;
  }
  first.splice(lo, 0, emit);
  if (first.length > SUGGESTION_BUDGET) first.pop();
}

/** Places the parts in their file: line and record offsets by part start. */
function placeParts(file: string, parts: PartSummary[]) {
  const sorted = [...parts].sort((a, b) => a.start - b.start || (a.end ?? 0) - (b.end ?? 0));
  const placed: PartSummary[] = [];
  for (const p of sorted) {
    const last = placed[placed.length - 1];
    if (last && last.start === p.start) {
      // Empty parts (a range inside one long line) land on the same line start: harmless.
      if (p.records === 0 && p.lines === 0 && p.end === p.start) continue;
      if (last.records === 0 && last.lines === 0 && last.end === last.start) {
        placed[placed.length - 1] = p;
        continue;
      }
      throw new StageInputError(`the part of '${file}' at byte ${p.start} was mapped twice`);
    }
    placed.push(p);
  }
  const whole = placed.find((p) => p.end === null);
  if (whole && placed.length > 1)
    throw new StageInputError(
      `'${file}' was mapped whole and in byte ranges: use one or the other`,
    );
  if (!whole) {
    let expected = 0;
    for (const p of placed) {
      if (p.start !== expected)
        throw new StageInputError(
          `bytes ${expected}-${p.start} of '${file}' were not mapped (or mapped with ranges that overlap)`,
        );
      expected = p.end as number;
    }
    if (!placed[placed.length - 1]?.eof)
      throw new StageInputError(`the end of '${file}' (from byte ${expected}) was not mapped`);
  }
  const lineOffset = new Map<number, number>();
  const recordOffset = new Map<number, number>();
  let lines = 0;
  let records = 0;
  for (const p of placed) {
    lineOffset.set(p.start, lines);
    recordOffset.set(p.start, records);
    lines += p.lines;
    records += p.records;
  }
  return { placed, lineOffset, recordOffset, records };
}

async function resultOf(
  file: string,
  input: InputLines,
  rules: StageOptions["rules"],
): Promise<StageResult> {
  const { placed, lineOffset, recordOffset, records } = placeParts(file, input.parts);
  // Reducers' findings at the severities of the dataset's declared version, as one process
  // reports them at the end of the input; each part's own findings came with theirs.
  const severities = resolveSeverities(rules, (placed[0] as PartSummary).schemaVersion);
  const lineAt = (part: number, line: number): number => {
    const base = lineOffset.get(part);
    if (base === undefined)
      throw new StageInputError(
        `a finding of '${file}' refers to a part at byte ${part} that was not mapped`,
      );
    return base + line;
  };
  const recordAt = (part: number, rel: number): number => (recordOffset.get(part) ?? 0) + rel;

  // Cycles through the whole input, as one process checks them at its end: the links that may
  // be on one (pruned on their hashes), read back in file order with their ids and positions.
  // Its findings are placed already; they join the store as the first part's.
  if (input.links.size) {
    const candidates = input.links.prune(placed.map((p) => p.start));
    if (candidates.kept > 0) {
      const cycles = new ReferenceCycles();
      cycles.reserve(candidates.bound);
      for await (const link of input.linkStore.sorted()) {
        const [part, seq, kind, from, to, reportIndex, rel, line, column, offset] = link;
        const name = kind === 0 ? "reports" : "parent";
        // A part that is not placed has no links among the input's (placeParts checked the tiling).
        if (!lineOffset.has(part) || !candidates.keeps(part, seq, name, from)) continue;
        cycles.addLink(name, from, to, reportIndex, recordAt(part, rel), {
          line: lineAt(part, line),
          column,
          offset,
        });
      }
      const found: StagedFinding[] = [];
      cycles.finish({
        report: (f) => {
          const position = positionOf(f.position);
          found.push({
            ruleId: f.ruleId,
            offset: position.offset,
            emit: [END_CLOCK, -1, found.length],
            part: (placed[0] as PartSummary).start,
            line: position.line,
            column: position.column,
            pointer: f.pointer,
            recordIndex: f.recordIndex,
            ...(f.recordId !== undefined ? { recordId: f.recordId } : {}),
            message: f.message,
          });
        },
        tally: () => {},
        enabled: () => true,
      });
      for (const staged of found) await input.store.add(staged);
    }
  }
  await input.linkStore.dispose();

  // "Did you mean" for the first unresolved references, in the order one process reported
  // them at the end of the input, while the input has few enough ids.
  const withSuggestions =
    input.names !== null && input.ids <= SUGGESTION_ID_LIMIT && severities.has("ref-dangling");
  const suggestions = new Map<string, string | undefined>();
  if (withSuggestions) {
    const byType = new Map<string, string[]>();
    const declared = [...(input.names as Array<[string, string, number]>)].sort(
      (a, b) => a[2] - b[2],
    );
    for (const [id, type] of declared) {
      const list = byType.get(type) ?? [];
      list.push(id);
      byType.set(type, list);
    }
    // The references themselves are in the store: their keys say which ones, a pass finds them.
    const wanted = new Set(input.firstUnresolved.map((k) => JSON.stringify(k)));
    for await (const staged of input.store.sorted()) {
      if (!staged.unresolved) continue;
      const key = JSON.stringify(staged.emit);
      if (!wanted.has(key)) continue;
      const [target, ref] = staged.unresolved;
      suggestions.set(key, didYouMean(ref, byType.get(target) ?? []));
    }
  }

  const place = (staged: StagedFinding): Finding => {
    let suggestion = staged.suggestion;
    let message = staged.message;
    if (staged.unresolved) {
      suggestion = suggestions.get(JSON.stringify(staged.emit));
      message = danglingMessage(staged.unresolved[0], staged.unresolved[1], suggestion);
    } else if (staged.spec) message = wordMessage(staged.spec, lineAt);
    const finding: Finding = {
      ruleId: staged.ruleId,
      severity: staged.severity ?? (severities.get(staged.ruleId) as Severity),
      message: message as string,
      file,
      line: lineAt(staged.part, staged.line),
      column: staged.column,
      offset: staged.offset,
      pointer: staged.pointer,
      recordIndex: staged.recordIndex === null ? null : recordAt(staged.part, staged.recordIndex),
    };
    if (staged.recordId !== undefined) finding.recordId = staged.recordId;
    if (suggestion !== undefined) finding.suggestion = suggestion;
    return finding;
  };

  // Totals, as the single-process run counts them: one pass over the findings.
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const firstEmit = new Map<string, EmitKey>();
  const reportedByRule = new Map<string, number>();
  const ruleSeverity = new Map<string, Severity>();
  const invalid = new Uint8Array((records >>> 3) + 1);
  let invalidRecords = 0;
  const markInvalid = (index: number): void => {
    const bit = 1 << (index & 7);
    const byte = index >>> 3;
    if (byte < invalid.length && !((invalid[byte] as number) & bit)) {
      invalid[byte] = (invalid[byte] as number) | bit;
      invalidRecords++;
    }
  };
  let reported = 0;
  for await (const staged of input.store.sorted()) {
    const { ruleId, emit } = staged;
    lineAt(staged.part, 0); // a finding of a part that was not mapped fails here, not mid-report
    const severity = staged.severity ?? (severities.get(ruleId) as Severity);
    reported++;
    ruleSeverity.set(ruleId, severity);
    const first = firstEmit.get(ruleId);
    if (!first || compareEmitKeys(emit, first) < 0) firstEmit.set(ruleId, emit);
    reportedByRule.set(ruleId, (reportedByRule.get(ruleId) ?? 0) + 1);
    counts[severity]++;
    if (severity === "error" && staged.recordIndex !== null)
      markInvalid(recordAt(staged.part, staged.recordIndex));
  }
  let capped = 0;
  for (const [ruleId, tally] of input.tallies) {
    const severity = severities.get(ruleId);
    if (severity === undefined || tally.count === 0) continue;
    counts[severity] += tally.count;
    capped += tally.count;
    if (!firstEmit.has(ruleId)) firstEmit.set(ruleId, [END_CLOCK, END_CLOCK]);
    if (severity === "error")
      for (let i = 0; i < tally.records.length; i += 2)
        markInvalid(recordAt(tally.records[i] as number, tally.records[i + 1] as number));
  }
  const byRule: Record<string, RuleCount> = {};
  for (const ruleId of [...firstEmit.keys()].sort((a, b) =>
    compareEmitKeys(firstEmit.get(a) as EmitKey, firstEmit.get(b) as EmitKey),
  )) {
    const count = reportedByRule.get(ruleId) ?? 0;
    byRule[ruleId] = {
      severity: (ruleSeverity.get(ruleId) ?? severities.get(ruleId)) as Severity,
      count: count + (input.tallies.get(ruleId)?.count ?? 0),
      reported: count,
    };
  }

  const first = placed[0] as PartSummary;
  const recordsByType: Record<string, number> = {};
  for (const p of placed)
    for (const [type, n] of Object.entries(p.recordsByType))
      recordsByType[type] = (recordsByType[type] ?? 0) + n;
  // The keys in the order of Run.summary(): reports print summaries as they come.
  const summary: ValidationSummary = {
    file,
    format: first.format,
    compressed: first.compressed,
    schemaVersion: first.schemaVersion,
    schemaVersionSupported: first.schemaVersionSupported,
    records,
    recordsByType,
    bytes: placed.reduce((n, p) => n + p.bytes, 0),
    counts,
    byRule,
    reported,
    capped,
    totalCapReached: false,
    rulesCapped: [],
    invalidRecords,
    aborted: placed.some((p) => p.aborted),
  };
  if (first.compressed && first.compressedBytes !== undefined)
    summary.compressedBytes = first.compressedBytes;
  if (first.assumedSchemaVersion !== undefined)
    summary.assumedSchemaVersion = first.assumedSchemaVersion;
  const store = input.store;
  return {
    summary,
    byRule: reportedByRule,
    async *findings() {
      for await (const staged of store.sorted()) yield place(staged);
    },
    dispose: () => store.dispose(),
  };
}

function wordMessage(spec: MessageSpec, lineAt: (part: number, line: number) => number): string {
  switch (spec[0]) {
    case "dup":
      return duplicateIdMessage(spec[1], spec[2], lineAt(spec[3], spec[4]));
    case "wrong":
      return wrongTypeMessage(spec[1], spec[2], spec[3]);
    case "date":
      return publishedBeforeEventMessage(spec[1], spec[2]);
    case "fmt":
      return formatMembersMessage(spec[1], spec[2], spec[3]);
  }
}
