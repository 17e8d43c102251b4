/**
 * Where findings go: severities from the configuration, counts by severity and by rule, the
 * set of invalid records, and the caps. The caps live in `FindingCaps`, the one place that
 * decides which findings are itemised: a run caps each input (bounded memory), the merger of
 * worker parts caps the merged findings, the CLI caps across inputs — all with this class.
 */
import { positionOf } from "./dataset/sink";
import type { EmitKey, Finding, RuleCount, Severity, ValidationSummary } from "./finding";
import type { Position } from "./json/position";
import type { RulesConfig } from "./options";
import { type RuleId, resolveSeverities } from "./rules";

/**
 * `maxFindings` (total) and `maxFindingsPerRule`: findings are admitted in the order they are
 * offered until a cap is reached; the rest are counted, not itemised.
 */
export class FindingCaps {
  private admitted = 0;
  private readonly perRule = new Map<string, number>();
  /** Rules that had a finding refused by the per-rule cap. */
  readonly rulesCapped = new Set<string>();
  /** Whether a finding was refused by the total cap. */
  totalCapHit = false;

  constructor(
    readonly maxFindings = Number.POSITIVE_INFINITY,
    readonly maxPerRule = Number.POSITIVE_INFINITY,
  ) {}

  /** True when a finding of `ruleId` is itemised (and counted as such); false when a cap refuses it. */
  admit(ruleId: string): boolean {
    if (this.admitted >= this.maxFindings) {
      this.totalCapHit = true;
      return false;
    }
    const n = this.perRule.get(ruleId) ?? 0;
    if (n >= this.maxPerRule) {
      this.rulesCapped.add(ruleId);
      return false;
    }
    this.perRule.set(ruleId, n + 1);
    this.admitted++;
    return true;
  }

  /** Findings admitted so far. */
  get reported(): number {
    return this.admitted;
  }

  /** Findings of `ruleId` admitted so far. */
  reportedOf(ruleId: string): number {
    return this.perRule.get(ruleId) ?? 0;
  }

  /** Whether the per-rule cap is what stops `ruleId` (its admitted findings reached it). */
  ruleAtCap(ruleId: string): boolean {
    return this.reportedOf(ruleId) >= this.maxPerRule;
  }
}

/** The summary fields that count findings and invalid records. */
export type FindingTotals = Pick<
  ValidationSummary,
  "counts" | "byRule" | "reported" | "capped" | "totalCapReached" | "rulesCapped" | "invalidRecords"
>;

export class FindingsCollector {
  private severities: Map<string, Severity>;
  private readonly caps: FindingCaps;
  private queue: Finding[] = [];
  private readonly byRule: Record<string, RuleCount> = {};
  private readonly counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  private capped = 0;
  private invalidBits = new Uint8Array(1024);
  private invalidRecords = 0;

  constructor(
    /** The input's name, as findings carry it. */
    private readonly file: string,
    private readonly rules: RulesConfig | undefined,
    maxFindings?: number,
    maxFindingsPerRule?: number,
  ) {
    this.severities = resolveSeverities(rules);
    this.caps = new FindingCaps(maxFindings, maxFindingsPerRule);
  }

  /**
   * The dataset's declared version is known: rules added after it report at their severity for
   * that version (a warning, unless configured). Which rules are on does not change.
   */
  useVersion(version: string | null): void {
    this.severities = resolveSeverities(this.rules, version);
  }

  /** Whether a rule is on; disabled rules cost nothing. */
  enabled(ruleId: RuleId): boolean {
    return this.severities.has(ruleId);
  }

  report(
    ruleId: RuleId,
    /** A function is called only if the finding is itemised (see DatasetFinding.position). */
    position: Position | (() => Position),
    pointer: string,
    recordIndex: number | null,
    message: string,
    recordId?: string,
    suggestion?: string,
    emitted?: EmitKey,
  ): void {
    const severity = this.severities.get(ruleId);
    if (severity === undefined) return;
    this.count(ruleId, severity, 1);
    if (severity === "error" && recordIndex !== null) this.markInvalid(recordIndex);
    if (!this.caps.admit(ruleId)) {
      this.capped++;
      return;
    }
    (this.byRule[ruleId] as RuleCount).reported++;
    const at = positionOf(position);
    const finding: Finding = {
      ruleId,
      severity,
      message,
      file: this.file,
      line: at.line,
      column: at.column,
      offset: at.offset,
      pointer,
      recordIndex,
    };
    if (recordId !== undefined) finding.recordId = recordId;
    if (suggestion !== undefined) finding.suggestion = suggestion;
    if (emitted !== undefined) finding.emitted = emitted;
    this.queue.push(finding);
  }

  /** Counts `n` findings that are not itemised (beyond a pending-check limit). */
  tally(ruleId: RuleId, n: number, recordIndexes: number[]): void {
    const severity = this.severities.get(ruleId);
    if (severity === undefined || n === 0) return;
    this.count(ruleId, severity, n);
    this.capped += n;
    if (severity === "error") for (const i of recordIndexes) this.markInvalid(i);
  }

  private count(ruleId: string, severity: Severity, n: number): void {
    this.counts[severity] += n;
    const tally = this.byRule[ruleId];
    if (tally) tally.count += n;
    else this.byRule[ruleId] = { severity, count: n, reported: 0 };
  }

  /** Marks a record as having an error (counted once). */
  markInvalid(index: number): void {
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

  /** Record indexes with an error, for merging parts. */
  invalidRecordIndexes(): number[] {
    const out: number[] = [];
    for (let byte = 0; byte < this.invalidBits.length; byte++) {
      const bits = this.invalidBits[byte] as number;
      if (bits) for (let b = 0; b < 8; b++) if (bits & (1 << b)) out.push(byte * 8 + b);
    }
    return out;
  }

  /** Findings produced since the last call. */
  drain(): Finding[] {
    const out = this.queue;
    this.queue = [];
    return out;
  }

  totals(): FindingTotals {
    return {
      counts: this.counts,
      byRule: this.byRule,
      reported: this.caps.reported,
      capped: this.capped,
      totalCapReached: this.caps.reported >= this.caps.maxFindings && this.capped > 0,
      rulesCapped: [...this.caps.rulesCapped].sort(),
      invalidRecords: this.invalidRecords,
    };
  }
}
