/**
 * The dataset rules added with standard 1.2 (what 1.1 let through). A new check on old data is a
 * validator change, not a change of the standard: a publisher who pinned 1.0 must not see a
 * build that passed yesterday fail today. So the rules that turn valid 1.0/1.1 data invalid
 * report a warning on datasets declaring 1.0 or 1.1 and an error from 1.2 on; a configuration
 * still decides over both.
 */
import { describe, expect, it } from "vitest";
import { getRule, validate } from "../src/index";

const DUPLICATE =
  '{"type":"event","id":"ev:1","kind":"meeting","participants":[{"unresolved":{"name":"A"}},{"organization":"org:1"},{"organization":"org:1"}]}';
const ORG = '{"type":"organization","id":"org:1","names":[{"value":"MFA"}],"kind":"ministry"}';

function dataset(version: string, ...lines: string[]): string {
  return `${[`{"type":"dataset","schemaVersion":"${version}","title":"T"}`, ...lines].join("\n")}\n`;
}

async function severityOf(ruleId: string, text: string, rules?: Record<string, string>) {
  const { findings } = await validate(text, {
    file: "t.ndjson",
    ...(rules ? { rules: rules as never } : {}),
  });
  return findings.filter((f) => f.ruleId === ruleId).map((f) => f.severity);
}

describe("severity by declared version", () => {
  it("a participant listed twice: a warning on 1.0 and 1.1, an error on 1.2", async () => {
    expect(await severityOf("participant-duplicate", dataset("1.0", ORG, DUPLICATE))).toEqual([
      "warning",
    ]);
    expect(await severityOf("participant-duplicate", dataset("1.1", ORG, DUPLICATE))).toEqual([
      "warning",
    ]);
    expect(await severityOf("participant-duplicate", dataset("1.2", ORG, DUPLICATE))).toEqual([
      "error",
    ]);
  });

  it("a 1.0 dataset with the warning only stays valid: no record is counted invalid", async () => {
    const { summary } = await validate(dataset("1.0", ORG, DUPLICATE), { file: "t.ndjson" });
    expect(summary.counts.error).toBe(0);
    expect(summary.invalidRecords).toBe(0);
  });

  it("a configured severity wins over the version's default, both ways", async () => {
    const text10 = dataset("1.0", ORG, DUPLICATE);
    expect(
      await severityOf("participant-duplicate", text10, { "participant-duplicate": "error" }),
    ).toEqual(["error"]);
    const text12 = dataset("1.2", ORG, DUPLICATE);
    expect(
      await severityOf("participant-duplicate", text12, { "participant-duplicate": "warning" }),
    ).toEqual(["warning"]);
    expect(
      await severityOf("participant-duplicate", text12, { "participant-duplicate": "off" }),
    ).toEqual([]);
  });

  it("bounds that the record contradicts are an error on 1.1 too: they are 1.1's own fields", async () => {
    const event =
      '{"type":"event","id":"ev:1","kind":"interview","date":{"value":"2022-11-17"},"notAfter":{"value":"2022-11-12"}}';
    expect(await severityOf("date-outside-bounds", dataset("1.1", event))).toEqual(["error"]);
    expect(getRule("date-outside-bounds")?.defaultSeveritySince).toBeUndefined();
  });

  it("an event's endDate is held to its own bounds too, one contradiction one finding", async () => {
    // A three-day summit bounded by a report of November 12 cannot end on the 14th, even when
    // its first day fits: the date alone used to be checked, and this passed.
    const findingsOf = async (...events: string[]) =>
      (await validate(dataset("1.2", ...events), { file: "t.ndjson" })).findings
        .filter((f) => f.ruleId === "date-outside-bounds" || f.ruleId.startsWith("event-end"))
        .map((f) => [f.ruleId, f.recordId, f.pointer, f.severity, f.message]);
    const event = (id: string, fields: string) =>
      `{"type":"event","id":"${id}","kind":"summit",${fields}}`;
    expect(
      await findingsOf(
        event(
          "ev:ends-late",
          '"date":{"value":"2022-11-10"},"endDate":{"value":"2022-11-14"},"notAfter":{"value":"2022-11-12"}',
        ),
        // November may end on the 12th: not certainly after.
        event(
          "ev:month",
          '"date":{"value":"2022-11-10"},"endDate":{"value":"2022-11"},"notAfter":{"value":"2022-11-12"}',
        ),
        event(
          "ev:ends-on-bound",
          '"date":{"value":"2022-11-10"},"endDate":{"value":"2022-11-12"},"notAfter":{"value":"2022-11-12"}',
        ),
        // The date is already after the bound: its endDate is the same contradiction.
        event(
          "ev:both-late",
          '"date":{"value":"2022-11-17"},"endDate":{"value":"2022-11-18"},"notAfter":{"value":"2022-11-12"}',
        ),
        // No date: nothing but the endDate says the event ended before it could begin.
        event("ev:no-start", '"endDate":{"value":"2022-11-01"},"notBefore":{"value":"2022-11-05"}'),
      ),
    ).toEqual([
      [
        "date-outside-bounds",
        "ev:ends-late",
        "/endDate/value",
        "error",
        "endDate 2022-11-14 is after the record's own notAfter 2022-11-12",
      ],
      [
        "date-outside-bounds",
        "ev:both-late",
        "/date/value",
        "error",
        "date 2022-11-17 is after the record's own notAfter 2022-11-12",
      ],
      [
        "date-outside-bounds",
        "ev:no-start",
        "/endDate/value",
        "error",
        "endDate 2022-11-01 is before the record's own notBefore 2022-11-05",
      ],
      [
        "event-end-without-start",
        "ev:no-start",
        "/endDate",
        "error",
        expect.stringContaining("no date"),
      ],
    ]);
  });

  it("1.2's own fields stay unknown to 1.1: a 1.1 dataset using `about` is a schema finding", async () => {
    const quote =
      '{"type":"quote","id":"q:1","text":"We agreed.","lang":"en","kind":"direct","speaker":{"unresolved":{"name":"A"}},"about":[{"country":"RUS"}]}';
    const { findings } = await validate(dataset("1.1", quote), { file: "t.ndjson" });
    expect(findings.map((f) => [f.ruleId, f.pointer])).toContainEqual([
      "schema-additional-property",
      "/about",
    ]);
    const ok = await validate(dataset("1.2", quote), { file: "t.ndjson" });
    expect(ok.findings.filter((f) => f.severity !== "info")).toEqual([]);
  });
});

describe("what the rules do not report", () => {
  it("partial dates only when certainly outside; inferred parts the date has", async () => {
    const event =
      '{"type":"event","id":"ev:1","kind":"meeting","date":{"value":"2022-11","inferred":["year"]},"notBefore":{"value":"2022-11-17"},"notAfter":{"value":"2022-11-30"}}';
    const { findings } = await validate(dataset("1.2", event), { file: "t.ndjson" });
    expect(findings).toEqual([]);
  });

  it("an outcome of an event without listed participants, or held by whom a participant represents", async () => {
    const lines = [
      ORG,
      '{"type":"event","id":"ev:1","kind":"summit","outcomes":[{"text":"Agreed.","kind":"agreement","attributedTo":[{"country":"KAZ"}]}]}',
      '{"type":"event","id":"ev:2","kind":"meeting","participants":[{"unresolved":{"description":"the ambassador"},"represents":{"country":"KAZ","organization":"org:1"}}],"outcomes":[{"text":"Agreed.","kind":"agreement","attributedTo":[{"country":"KAZ"},{"organization":"org:1"}]}]}',
    ];
    const { findings } = await validate(dataset("1.2", ...lines), { file: "t.ndjson" });
    expect(findings).toEqual([]);
  });

  it("a translation rendering of any kind, and a cycle-free chain that merges", async () => {
    const lines = [
      '{"type":"quote","id":"q:1","text":"Мы договорились.","lang":"ru","kind":"direct","speaker":{"unresolved":{"name":"A"}}}',
      '{"type":"quote","id":"q:2","text":"We agreed.","lang":"en","kind":"direct","speaker":{"unresolved":{"name":"A"}},"rendering":{"of":"q:1","kind":"translation"}}',
      '{"type":"source","id":"s:a","reports":[{"source":"s:c","relation":"cites"}]}',
      '{"type":"source","id":"s:b","reports":[{"source":"s:c","relation":"cites"},{"source":"s:a","relation":"corroborates"}]}',
      '{"type":"source","id":"s:c"}',
    ];
    const { findings } = await validate(dataset("1.2", ...lines), { file: "t.ndjson" });
    expect(findings.filter((f) => f.severity !== "info")).toEqual([]);
  });
});

describe("participant-duplicate on short and long lists", () => {
  // Short lists are scanned, lists of more than 32 participants use a map: both must name the
  // first listing of the participant, once per repeat, in the order of the list.
  for (const count of [8, 40]) {
    it(`names the first listing of each repeat (${count} participants)`, async () => {
      const people: Record<string, string>[] = Array.from({ length: count }, (_, i) => ({
        person: `p:${i}`,
      }));
      people[4] = { person: "p:1" };
      people[count - 1] = { person: "p:1" };
      people[count - 2] = { organization: "org:1" };
      people[2] = { organization: "org:1" };
      const persons = Array.from(
        { length: count },
        (_, i) => `{"type":"person","id":"p:${i}","names":[{"value":"P ${i}"}]}`,
      );
      const event = JSON.stringify({
        type: "event",
        id: "ev:1",
        kind: "meeting",
        participants: people,
      });
      const { findings } = await validate(dataset("1.2", ORG, ...persons, event), {
        file: "t.ndjson",
      });
      expect(
        findings
          .filter((f) => f.ruleId === "participant-duplicate")
          .map((f) => [f.pointer, f.message.match(/participant (\d+)/)?.[1]]),
      ).toEqual([
        ["/participants/4/person", "1"],
        [`/participants/${count - 2}/organization`, "2"],
        [`/participants/${count - 1}/person`, "1"],
      ]);
    });
  }
});

describe("codes-not-in-codings", () => {
  // The rule once compared `scheme\0code` keys, so a NUL (legal in a JSON string as \u0000)
  // let a coding of another scheme stand in for the code: "cameo\0X" + "Y" joins to the same key
  // as "cameo" + "X\0Y". Scheme and code are compared whole now, each on its own.
  it("a NUL inside a code does not let a coding of another scheme match it", async () => {
    const event = (codes: string, codings: string) =>
      `{"type":"event","id":"ev:1","kind":"meeting","codes":${codes},"codings":${codings}}`;
    const split = event('{"cameo":"X\\u0000Y"}', '[{"scheme":"cameo\\u0000X","code":"Y"}]');
    expect(await severityOf("codes-not-in-codings", dataset("1.2", split))).toEqual(["warning"]);
    const same = event('{"cameo":"X\\u0000Y"}', '[{"scheme":"cameo","code":"X\\u0000Y"}]');
    expect(await severityOf("codes-not-in-codings", dataset("1.2", same))).toEqual([]);
  });
});
