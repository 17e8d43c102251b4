/**
 * Malformed input must give a finding that names the position, never a crash, a hang or a
 * polluted prototype. Each case below is a way real exports break.
 */
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { validate } from "../src/index";
import { brief, findingsOf, HEADER, ndjson } from "./helpers";

const SOURCE = '{"type":"source","id":"src:1","kind":"article"}';
const enc = new TextEncoder();

describe("bad input", () => {
  it("truncated JSON document: reports the end of input, keeps the records before it", async () => {
    const doc = `{"schemaVersion":"1.0","title":"T","records":[\n  ${SOURCE},\n  {"type":"source","id":"src:2","ki`;
    const { findings, summary } = await validate(doc, { file: "t.json" });
    // Line 3 is two spaces and 33 characters: the input ends at column 36.
    expect(findings.map(brief)).toEqual(["json-syntax L3:36 "]);
    expect(findings[0]?.message).toMatch(/truncated inside record 1/);
    expect(findings[0]?.offset).toBe(enc.encode(doc).length);
    expect(summary.records).toBe(1);
    expect(summary.aborted).toBe(true);
  });

  it("truncated NDJSON: the cut last line is reported at the position where it ends", async () => {
    const text = `${HEADER}\n${SOURCE}\n{"type":"source","id":"src:2","ki`;
    const findings = await findingsOf(text);
    // The unterminated string "ki… starts at column 31.
    expect(findings.map(brief)).toEqual(["json-syntax L3:31 "]);
    expect(findings[0]?.message).toMatch(/Unterminated string/);
  });

  it("a broken line among good ones: that line is reported, the next ones are still checked", async () => {
    const text = ndjson(
      SOURCE,
      '{"type":"source","id":"src:2",,}',
      '{"type":"source","id":"src:3","kind":"articel"}',
    );
    const findings = await findingsOf(text);
    expect(findings.map(brief)).toEqual(["json-syntax L3:31 ", "schema-enum L4:38 /kind"]);
    expect(findings[1]?.suggestion).toBe("article");
  });

  it("invalid UTF-8: names line, column and byte offset, and reading goes on with the next line", async () => {
    const before = enc.encode(`${HEADER}\n{"type":"source","id":"src:1","title":"Caf`);
    const bytes = new Uint8Array([
      ...before,
      0xe9,
      ...enc.encode(`"}\n{"type":"source","id":"src:2","kind":"nope"}\n`),
    ]);
    const findings = await findingsOf(bytes);
    expect(findings.map(brief)).toEqual(["input-encoding L2:43 ", "schema-enum L3:38 /kind"]);
    expect(findings[0]?.offset).toBe(before.length);
    expect(findings[0]?.message).toMatch(/0xe9/);
  });

  it("invalid UTF-8 in a JSON document stops reading there with the byte offset", async () => {
    const before = enc.encode(`{"schemaVersion":"1.0","title":"Caf`);
    const bytes = new Uint8Array([...before, 0xc3, 0x28, ...enc.encode('","records":[]}')]);
    const { findings, summary } = await validate(bytes, { file: "t.json" });
    expect(findings.map((f) => [f.ruleId, f.offset])).toEqual([["input-encoding", before.length]]);
    expect(summary.aborted).toBe(true);
  });

  it("an empty file and a whitespace-only file", async () => {
    expect((await findingsOf(new Uint8Array(0))).map(brief)).toEqual(["input-empty L1:1 "]);
    expect((await findingsOf(" \n\n\t\n")).map(brief)).toEqual(["input-empty L1:1 "]);
  });

  it("a 100 MB single line: skipped without being held in memory, the next line is checked", async () => {
    const mib = 1 << 20;
    async function* hugeLine() {
      yield enc.encode(`${HEADER}\n{"type":"source","id":"src:big","title":"`);
      const block = new Uint8Array(mib).fill(0x61);
      for (let i = 0; i < 100; i++) yield block;
      yield enc.encode(`"}\n{"type":"source","id":"src:2","kind":"nope"}\n`);
    }
    const { findings, summary } = await validate(hugeLine(), { file: "big.ndjson" });
    expect(findings.map(brief)).toEqual(["json-size-limit L2:1 ", "schema-enum L3:38 /kind"]);
    expect(findings[0]?.offset).toBe(HEADER.length + 1);
    expect(summary.records).toBe(2);
  }, 60_000);

  it("deep nesting: reported at the level that exceeds the limit, in NDJSON and in a JSON document", async () => {
    const deep = `{"type":"source","id":"src:1","extensions":{"x":${"[".repeat(100_000)}${"]".repeat(100_000)}}}`;
    const findings = await findingsOf(ndjson(deep));
    expect(findings.map((f) => f.ruleId)).toEqual(["json-depth-limit"]);
    // The record is depth 1, extensions 2, the first array 3: the 63rd array is the 65th level.
    expect(findings[0]?.column).toBe(deep.indexOf("[") + 62 + 1);
    const doc = `{"schemaVersion":"1.0","title":"T","records":[${deep}]}`;
    const inDoc = (await validate(doc, { file: "t.json" })).findings;
    expect(inDoc.map((f) => f.ruleId)).toEqual(["json-depth-limit"]);
  });

  it("unclosed deep nesting (a million '[') neither hangs nor overflows the stack", async () => {
    const findings = await findingsOf(
      ndjson(`{"type":"source","id":"src:1","extensions":{"x":${"[".repeat(1_000_000)}`),
    );
    expect(findings.map((f) => f.ruleId)).toEqual(["json-depth-limit"]);
  });

  it("duplicate keys: every duplicate is reported at its second occurrence", async () => {
    const line =
      '{"type":"source","id":"src:1","kind":"article","kind":"broadcast","extensions":{"a":1,"a":2}}';
    const findings = await findingsOf(ndjson(line));
    expect(findings.map(brief)).toEqual([
      `json-duplicate-key L2:${line.indexOf('"kind":"broadcast"') + 1} /kind`,
      `json-duplicate-key L2:${line.lastIndexOf('"a"') + 1} /extensions/a`,
    ]);
  });

  it("duplicate keys in a pretty-printed JSON document and at its top level", async () => {
    const doc = `{\n  "schemaVersion": "1.0",\n  "title": "T",\n  "title": "U",\n  "records": [\n    {"type": "source", "id": "src:1", "id": "src:2"}\n  ]\n}`;
    const { findings } = await validate(doc, { file: "t.json" });
    expect(findings.map(brief)).toEqual([
      "json-duplicate-key L4:3 /title",
      "json-duplicate-key L6:39 /id",
    ]);
  });

  it("__proto__ keys are reported and never reach a prototype", async () => {
    const line =
      '{"type":"source","id":"src:1","extensions":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}}';
    const findings = await findingsOf(ndjson(line));
    expect(findings.map((f) => `${f.ruleId} ${f.pointer}`)).toEqual([
      "json-prototype-key /extensions/__proto__",
      "json-prototype-key /extensions/constructor",
      "json-prototype-key /extensions/constructor/prototype",
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
    // A __proto__ key where the schema has no such field is also an unknown property.
    const top = await findingsOf(
      ndjson('{"type":"source","id":"src:1","__proto__":{"polluted":true}}'),
    );
    expect(top.map((f) => `${f.ruleId} ${f.pointer}`).sort()).toEqual([
      "json-prototype-key /__proto__",
      "schema-additional-property /__proto__",
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("a corrupt gzip: the records before the damage are checked, then the damage is reported", async () => {
    const lines = [
      SOURCE,
      ...Array.from(
        { length: 2000 },
        (_, i) => `{"type":"source","id":"src:x${i}","title":"${"t".repeat((i % 50) + 1)}"}`,
      ),
    ];
    const gz = gzipSync(enc.encode(ndjson(...lines)));
    const truncated = gz.subarray(0, Math.floor(gz.length / 2));
    const cut = await validate(truncated, { file: "t.ndjson.gz" });
    expect(cut.findings.map((f) => f.ruleId)).toContain("input-gzip-corrupt");
    expect(cut.summary.compressed).toBe(true);
    expect(cut.summary.aborted).toBe(true);
    const damaged = new Uint8Array(gz);
    for (let i = 20; i < 60; i++) damaged[i] = 0xff;
    const bad = await validate(damaged, { file: "t.ndjson.gz" });
    const corrupt = bad.findings.find((f) => f.ruleId === "input-gzip-corrupt");
    expect(corrupt?.message).toMatch(/corrupt or truncated/);
    expect(typeof corrupt?.offset).toBe("number");
    // Magic bytes and nothing else.
    expect(
      (await findingsOf(new Uint8Array([0x1f, 0x8b, 0x08, 0x00]))).map((f) => f.ruleId),
    ).toEqual(["input-gzip-corrupt"]);
  });

  it("a BOM is reported and skipped; offsets still count its three bytes", async () => {
    const bytes = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...enc.encode(ndjson('{"type":"source","id":"src:1","kind":"nope"}')),
    ]);
    const findings = await findingsOf(bytes);
    expect(findings.map(brief)).toEqual(["input-bom L1:1 ", "schema-enum L2:38 /kind"]);
    expect(findings[1]?.offset).toBe(3 + HEADER.length + 1 + 37);
  });

  /**
   * A report's reader finds a finding's line by its byte offset (the CLI's code frames jump
   * there in a large file), so line, column and offset must name one byte: the bytes from the
   * start of that line up to the offset are column − 1 characters. Input-level findings once
   * paired a line with the offset of another byte (the gzip error's decompressed size, a JSON
   * document's bad byte with the scanner's last position) and the reader had to skip them by
   * rule id.
   */
  it("every input-level finding's line, column and offset name the same byte", async () => {
    const multibyte = `${HEADER}\n{"type":"source","id":"src:1","title":"Ünïcödé"}\n`;
    const ndjsonLines = Array.from(
      { length: 400 },
      (_, i) => `{"type":"source","id":"src:${i}","kind":"article","title":"Café ${i}"}`,
    );
    const plainNdjson = enc.encode(ndjson(...ndjsonLines));
    const gz = gzipSync(plainNdjson);
    const cases: { name: string; file: string; bytes: Uint8Array; plain: Uint8Array }[] = [
      {
        name: "invalid UTF-8 after multibyte characters (NDJSON)",
        file: "t.ndjson",
        plain: new Uint8Array([...enc.encode(multibyte), ...enc.encode('{"title":"é'), 0xff, 0x22]),
        bytes: new Uint8Array(0),
      },
      {
        name: "invalid UTF-8 on the third line of a JSON document",
        file: "t.json",
        plain: new Uint8Array([
          ...enc.encode('{"schemaVersion":"1.0",\n"title":"Ünï",\n  "records":[{"id":"é'),
          0xc3,
          0x28,
          ...enc.encode('"}]}'),
        ]),
        bytes: new Uint8Array(0),
      },
      {
        name: "gzip cut in the middle",
        file: "t.ndjson.gz",
        plain: plainNdjson,
        bytes: gz.subarray(0, Math.floor(gz.length * 0.6)),
      },
    ];
    for (const c of cases) {
      const { findings } = await validate(c.bytes.length ? c.bytes : c.plain, { file: c.file });
      const inputLevel = findings.filter((f) => f.ruleId.startsWith("input-"));
      expect(inputLevel.length, c.name).toBeGreaterThan(0);
      for (const f of inputLevel) {
        let lineStart = 0;
        for (let line = 1; line < f.line; line++) lineStart = c.plain.indexOf(10, lineStart) + 1;
        expect(f.offset, c.name).toBeGreaterThanOrEqual(lineStart);
        const before = new TextDecoder().decode(c.plain.subarray(lineStart, f.offset));
        expect(before.length + 1, `${c.name}: ${f.ruleId} L${f.line}:${f.column}`).toBe(f.column);
      }
    }
  });

  it("a JSON document that is not JSON at all", async () => {
    // (A top-level array is read as a bare list of records: test/bare-array.test.ts.)
    expect((await validate("hello", { file: "t.json" })).findings.map(brief)).toEqual([
      "json-syntax L1:1 ",
    ]);
  });
});

describe("spelling of the JSON", () => {
  it("NDJSON with spaces after ':' and ',' (Python's default) is checked exactly like compact NDJSON", async () => {
    const records = [
      { type: "source", id: "s:1", kind: "article", title: 'A "quoted" title' },
      {
        type: "event",
        id: "e:1",
        kind: "meting",
        citations: [{ source: "s:1", certainty: "reported" }],
      },
      { type: "event", id: "e:2", kind: "meeting", venue: "x" },
    ];
    const compact = await validate(
      `${HEADER}\n${records.map((r) => JSON.stringify(r)).join("\n")}\n`,
    );
    const spaced = await validate(
      `${HEADER}\n${records.map((r) => JSON.stringify(r).replace(/":/g, '": ').replace(/,"/g, ', "')).join("\n")}\n`,
    );
    expect(spaced.findings.map((f) => `${f.ruleId} ${f.pointer}`)).toEqual(
      compact.findings.map((f) => `${f.ruleId} ${f.pointer}`),
    );
    expect(compact.findings.map((f) => f.ruleId)).toEqual([
      "schema-enum",
      "schema-additional-property",
    ]);
  });
});
