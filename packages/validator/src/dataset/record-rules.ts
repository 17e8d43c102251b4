/**
 * Rules that look at one record alone (no other record is needed): an event's end before its
 * start, periods that end before they start (positions, memberships, 1.1 date bounds), quote
 * insertions not found in the quote, unresolved quote speakers.
 */
import type { RecordHandle } from "../record-cursor";
import type { RuleId } from "../rules";
import { type DatasetRuleSink, enabledOnce } from "./sink";
import { StatementRules } from "./statement-rules";
import { dateValue, dayFirst, dayLast, isObject } from "./values";

export class RecordRules {
  /** Whether a rule is on, asked of the sink once per rule. */
  private readonly on: (ruleId: RuleId) => boolean;

  /** The one-record rules of standard 1.2 (what 1.1 let through). */
  private readonly statements: StatementRules;

  constructor(private readonly sink: DatasetRuleSink) {
    this.on = enabledOnce(sink);
    this.statements = new StatementRules(sink);
  }

  /**
   * Checks one parsed record of a known type (valid or not: every access is defensive).
   * `eventStart`: the day range of an event's date, as the cross-record rules computed it.
   */
  check(
    record: Record<string, unknown>,
    type: string,
    handle: RecordHandle,
    eventStart: [number, number] | undefined,
  ): void {
    const sink = this.sink;
    this.statements.check(record, type, handle);
    switch (type) {
      case "event":
        this.event(record, handle, eventStart);
        break;
      case "person":
        if (Array.isArray(record.positions)) {
          const positions = record.positions;
          for (let i = 0; i < positions.length; i++) {
            const p = positions[i];
            if (isObject(p))
              this.period(p.start, p.end, "/positions", i, "start", "end", "position", handle);
          }
        }
        break;
      case "organization":
      case "format":
        if (Array.isArray(record.members)) {
          const members = record.members;
          for (let i = 0; i < members.length; i++) {
            const m = members[i];
            if (isObject(m))
              this.period(m.since, m.until, "/members", i, "since", "until", "membership", handle);
          }
        }
        break;
      case "quote": {
        // A fast-path record's projection leaves the text out (reads.ts): it is read from the
        // record only for a quote with insertions.
        const text =
          !Array.isArray(record.insertions) || !this.on("quote-insertion-not-found")
            ? undefined
            : record.text === undefined
              ? handle.memberOf?.("text")
              : record.text;
        if (Array.isArray(record.insertions) && typeof text === "string") {
          const insertions = record.insertions;
          for (let i = 0; i < insertions.length; i++) {
            const insertion = insertions[i];
            if (!isObject(insertion) || typeof insertion.text !== "string" || insertion.text === "")
              continue;
            const wanted =
              typeof insertion.occurrence === "number" && insertion.occurrence >= 1
                ? insertion.occurrence
                : 1;
            let found = 0;
            for (
              let at = text.indexOf(insertion.text);
              at >= 0 && found < wanted;
              at = text.indexOf(insertion.text, at + 1)
            )
              found++;
            if (found >= wanted) continue;
            const pointer = `/insertions/${i}/text`;
            sink.report({
              ruleId: "quote-insertion-not-found",
              message:
                wanted === 1
                  ? `The insertion '${insertion.text}' does not occur in the quote's text`
                  : `The quote's text has ${found} occurrence(s) of '${insertion.text}', not ${wanted}`,
              pointer,
              position: () => handle.locate(pointer),
              recordIndex: handle.index,
              ...(handle.id ? { recordId: handle.id } : {}),
            });
          }
        }
        if (
          isObject(record.speaker) &&
          record.speaker.unresolved !== undefined &&
          this.on("quote-speaker-unresolved")
        ) {
          const u = record.speaker.unresolved;
          const who = isObject(u)
            ? typeof u.name === "string"
              ? u.name
              : typeof u.description === "string"
                ? u.description
                : ""
            : "";
          sink.report({
            ruleId: "quote-speaker-unresolved",
            message: `The speaker is known only as '${who}'; link a person record when the source identifies them`,
            pointer: "/speaker/unresolved",
            position: () => handle.locate("/speaker/unresolved"),
            recordIndex: handle.index,
            ...(handle.id ? { recordId: handle.id } : {}),
          });
        }
        break;
      }
    }
  }

  private event(
    record: Record<string, unknown>,
    handle: RecordHandle,
    start: [number, number] | undefined,
  ): void {
    const sink = this.sink;
    const end = dayLast(dateValue(record.endDate));
    if (start && end >= 0 && end < start[0] && this.on("event-end-before-start")) {
      sink.report({
        ruleId: "event-end-before-start",
        message: `The event ends (${dateValue(record.endDate)}) before it starts (${dateValue(record.date)})`,
        pointer: "/endDate",
        position: () => handle.locate("/endDate"),
        recordIndex: handle.index,
        ...(handle.id ? { recordId: handle.id } : {}),
      });
    }
    // Standard 1.1: bounds on an undated event must leave room for it.
    if (record.notBefore !== undefined && record.notAfter !== undefined)
      this.period(
        record.notBefore,
        record.notAfter,
        "",
        -1,
        "notBefore",
        "notAfter",
        "window the event's date is bounded to",
        handle,
      );
  }

  /** A period of the record (`list` ""), or of item `index` of its `list`. */
  private period(
    startValue: unknown,
    endValue: unknown,
    list: string,
    index: number,
    startName: string,
    endName: string,
    what: string,
    handle: RecordHandle,
  ): void {
    // Days as numbers, -1 for a missing or malformed date: this runs for every period.
    const start = dayFirst(dateValue(startValue));
    const end = dayLast(dateValue(endValue));
    if (start < 0 || end < 0 || end >= start || !this.on("period-end-before-start")) return;
    const base = index < 0 ? list : `${list}/${index}`;
    const pointer = `${base}/${endName}/value`;
    this.sink.report({
      ruleId: "period-end-before-start",
      message: `The ${what} ends (${dateValue(endValue)}) before it starts (${dateValue(startValue)}: '${startName}')`,
      pointer,
      position: () => handle.locate(pointer),
      recordIndex: handle.index,
      ...(handle.id ? { recordId: handle.id } : {}),
    });
  }
}
