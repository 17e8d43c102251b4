/**
 * One-record rules added with standard 1.2 (issue #14, "what 1.1 lets through"): dates outside
 * their own bounds or inferred finer than they are, an end without a start, a participant
 * listed twice, records that point at themselves, the same language twice, outcomes attributed
 * to non-participants, quote kinds that contradict their rendering, codes missing from codings.
 * Each reads only the record in hand; cycles across records are in `cycles.ts`.
 */
import type { RecordHandle } from "../record-cursor";
import type { RuleId } from "../rules";
import { type DatasetRuleSink, enabledOnce } from "./sink";
import { dateValue, dayFirst, dayLast, isObject } from "./values";

/** The partial-date fields of list items (a record's own: see inferredParts). */
const ITEM_DATE_FIELDS: Record<string, readonly [string, readonly string[]]> = {
  person: ["positions", ["start", "end"]],
  organization: ["members", ["since", "until"]],
  format: ["members", ["since", "until"]],
};
/** The field each record type's bounds constrain. */
const BOUNDED_FIELD: Record<string, string> = {
  event: "date",
  quote: "saidOn",
  source: "published",
};
/** Date parts, coarsest first: a date of precision k gives parts 0..k-1. */
const PARTS = ["year", "month", "day"];

const PARTICIPANT_KEYS = ["person", "organization"] as const;
/** What a participant takes part as, and what an outcome may be attributed to. */
const PRESENT_KEYS = ["person", "organization", "post"] as const;
const ACTOR_KEYS = ["person", "organization", "post", "country"] as const;
/** The code schemes `codes` may name. */
const CODE_SCHEMES = ["cameo", "plover"] as const;

/** Whether a partial date has an `inferred` list (the only dates inferredParts looks at). */
function hasInferred(date: unknown): boolean {
  return isObject(date) && date.inferred !== undefined;
}

/** The index of the first of `participants[0..before)` that lists `ref` as its `key`, or -1. */
function firstListing(
  participants: unknown[],
  before: number,
  key: (typeof PARTICIPANT_KEYS)[number],
  ref: string,
): number {
  for (let j = 0; j < before; j++) {
    const p = participants[j];
    if (isObject(p) && p[key] === ref) return j;
  }
  return -1;
}

/** `key\0ref` → the index of the first participant listing `ref` as its `key`. */
function firstListings(participants: unknown[]): Map<string, number> {
  const firsts = new Map<string, number>();
  participants.forEach((p, i) => {
    if (!isObject(p)) return;
    for (const key of PARTICIPANT_KEYS) {
      const ref = p[key];
      if (typeof ref === "string" && !firsts.has(`${key}\u0000${ref}`))
        firsts.set(`${key}\u0000${ref}`, i);
    }
  });
  return firsts;
}

/** Whether `codings` has an item of `scheme` and `code` (both compared whole: no joined key). */
function hasCoding(codings: unknown[], scheme: string, code: string): boolean {
  for (const c of codings) if (isObject(c) && c.scheme === scheme && c.code === code) return true;
  return false;
}

export class StatementRules {
  /** Whether a rule is on, asked of the sink once per rule. */
  private readonly on: (ruleId: RuleId) => boolean;

  constructor(private readonly sink: DatasetRuleSink) {
    this.on = enabledOnce(sink);
  }

  private report(ruleId: RuleId, pointer: string, message: string, handle: RecordHandle): void {
    this.sink.report({
      ruleId,
      message,
      pointer,
      position: () => handle.locate(pointer),
      recordIndex: handle.index,
      ...(handle.id ? { recordId: handle.id } : {}),
    });
  }

  check(record: Record<string, unknown>, type: string, handle: RecordHandle): void {
    if (this.on("date-outside-bounds")) this.bounds(record, type, handle);
    if (this.on("date-inferred-finer-than-precision")) this.inferredParts(record, type, handle);
    if (this.on("self-reference")) this.selfReferences(record, type, handle);
    switch (type) {
      case "event":
        if (record.endDate !== undefined && record.date === undefined)
          if (this.on("event-end-without-start"))
            this.report(
              "event-end-without-start",
              "/endDate",
              `The event has an endDate (${dateValue(record.endDate) ?? "?"}) but no date: give its first day, or bound it with notBefore`,
              handle,
            );
        if (Array.isArray(record.participants)) {
          if (this.on("participant-duplicate"))
            this.duplicateParticipants(record.participants, handle);
          if (this.on("outcome-attributed-to-non-participant"))
            this.outcomeAttributions(record, record.participants, handle);
        }
        if (this.on("codes-not-in-codings")) this.codesInCodings(record, handle);
        break;
      case "quote":
        if (
          typeof record.originalLang === "string" &&
          typeof record.lang === "string" &&
          record.originalLang.toLowerCase() === record.lang.toLowerCase() &&
          this.on("quote-original-lang-same")
        )
          this.report(
            "quote-original-lang-same",
            "/originalLang",
            `originalLang '${record.originalLang}' is the quote's lang too: omit it when the words are quoted in the language they were spoken in`,
            handle,
          );
        if (this.on("quote-rendering-kind-mismatch")) this.renderingKind(record, handle);
        if (this.on("codes-not-in-codings")) this.codesInCodings(record, handle);
        break;
    }
  }

  /**
   * An event's date or endDate (a quote's saidOn, a source's published) outside its own bounds.
   * One contradiction, one finding: an endDate is reported after notAfter only when the date is
   * not (a date after it usually drags its endDate along), and before notBefore only when there
   * is no date (otherwise the date, or event-end-before-start, already says so).
   */
  private bounds(record: Record<string, unknown>, type: string, handle: RecordHandle): void {
    const field = BOUNDED_FIELD[type];
    if (!field) return;
    // Days as numbers, -1 for a missing or malformed date (no pair per date: every record).
    const notBefore = dayFirst(dateValue(record.notBefore));
    const notAfter = dayLast(dateValue(record.notAfter));
    if (notBefore < 0 && notAfter < 0) return;
    const value = dateValue(record[field]);
    const first = dayFirst(value);
    const last = dayLast(value);
    let after = false;
    // Certainly outside only: '2022-11' is not before a notBefore of '2022-11-17'.
    if (first >= 0 && notBefore >= 0 && last < notBefore)
      this.outside(field, value, "before", record, handle);
    else if (first >= 0 && notAfter >= 0 && first > notAfter) {
      after = true;
      this.outside(field, value, "after", record, handle);
    }
    if (type !== "event") return;
    const endValue = dateValue(record.endDate);
    const endFirst = dayFirst(endValue);
    if (endFirst < 0) return;
    if (!after && notAfter >= 0 && endFirst > notAfter)
      this.outside("endDate", endValue, "after", record, handle);
    else if (first < 0 && notBefore >= 0 && dayLast(endValue) < notBefore)
      this.outside("endDate", endValue, "before", record, handle);
  }

  private outside(
    field: string,
    value: string | undefined,
    side: "before" | "after",
    record: Record<string, unknown>,
    handle: RecordHandle,
  ): void {
    const bound = side === "before" ? "notBefore" : "notAfter";
    this.report(
      "date-outside-bounds",
      `/${field}/value`,
      `${field} ${value} is ${side} the record's own ${bound} ${dateValue(record[bound])}`,
      handle,
    );
  }

  /** `inferred` parts that the date's value does not have ('day' on '2022-11'). */
  // Pointers are built only for a date that has `inferred` parts: this runs for every date.
  private inferredParts(record: Record<string, unknown>, type: string, handle: RecordHandle): void {
    // The partial-date fields of each record type, read by name (one shape per load, where
    // `record[field]` over a table of names was a megamorphic keyed load per date).
    switch (type) {
      case "event":
        this.inferredAt(record.date, "date", handle);
        this.inferredAt(record.endDate, "endDate", handle);
        this.inferredAt(record.notBefore, "notBefore", handle);
        this.inferredAt(record.notAfter, "notAfter", handle);
        break;
      case "quote":
        this.inferredAt(record.saidOn, "saidOn", handle);
        this.inferredAt(record.notBefore, "notBefore", handle);
        this.inferredAt(record.notAfter, "notAfter", handle);
        break;
      case "source":
        this.inferredAt(record.published, "published", handle);
        this.inferredAt(record.notBefore, "notBefore", handle);
        this.inferredAt(record.notAfter, "notAfter", handle);
        break;
      case "format":
        this.inferredAt(record.founded, "founded", handle);
        break;
    }
    const items = ITEM_DATE_FIELDS[type];
    if (!items) return;
    const [list, itemFields] = items;
    const values = record[list];
    if (!Array.isArray(values)) return;
    for (let i = 0; i < values.length; i++) {
      const item = values[i];
      if (!isObject(item)) continue;
      for (const field of itemFields)
        if (hasInferred(item[field])) this.inferred(item[field], `/${list}/${i}/${field}`, handle);
    }
  }

  /** A record's own date `field`, if it has `inferred` parts. */
  private inferredAt(date: unknown, field: string, handle: RecordHandle): void {
    if (hasInferred(date)) this.inferred(date, `/${field}`, handle);
  }

  private inferred(date: unknown, pointer: string, handle: RecordHandle): void {
    if (!isObject(date) || !Array.isArray(date.inferred) || typeof date.value !== "string") return;
    const value = date.value;
    // The parts the value gives: one more than its dashes (no array of the parts).
    let precision = 1;
    for (let at = value.indexOf("-"); at >= 0; at = value.indexOf("-", at + 1)) precision++;
    const parts = date.inferred;
    for (let k = 0; k < parts.length; k++) {
      const part = parts[k];
      const rank = PARTS.indexOf(part as string);
      if (rank < precision) continue;
      this.report(
        "date-inferred-finer-than-precision",
        `${pointer}/inferred/${k}`,
        `'${part}' is marked inferred, but ${value} gives no ${part}`,
        handle,
      );
    }
  }

  // Plain loops and methods, not closures: this runs for every record, and a reference is to
  // itself only in broken data.
  private selfReferences(
    record: Record<string, unknown>,
    type: string,
    handle: RecordHandle,
  ): void {
    const id = record.id;
    if (typeof id !== "string") return;
    if (type === "event" && Array.isArray(record.relations)) {
      const relations = record.relations;
      for (let i = 0; i < relations.length; i++) {
        const r = relations[i];
        if (isObject(r) && r.event === id)
          this.selfReference(id, `/relations/${i}/event`, `is ${String(r.relation)}`, handle);
      }
    }
    if (type === "quote" && isObject(record.rendering) && record.rendering.of === id)
      this.selfReference(id, "/rendering/of", "is a rendering of", handle);
    if (type === "source" && Array.isArray(record.reports)) {
      const reports = record.reports;
      for (let i = 0; i < reports.length; i++) {
        const r = reports[i];
        if (isObject(r) && r.source === id)
          this.selfReference(id, `/reports/${i}/source`, `${String(r.relation)}`, handle);
      }
    }
    if (type === "organization" && record.parent === id)
      this.selfReference(id, "/parent", "is the parent of", handle);
    this.citationsVia(record.citations, undefined, 0, handle);
    // The lists of citations besides the record's own, read by name (see inferredParts).
    this.itemCitationsVia(record.participants, "participants", handle);
    this.itemCitationsVia(record.outcomes, "outcomes", handle);
    this.itemCitationsVia(record.relations, "relations", handle);
    this.itemCitationsVia(record.formats, "formats", handle);
    this.itemCitationsVia(record.reports, "reports", handle);
    if (isObject(record.rendering))
      this.citationsVia(record.rendering.citations, "rendering", -1, handle);
  }

  /** `citationsVia` for the citations of each item of the list `field`. */
  private itemCitationsVia(items: unknown, field: string, handle: RecordHandle): void {
    if (!Array.isArray(items)) return;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (isObject(item)) this.citationsVia(item.citations, field, i, handle);
    }
  }

  private selfReference(id: string, pointer: string, what: string, handle: RecordHandle): void {
    this.report("self-reference", pointer, `'${id}' ${what} itself`, handle);
  }

  /**
   * A citation relayed by the very source it cites. The citations are the record's own (no
   * `field`), those of item `index` of list `field`, or of the object `field` (index -1).
   */
  private citationsVia(
    list: unknown,
    field: string | undefined,
    index: number,
    handle: RecordHandle,
  ): void {
    if (!Array.isArray(list)) return;
    for (let i = 0; i < list.length; i++) {
      const c = list[i];
      if (!isObject(c) || c.via === undefined || c.via !== c.source) continue;
      const base = field === undefined ? "" : index < 0 ? `/${field}` : `/${field}/${index}`;
      this.report(
        "self-reference",
        `${base}/citations/${i}/via`,
        `The citation of '${String(c.source)}' says it came via '${String(c.via)}', the same source: omit via when the editor read the source itself`,
        handle,
      );
    }
  }

  private duplicateParticipants(participants: unknown[], handle: RecordHandle): void {
    // An event lists a handful of participants: earlier ones are scanned, without a map of
    // joined keys per event; a long list (thousands would make the scan quadratic) gets a map.
    const firsts = participants.length > 32 ? firstListings(participants) : undefined;
    for (let i = 1; i < participants.length; i++) {
      const p = participants[i];
      if (!isObject(p)) continue;
      for (const key of PARTICIPANT_KEYS) {
        const ref = p[key];
        if (typeof ref !== "string") continue;
        const first = firsts
          ? (firsts.get(`${key}\u0000${ref}`) as number)
          : firstListing(participants, i, key, ref);
        if (first >= 0 && first < i)
          this.report(
            "participant-duplicate",
            `/participants/${i}/${key}`,
            `${key === "person" ? "Person" : "Organization"} '${ref}' is already participant ${first} of this event: list each participant once`,
            handle,
          );
      }
    }
  }

  private outcomeAttributions(
    record: Record<string, unknown>,
    participants: unknown[],
    handle: RecordHandle,
  ): void {
    if (participants.length === 0 || !Array.isArray(record.outcomes)) return;
    // Most outcomes name no actor: then there is nothing to check and no set to build.
    const outcomes = record.outcomes;
    let attributed = false;
    for (let i = 0; i < outcomes.length && !attributed; i++) {
      const o = outcomes[i];
      attributed = isObject(o) && Array.isArray(o.attributedTo);
    }
    if (!attributed) return;
    // Who counts as taking part: the participants themselves, their posts, and whom they represent.
    const present = new Set<string>();
    for (const p of participants) {
      if (!isObject(p)) continue;
      for (const key of PRESENT_KEYS)
        if (typeof p[key] === "string") present.add(`${key}\u0000${p[key]}`);
      if (isObject(p.represents)) {
        if (typeof p.represents.country === "string")
          present.add(`country\u0000${p.represents.country}`);
        if (typeof p.represents.organization === "string")
          present.add(`organization\u0000${p.represents.organization}`);
      }
    }
    for (let i = 0; i < outcomes.length; i++) {
      const outcome = outcomes[i];
      if (!isObject(outcome) || !Array.isArray(outcome.attributedTo)) continue;
      const actors = outcome.attributedTo;
      for (let j = 0; j < actors.length; j++) {
        const actor = actors[j];
        if (!isObject(actor)) continue;
        for (const key of ACTOR_KEYS) {
          const ref = actor[key];
          if (typeof ref !== "string" || present.has(`${key}\u0000${ref}`)) continue;
          this.report(
            "outcome-attributed-to-non-participant",
            `/outcomes/${i}/attributedTo/${j}/${key}`,
            `The outcome is attributed to ${key} '${ref}', which is not a participant of the event${key === "country" || key === "organization" ? " and no participant represents" : ""}`,
            handle,
          );
        }
      }
    }
  }

  /** Since 1.2's definitions: a paraphrase rendering is a paraphrase, and only a paraphrase is. */
  private renderingKind(record: Record<string, unknown>, handle: RecordHandle): void {
    const rendering = record.rendering;
    if (!isObject(rendering) || typeof record.kind !== "string") return;
    const how = rendering.kind;
    if (how !== "paraphrase" && how !== "variant") return; // translations may be of any kind
    const isParaphrase = record.kind === "paraphrase";
    if ((how === "paraphrase") === isParaphrase) return;
    this.report(
      "quote-rendering-kind-mismatch",
      "/rendering/kind",
      isParaphrase
        ? "A paraphrase renders another quote's words in its own: its rendering kind is 'paraphrase', not 'variant'"
        : `A ${record.kind} quote gives the words (clause by clause for indirect speech): as a rendering it is a 'variant'; if it summarises, it is a paraphrase`,
      handle,
    );
  }

  private codesInCodings(record: Record<string, unknown>, handle: RecordHandle): void {
    if (!isObject(record.codes) || !Array.isArray(record.codings)) return;
    const codings = record.codings;
    for (const scheme of CODE_SCHEMES) {
      const code = record.codes[scheme];
      if (typeof code !== "string" || hasCoding(codings, scheme, code)) continue;
      this.report(
        "codes-not-in-codings",
        `/codes/${scheme}`,
        `codes.${scheme} '${code}' is not among the record's codings: add { "scheme": "${scheme}", "code": "${code}" } to codings`,
        handle,
      );
    }
  }
}
