/**
 * Readers work on byte chunks of any size: a record, a multi-byte character or a line break
 * cut across chunks must give exactly the same findings and positions as the whole input.
 * The two forms of a dataset give the same findings about the same records. Cross-record rules
 * keep only ids and pending checks.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DatasetRules } from "../src/dataset/cross-record";
import { validate } from "../src/index";
import { chunked, HEADER, ndjson } from "./helpers";

const enc = new TextEncoder();
const LINES = [
  '{"type":"person","id":"p:1","names":[{"value":"Сергей Лавров","lang":"ru"},{"value":"Sergey Lavrov","lang":"en"}]}',
  '{"type":"source","id":"s:1","title":"Встреча 🤝 в Москве","published":{"value":"2022-11-18"},"kind":"artcle"}',
  '{"type":"event","id":"e:1","kind":"meeting","date":{"value":"2022-11-17"},"participants":[{"person":"p:2"}],"citations":[{"source":"s:1","certainty":"reported"}],"location":{"country":"ru"}}',
  '{"type":"quote","id":"q:1","text":"«Привет»","lang":"ru","kind":"direct","speaker":{"person":"e:1"},"saidAt":"e:1"}',
  '{"type":"event","id":"e:1","kind":"meeting","relations":[{"relation":"follow-up-to","event":"e:9"}]}',
];

describe("chunk boundaries", () => {
  it("give the same findings for NDJSON cut anywhere", async () => {
    const bytes = enc.encode(ndjson(...LINES));
    const whole = await validate(bytes, { file: "t.ndjson" });
    expect(whole.findings.length).toBeGreaterThan(4);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 20 }),
        async (sizes) => {
          const cut = await validate(chunked(bytes, sizes), { file: "t.ndjson" });
          expect(cut.findings).toEqual(whole.findings);
          expect(cut.summary).toEqual(whole.summary);
        },
      ),
      { numRuns: 150, seed: 7 },
    );
  });

  it("give the same findings for a pretty-printed JSON document cut anywhere", async () => {
    const doc = `{\n  "schemaVersion": "1.0",\n  "title": "Т",\n  "records": [\n${LINES.map((l) => `    ${JSON.stringify(JSON.parse(l), null, 2).replace(/\n/g, "\n    ")}`).join(",\n")}\n  ]\n}\n`;
    const bytes = enc.encode(doc);
    const whole = await validate(bytes, { file: "t.json" });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 20 }),
        async (sizes) => {
          const cut = await validate(chunked(bytes, sizes), { file: "t.json" });
          expect(cut.findings).toEqual(whole.findings);
        },
      ),
      { numRuns: 100, seed: 11 },
    );
    // Positions point into the pretty-printed text: line and column of the offending value.
    const kind = whole.findings.find((f) => f.ruleId === "schema-enum" && f.pointer === "/kind");
    const lines = doc.split("\n");
    expect(lines[(kind?.line as number) - 1]?.slice((kind?.column as number) - 1)).toMatch(
      /^"artcle"/,
    );
    expect(enc.encode(doc).subarray(kind?.offset, (kind?.offset as number) + 8)).toEqual(
      enc.encode('"artcle"'),
    );
  });
});

describe("the two forms of a dataset", () => {
  it("give the same rules at the same record pointers", async () => {
    const nd = await validate(ndjson(...LINES), { file: "t.ndjson" });
    const doc = `{"schemaVersion":"1.0","title":"T","records":[\n${LINES.join(",\n")}\n]}`;
    const js = await validate(doc, { file: "t.json" });
    const key = (f: {
      ruleId: string;
      recordIndex: number | null;
      pointer: string;
      message: string;
    }) => `${f.recordIndex} ${f.ruleId} ${f.pointer} ${f.message}`;
    expect(js.findings.map(key)).toEqual(nd.findings.map(key));
    expect(nd.findings.map((f) => `${f.ruleId} ${f.pointer}`)).toEqual([
      "schema-enum /kind",
      "schema-pattern /location/country",
      "ref-wrong-type /speaker/person",
      "id-duplicate /id",
      "ref-dangling /participants/0/person",
      "ref-dangling /relations/0/event",
    ]);
  });

  it("positions every finding on the offending value, byte offsets included", async () => {
    const text = ndjson(...LINES);
    const bytes = enc.encode(text);
    const { findings } = await validate(bytes, { file: "t.ndjson" });
    for (const f of findings) {
      const line = text.split("\n")[f.line - 1] as string;
      const at = line.slice(f.column - 1);
      const lineStart =
        enc.encode(
          text
            .split("\n")
            .slice(0, f.line - 1)
            .join("\n"),
        ).length + (f.line > 1 ? 1 : 0);
      expect(f.offset - lineStart, `${f.ruleId} ${f.pointer}`).toBe(
        enc.encode(line.slice(0, f.column - 1)).length,
      );
      const last = f.pointer.split("/").pop() as string;
      if (f.ruleId === "id-duplicate") expect(at.startsWith('"e:1"')).toBe(true);
      else if (f.pointer)
        expect(
          at.startsWith('"') || at.startsWith("{") || at.startsWith("["),
          `${f.ruleId} ${last} ${at}`,
        ).toBe(true);
    }
  });
});

describe("dataset rules memory", () => {
  it("keeps ids and a bounded number of pending checks, not records", async () => {
    const reports: string[] = [];
    let tallied = 0;
    const rules = new DatasetRules({
      report: (f) => reports.push(f.ruleId),
      tally: (_rule, n) => {
        tallied += n;
      },
      enabled: () => true,
    });
    const { VERSION_MODULES } = await import("../src/generated/versions.gen");
    const mod = VERSION_MODULES["1.0"];
    const start = { line: 1, column: 1, offset: 0 };
    const handle = (index: number) => ({
      index,
      start,
      locate: () => start,
      locateString: () => start,
    });
    for (let i = 0; i < 5000; i++) {
      rules.onRecord(
        {
          type: "event",
          id: `e:${i}`,
          kind: "meeting",
          citations: [{ source: "s:missing", certainty: "reported" }],
        },
        "event",
        mod,
        handle(i),
      );
    }
    expect(rules.retained).toEqual({ ids: 5000, pendingIds: 1 });
    rules.finish();
    expect(reports.filter((r) => r === "ref-dangling")).toHaveLength(16);
    expect(tallied).toBe(5000 - 16);
  });

  it("reports dangling references at the end in batches, for the caller to take away", async () => {
    // Reported all at once, the findings of a large dataset's dangling references were all in
    // memory at once; `finishing` pauses between batches, and the engine drains each.
    let reported = 0;
    const rules = new DatasetRules({
      report: () => {
        reported++;
      },
      tally: () => {},
      enabled: () => true,
    });
    const { VERSION_MODULES } = await import("../src/generated/versions.gen");
    const start = { line: 1, column: 1, offset: 0 };
    for (let i = 0; i < 5000; i++) {
      rules.onRecord(
        {
          type: "event",
          id: `e:${i}`,
          kind: "meeting",
          citations: [{ source: `s:missing-${i}`, certainty: "reported" }],
        },
        "event",
        VERSION_MODULES["1.0"],
        { index: i, start, locate: () => start, locateString: () => start },
      );
    }
    const batches: number[] = [];
    let before = 0;
    for (const _ of rules.finishing()) {
      batches.push(reported - before);
      before = reported;
    }
    batches.push(reported - before);
    expect(reported).toBe(5000);
    expect(batches.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...batches)).toBeLessThanOrEqual(1000);
    // Reported ids are dropped as they go: nothing is left pending.
    expect(rules.retained.pendingIds).toBe(0);
  });

  it("settles forward references when the record arrives", async () => {
    const { findings } = await validate(
      ndjson(
        '{"type":"event","id":"e:1","kind":"meeting","citations":[{"source":"s:1","certainty":"reported"}],"date":{"value":"2022-11-17"}}',
        '{"type":"source","id":"s:1","published":{"value":"2022-11-10"}}',
      ),
    );
    expect(findings.map((f) => `${f.ruleId} L${f.line} ${f.pointer}`)).toEqual([
      "source-published-before-event L2 /citations/0",
    ]);
  });

  it("reads a header-less NDJSON file with per-record versions", async () => {
    const { findings, summary } = await validate(
      `${LINES[0]?.replace('"type":"person",', '"type":"person","schemaVersion":"1.0",')}\n`,
    );
    expect(findings).toEqual([]);
    expect(summary.schemaVersion).toBe("1.0");
    const none = await validate(`${LINES[0]}\n`);
    expect(none.findings.map((f) => f.ruleId)).toEqual(["schema-version-missing"]);
    expect(HEADER).toContain("1.0");
  });
});
