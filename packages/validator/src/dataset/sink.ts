/** What dataset rules report to: the engine's findings collector, behind a narrow interface. */
import type { EmitKey } from "../finding";
import type { Position } from "../json/position";
import type { RuleId } from "../rules";

export interface DatasetFinding {
  ruleId: RuleId;
  message: string;
  pointer: string;
  /**
   * Where it is; a function when finding it costs (decoding the record's bytes to count lines
   * and columns): called, at once, only if the caps let the finding be itemised.
   */
  position: Position | (() => Position);
  recordIndex: number;
  recordId?: string;
  suggestion?: string;
  /** When one process reports it, where findings of one rule at one position can tie (finding.ts). */
  emitted?: EmitKey;
}

export interface DatasetRuleSink {
  report(finding: DatasetFinding): void;
  /** Counts occurrences that are not itemised (beyond the pending limit). */
  tally(ruleId: RuleId, count: number, recordIndexes: number[]): void;
  /** Whether a rule is enabled; disabled rules cost nothing. */
  enabled(ruleId: RuleId): boolean;
}

/**
 * `sink.enabled`, asked once per rule: the configuration does not change during a run, and
 * the rule classes ask for every record.
 */
export function enabledOnce(sink: DatasetRuleSink): (ruleId: RuleId) => boolean {
  const answers = new Map<RuleId, boolean>();
  return (ruleId) => {
    let on = answers.get(ruleId);
    if (on === undefined) {
      on = sink.enabled(ruleId);
      answers.set(ruleId, on);
    }
    return on;
  };
}

/** A finding's position, computed now if it was given as a function. */
export function positionOf(position: Position | (() => Position)): Position {
  return typeof position === "function" ? position() : position;
}
