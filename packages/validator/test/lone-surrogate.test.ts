import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Finding, validate } from "../src/index";
import { brief, findingsOf, ndjson } from "./helpers";

/**
 * JSON can spell half of a UTF-16 surrogate pair (`"\ud800"`), and JSON.parse keeps it; but it
 * is not a Unicode character, and UTF-8 cannot encode it. A CSV export, a database or another
 * language's parser turns it into U+FFFD or refuses it: the value changes on its way without
 * anyone being told. The validator says so instead.
 */

const SOURCE = '{"type":"source","id":"src:1","kind":"article","published":{"value":"2022-11-18"}';
const withTitle = (escaped: string) => `${SOURCE},"title":"${escaped}"}`;
const lone = (findings: Finding[]) =>
  findings.filter((finding) => finding.ruleId === "json-lone-surrogate");

describe("json-lone-surrogate", () => {
  it("reports a lone high or low surrogate at the string, with its pointer", async () => {
    for (const escaped of ["\\ud800", "a\\udfff", "\\ud800\\ud800", "\\udc00\\ud800"]) {
      const findings = lone(await findingsOf(ndjson(withTitle(escaped))));
      expect(findings.map(brief), escaped).toEqual(["json-lone-surrogate L2:91 /title"]);
    }
  });

  it("accepts a pair, written as escapes or as the character itself", async () => {
    for (const text of [withTitle("\\ud83d\\ude00"), withTitle("😀"), withTitle("\\u00e9")]) {
      expect(await findingsOf(ndjson(text))).toEqual([]);
    }
  });

  it("finds one in a key and inside a JSON document's records as well", async () => {
    const key = lone(await findingsOf(ndjson(`${SOURCE},"extensions":{"x:\\udbff":1}}`)));
    expect(key.map((f) => f.pointer)).toEqual(["/extensions/x:\udbff"]);
    const document = `{"schemaVersion":"1.0","records":[\n${withTitle("\\ud800")}\n]}`;
    const inDocument = lone(await findingsOf(document, { file: "test.json" }));
    expect(inDocument.map((f) => [f.line, f.pointer])).toEqual([[2, "/title"]]);
  });

  it("is an error exactly when the string is not well-formed Unicode (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 8 }), async (title) => {
        fc.pre(title.length > 0);
        // JSON.stringify escapes a lone surrogate and writes every other character as itself.
        const record = `${SOURCE},"title":${JSON.stringify(title)}}`;
        const findings = lone(await findingsOf(ndjson(record)));
        const wellFormed =
          !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(title);
        expect(findings.length === 0).toBe(wellFormed);
      }),
      { numRuns: 200 },
    );
  });
});

describe("validate() takes a parsed dataset too", () => {
  it("checks an object as the JSON text it stands for, with pointers and positions", async () => {
    const dataset = {
      schemaVersion: "1.0",
      records: [
        { type: "source", id: "src:1", kind: "article", published: { value: "2022-11-18" } },
        { type: "source", id: "src:1", kind: "article", published: { value: "2022-11-18" } },
      ],
    };
    const { findings, summary } = await validate(dataset, { file: "in-memory" });
    expect(summary.records).toBe(2);
    const duplicate = findings.find((f) => f.ruleId === "id-duplicate");
    expect(duplicate?.pointer).toBe("/id");
    // The "id" of records[1] in the two-space indented text is on line 14.
    expect(duplicate?.line).toBe(14);
  });

  it("takes a bare array of records, and says so when an object has no JSON form", async () => {
    const records = [
      { type: "source", id: "src:1", kind: "article", published: { value: "2022-11-18" } },
    ];
    const { summary } = await validate(records, { defaultSchemaVersion: "1.0" });
    expect(summary.records).toBe(1);
    const cyclic: Record<string, unknown> = { schemaVersion: "1.0", records: [] };
    cyclic.self = cyclic;
    await expect(validate(cyclic)).rejects.toThrow(/has no JSON form/);
  });
});
