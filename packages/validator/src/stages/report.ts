/**
 * The report stage: gathers the parts' summaries and findings and the reducers' findings, and
 * turns them into one result per input, exactly as `parley validate` would have produced it on
 * one machine (before the CLI's caps, which are applied to the results as to any run):
 *
 * - parts are placed in their file by their start byte, and must tile it (a missing or a
 *   duplicated part is an error, not a report with holes);
 * - part-relative line numbers and record indexes become file ones from the parts' counts;
 * - severities come from the configuration; unresolved references get their "did you mean"
 *   (from the ids of all reducers, while an input has at most 50,000 of them, as one process);
 * - findings are ordered by offset, then rule, then the moment one process would have emitted
 *   them; a summary lists rules in the order one process first reported them.
 *
 * It holds the findings (as `parley validate` does), not the records or the ids.
 */

import {
  danglingMessage,
  duplicateIdMessage,
  formatMembersMessage,
  publishedBeforeEventMessage,
  wrongTypeMessage,
} from "../dataset/messages";
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

interface Placed {
  finding: Finding;
  emit: EmitKey;
}

interface InputLines {
  parts: PartSummary[];
  /** Map findings: part start, emission key, the finding with part-relative line and index. */
  own: Array<[number, EmitKey, Omit<Finding, "file">]>;
  cross: Array<[string, number, number, string | null, string, PartPosition, MessageSpec, EmitKey]>;
  unresolved: Array<
    [number, number, string | null, string, string, string, PartPosition, number[]]
  >;
  tallies: Map<string, { count: number; records: number[] }>;
  ids: number;
  names: Array<[string, string, number]> | null;
}

export interface GatherOptions extends StageOptions {
  /** Input names in report order; without it, inputs are ordered as the map stage numbered them. */
  inputs?: string[];
}

/** Reads stage lines (any order) and returns one result per input, in report order. */
export async function gatherStageResults(
  lines: AsyncIterable<string>,
  options: GatherOptions = {},
): Promise<Array<{ findings: Finding[]; summary: ValidationSummary }>> {
  const fingerprint = optionsFingerprint(options);
  const inputs = new Map<string, InputLines>();
  const of = (file: string): InputLines => {
    let input = inputs.get(file);
    if (!input) {
      input = {
        parts: [],
        own: [],
        cross: [],
        unresolved: [],
        tallies: new Map(),
        ids: 0,
        names: [],
      };
      inputs.set(file, input);
    }
    return input;
  };
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
      case "F":
        input.own.push([v[2] as number, v[3] as EmitKey, v[4] as InputLines["own"][number][2]]);
        break;
      case "X":
        input.cross.push(v.slice(2) as InputLines["cross"][number]);
        break;
      case "D":
        input.unresolved.push(v.slice(2) as InputLines["unresolved"][number]);
        break;
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
        throw new StageInputError(`map output for '${name}', which is not among the inputs named`);
  }
  const names =
    order ??
    [...inputs.keys()].sort((a, b) => {
      const ia = (inputs.get(a) as InputLines).parts[0]?.inputIndex ?? 0;
      const ib = (inputs.get(b) as InputLines).parts[0]?.inputIndex ?? 0;
      return ia - ib || (a < b ? -1 : a > b ? 1 : 0);
    });
  return names.map((name) => resultOf(name, inputs.get(name) as InputLines, options.rules));
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

function resultOf(
  file: string,
  input: InputLines,
  rules: StageOptions["rules"],
): { findings: Finding[]; summary: ValidationSummary } {
  const { placed, lineOffset, recordOffset, records } = placeParts(file, input.parts);
  // Cross-record findings at the severities of the dataset's declared version, as one process
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

  const all: Placed[] = [];
  const add = (
    ruleId: string,
    message: string,
    part: number,
    pos: PartPosition,
    pointer: string,
    recordIndex: number | null,
    recordId: string | null | undefined,
    emit: EmitKey,
    suggestion?: string,
  ): void => {
    const severity = severities.get(ruleId);
    if (severity === undefined) return;
    const finding: Finding = {
      ruleId,
      severity,
      message,
      file,
      line: lineAt(part, pos[0]),
      column: pos[1],
      offset: pos[2],
      pointer,
      recordIndex,
    };
    if (recordId) finding.recordId = recordId;
    if (suggestion !== undefined) finding.suggestion = suggestion;
    all.push({ finding, emit });
  };

  for (const [part, emit, f] of input.own) {
    const finding: Finding = {
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      file,
      line: lineAt(part, f.line),
      column: f.column,
      offset: f.offset,
      pointer: f.pointer,
      recordIndex: f.recordIndex === null ? null : recordAt(part, f.recordIndex),
    };
    if (f.recordId !== undefined) finding.recordId = f.recordId;
    if (f.suggestion !== undefined) finding.suggestion = f.suggestion;
    all.push({ finding, emit: [emit[0] as number, emit[1] as number, ...emit.slice(2)] });
  }
  for (const [ruleId, part, rel, recordId, pointer, pos, spec, emit] of input.cross) {
    add(ruleId, wordMessage(spec, lineAt), part, pos, pointer, recordAt(part, rel), recordId, emit);
  }

  // Unresolved references, in the order one process reported them at the end of the input,
  // with "did you mean" for the first ones while the input has few enough ids.
  const unresolved = [...input.unresolved].sort((a, b) => compareEmitKeys(a[7], b[7]));
  const withSuggestions = input.names !== null && input.ids <= SUGGESTION_ID_LIMIT;
  const byType = new Map<string, string[]>();
  if (withSuggestions) {
    const declared = [...(input.names as Array<[string, string, number]>)].sort(
      (a, b) => a[2] - b[2],
    );
    for (const [id, type] of declared) {
      const list = byType.get(type) ?? [];
      list.push(id);
      byType.set(type, list);
    }
  }
  let budget = withSuggestions && severities.has("ref-dangling") ? SUGGESTION_BUDGET : 0;
  for (const [part, rel, recordId, ref, target, pointer, pos, key] of unresolved) {
    let suggestion: string | undefined;
    if (budget > 0) {
      budget--;
      suggestion = didYouMean(ref, byType.get(target) ?? []);
    }
    add(
      "ref-dangling",
      danglingMessage(target, ref, suggestion),
      part,
      pos,
      pointer,
      recordAt(part, rel),
      recordId,
      [END_CLOCK, ...key],
      suggestion,
    );
  }

  // Totals, as the single-process run counts them.
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const firstEmit = new Map<string, EmitKey>();
  const tallyCounts = new Map<string, number>();
  const ruleSeverity = new Map<string, Severity>();
  for (const { finding, emit } of all) {
    ruleSeverity.set(finding.ruleId, finding.severity);
    const first = firstEmit.get(finding.ruleId);
    if (!first || compareEmitKeys(emit, first) < 0) firstEmit.set(finding.ruleId, emit);
    tallyCounts.set(finding.ruleId, (tallyCounts.get(finding.ruleId) ?? 0) + 1);
    counts[finding.severity]++;
  }
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
  for (const { finding } of all)
    if (finding.severity === "error" && finding.recordIndex !== null)
      markInvalid(finding.recordIndex);
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
    const reported = tallyCounts.get(ruleId) ?? 0;
    byRule[ruleId] = {
      severity: (ruleSeverity.get(ruleId) ?? severities.get(ruleId)) as Severity,
      count: reported + (input.tallies.get(ruleId)?.count ?? 0),
      reported,
    };
  }

  all.sort(
    (a, b) =>
      a.finding.offset - b.finding.offset ||
      (a.finding.ruleId < b.finding.ruleId ? -1 : a.finding.ruleId > b.finding.ruleId ? 1 : 0) ||
      compareEmitKeys(a.emit, b.emit),
  );
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
    reported: all.length,
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
  return { findings: all.map((p) => p.finding), summary };
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
