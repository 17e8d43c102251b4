import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import type { Finding, ValidationSummary } from "../src/finding";
import {
  artifactUri,
  type Colorizer,
  codeFrame,
  formatGithub,
  formatJson,
  formatJunit,
  formatPretty,
  formatReport,
  formatSarif,
  JSON_REPORT_SCHEMA,
  REPORT_FORMATS,
  type Report,
} from "../src/reporters";
import { formatCount } from "../src/reporters/summary";
import { RULES } from "../src/rules";

// Reporters are pure functions of findings + summaries, so these tests build both by hand: each
// case can then put exactly the awkward value it is about (a quote, a control character, a
// path with spaces) where a reporter must cope with it. The CLI tests run the same reporters on
// the validator's real output.

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: "schema-required",
    severity: "error",
    message: "Missing required property 'kind'",
    file: "data/events.ndjson",
    line: 3,
    column: 1,
    offset: 120,
    pointer: "",
    recordIndex: 1,
    recordId: "ev:1",
    ...overrides,
  };
}

function summary(
  file: string,
  findings: readonly Finding[],
  overrides: Partial<ValidationSummary> = {},
): ValidationSummary {
  const counts = { error: 0, warning: 0, info: 0 };
  const byRule: ValidationSummary["byRule"] = {};
  for (const f of findings) {
    if (f.file !== file) continue;
    counts[f.severity]++;
    const rule = byRule[f.ruleId] ?? { severity: f.severity, count: 0, reported: 0 };
    rule.count++;
    rule.reported++;
    byRule[f.ruleId] = rule;
  }
  const reported = counts.error + counts.warning + counts.info;
  return {
    file,
    format: "ndjson",
    compressed: false,
    schemaVersion: "1.0",
    schemaVersionSupported: true,
    records: 10,
    recordsByType: { event: 6, source: 4 },
    invalidRecords: counts.error > 0 ? 1 : 0,
    bytes: 4096,
    counts,
    byRule,
    reported,
    capped: 0,
    totalCapReached: false,
    rulesCapped: [],
    aborted: false,
    ...overrides,
  };
}

const mixedFindings: Finding[] = [
  finding(),
  finding({
    ruleId: "schema-enum",
    message: `"meetnig" is not in the code list (did you mean 'meeting'?)`,
    line: 4,
    column: 29,
    offset: 260,
    pointer: "/kind",
    recordIndex: 2,
    recordId: "ev:2",
    suggestion: "meeting",
  }),
  finding({
    ruleId: "format-members-participants",
    severity: "warning",
    message: "Participant represents 'FRA', which is not a member of format 'fmt:1'",
    line: 7,
    column: 80,
    offset: 900,
    pointer: "/participants/0/represents/country",
    recordIndex: 5,
    recordId: "ev:5",
  }),
  finding({
    ruleId: "quote-speaker-unresolved",
    severity: "info",
    message: "Speaker is known only by name",
    file: "data/quotes.json",
    line: 12,
    column: 7,
    offset: 300,
    pointer: "/speaker",
    recordIndex: 0,
    recordId: "q:1",
  }),
];

const mixedReport: Report = {
  findings: mixedFindings,
  summaries: [
    summary("data/events.ndjson", mixedFindings),
    summary("data/quotes.json", mixedFindings, { format: "json" }),
  ],
  tool: { name: "parley", version: "9.9.9", informationUri: "https://parley.dev" },
};

const cleanReport: Report = { findings: [], summaries: [summary("seed.json", [])] };

// One input checked clean, one that could not be opened: no reporter may call this valid.
const unreadableReport: Report = {
  findings: [],
  summaries: [summary("seed.json", [])],
  unreadable: [{ file: "missing.ndjson", message: "cannot read 'missing.ndjson': no such file" }],
};

describe("JSON reporter", () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  const validateReport = ajv.compile(JSON_REPORT_SCHEMA);

  it("writes reports that its own published JSON Schema accepts", () => {
    for (const report of [mixedReport, cleanReport, unreadableReport]) {
      const parsed = JSON.parse(formatJson(report));
      const ok = validateReport(parsed);
      expect(validateReport.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it("has a schema that actually constrains: a finding without its pointer is rejected", () => {
    // Guards against a schema so loose that the test above could never fail.
    const parsed = JSON.parse(formatJson(mixedReport));
    delete parsed.findings[0].pointer;
    expect(validateReport(parsed)).toBe(false);
    const wrongSeverity = JSON.parse(formatJson(mixedReport));
    wrongSeverity.findings[0].severity = "fatal";
    expect(validateReport(wrongSeverity)).toBe(false);
  });

  it("keeps every field of every finding, and groups the summary by rule with counts", () => {
    const parsed = JSON.parse(formatJson(mixedReport));
    expect(parsed.findings).toEqual(mixedFindings);
    expect(parsed.summary.counts).toEqual({ error: 2, warning: 1, info: 1 });
    expect(parsed.summary.valid).toBe(false);
    expect(parsed.summary.files).toBe(2);
    expect(parsed.summary.records).toBe(20);
    expect(parsed.summary.byRule).toEqual({
      "schema-enum": { severity: "error", count: 1, reported: 1 },
      "format-members-participants": { severity: "warning", count: 1, reported: 1 },
      "quote-speaker-unresolved": { severity: "info", count: 1, reported: 1 },
      "schema-required": { severity: "error", count: 1, reported: 1 },
    });
    expect(parsed.inputs.map((i: ValidationSummary) => i.file)).toEqual([
      "data/events.ndjson",
      "data/quotes.json",
    ]);
    expect(parsed.tool.version).toBe("9.9.9");
  });

  it("counts findings a cap kept out, so a capped report still says how bad the data is", () => {
    const shown = [finding()];
    const capped = summary("big.ndjson", [], {
      counts: { error: 5000, warning: 0, info: 0 },
      byRule: { "schema-required": { severity: "error", count: 5000, reported: 1 } },
      reported: 1,
      capped: 4999,
      totalCapReached: true,
    });
    const parsed = JSON.parse(
      formatJson({
        findings: [{ ...shown[0], file: "big.ndjson" } as Finding],
        summaries: [capped],
      }),
    );
    expect(validateReport(parsed)).toBe(true);
    expect(parsed.summary.counts.error).toBe(5000);
    expect(parsed.summary.capped).toBe(4999);
    expect(parsed.summary.byRule["schema-required"]).toEqual({
      severity: "error",
      count: 5000,
      reported: 1,
    });
  });
});

describe("unreadable inputs", () => {
  it("are never reported as valid, in any format", () => {
    const json = JSON.parse(formatJson(unreadableReport));
    expect(json.summary.valid).toBe(false);
    expect(json.unreadable).toEqual(unreadableReport.unreadable);

    const sarif = JSON.parse(formatSarif(unreadableReport));
    const invocation = sarif.runs[0].invocations[0];
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications[0]).toMatchObject({
      level: "error",
      message: { text: "cannot read 'missing.ndjson': no such file" },
    });

    expect(formatGithub(unreadableReport)).toContain(
      "::error file=missing.ndjson,title=unreadable::cannot read 'missing.ndjson': no such file",
    );

    const pretty = formatPretty(unreadableReport);
    expect(pretty).toContain("✖ cannot read 'missing.ndjson': no such file");
    expect(pretty).not.toContain("✔ valid");

    const junit = formatJunit(unreadableReport);
    expect(XMLValidator.validate(junit)).toBe(true);
    expect(junit).toMatch(/<testsuites [^>]*errors="1"/);
    expect(junit).toContain(
      '<error message="cannot read &apos;missing.ndjson&apos;: no such file"',
    );
  });
});

describe("SARIF reporter", () => {
  const schemaPath = fileURLToPath(
    new URL("./reporters-fixtures/sarif-2.1.0-rtm.5.json", import.meta.url),
  );
  const sarifSchema = JSON.parse(readFileSync(schemaPath, "utf8"));
  // The official schema is draft-04; ajv-draft-04 is ajv's own engine for it. Formats are on,
  // so URIs and dates are checked too. `unicodeRegExp: false`: the schema's pattern for
  // `language` (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`) has a stray `]` that only
  // non-Unicode regular expressions accept, as the schema's draft-04 authors intended.
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validateSarif = ajv.compile(sarifSchema);

  it("is valid SARIF 2.1.0 by the official schema (findings, clean run, stdin, odd paths)", () => {
    const odd: Report = {
      findings: [
        finding({ file: "<stdin>" }),
        finding({ file: "my data/#1 ünïcode?.ndjson.gz", ruleId: "input-gzip-corrupt" }),
      ],
      summaries: [
        summary("<stdin>", []),
        summary("my data/#1 ünïcode?.ndjson.gz", [], { compressed: true }),
      ],
    };
    for (const report of [mixedReport, cleanReport, odd, unreadableReport]) {
      const log = JSON.parse(formatSarif(report));
      const ok = validateSarif(log);
      expect(validateSarif.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it("is checked by a schema that rejects what SARIF does not allow", () => {
    const log = JSON.parse(formatSarif(mixedReport));
    log.runs[0].results[0].level = "info"; // SARIF's levels are error/warning/note/none
    expect(validateSarif(log)).toBe(false);
  });

  it("maps findings to results with the rule, level, position and pointer", () => {
    const log = JSON.parse(formatSarif(mixedReport));
    const run = log.runs[0];
    expect(log.version).toBe("2.1.0");
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(RULES.map((r) => r.id));
    expect(run.results).toHaveLength(4);
    const [, codelist, warning, info] = run.results;
    expect(run.tool.driver.rules[codelist.ruleIndex].id).toBe("schema-enum");
    expect(codelist.level).toBe("error");
    expect(warning.level).toBe("warning");
    expect(info.level).toBe("note");
    expect(codelist.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "data/events.ndjson", index: 0 },
      region: { startLine: 4, startColumn: 29, byteOffset: 260 },
    });
    expect(codelist.properties).toEqual({
      pointer: "/kind",
      recordIndex: 2,
      recordId: "ev:2",
      suggestion: "meeting",
    });
    expect(run.columnKind).toBe("utf16CodeUnits");
  });

  it("leaves out byte offsets of gzip inputs, whose offsets count decompressed bytes", () => {
    const report: Report = {
      findings: [finding({ file: "d.ndjson.gz" })],
      summaries: [summary("d.ndjson.gz", [], { compressed: true })],
    };
    const region = JSON.parse(formatSarif(report)).runs[0].results[0].locations[0].physicalLocation
      .region;
    expect(region).toEqual({ startLine: 3, startColumn: 1 });
  });

  it("turns file names into URIs that survive spaces, # and Windows paths", () => {
    expect(artifactUri("data/a b#1.json")).toBe("data/a%20b%231.json");
    expect(artifactUri("/srv/x.ndjson")).toBe("file:///srv/x.ndjson");
    expect(artifactUri("C:\\data\\x.json")).toBe("file:///C:/data/x.json");
  });
});

describe("GitHub Actions reporter", () => {
  it("writes one workflow command per finding, info as notice, and a totals line", () => {
    const lines = formatGithub(mixedReport).trimEnd().split("\n");
    expect(lines).toEqual([
      "::error file=data/events.ndjson,line=3,col=1,title=schema-required::Missing required property 'kind'",
      `::error file=data/events.ndjson,line=4,col=29,title=schema-enum::"meetnig" is not in the code list (did you mean 'meeting'?) (at /kind)`,
      "::warning file=data/events.ndjson,line=7,col=80,title=format-members-participants::Participant represents 'FRA', which is not a member of format 'fmt:1' (at /participants/0/represents/country)",
      "::notice file=data/quotes.json,line=12,col=7,title=quote-speaker-unresolved::Speaker is known only by name (at /speaker)",
      "parley: 2 errors, 1 warning, 1 info in 2 inputs (20 records)",
    ]);
  });

  it("escapes so that data cannot end the annotation or start a new workflow command", () => {
    // A value with a newline followed by '::' would otherwise inject a command into the log.
    const evil = finding({
      file: "a,b:c%.json",
      message: "Bad value '100%\n::error::pwned'",
    });
    const [line] = formatGithub({
      findings: [evil],
      summaries: [summary("a,b:c%.json", [evil])],
    }).split("\n");
    expect(line).toBe(
      "::error file=a%2Cb%3Ac%25.json,line=3,col=1,title=schema-required::Bad value '100%25%0A::error::pwned'",
    );
  });
});

describe("JUnit reporter", () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" });

  it("is well-formed XML with one suite per input and failures for errors only", () => {
    const xml = formatJunit(mixedReport);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parser.parse(xml);
    const suites = doc.testsuites.testsuite;
    expect(suites.map((s: { name: string }) => s.name)).toEqual([
      "data/events.ndjson",
      "data/quotes.json",
    ]);
    expect(doc.testsuites.tests).toBe("4");
    expect(doc.testsuites.failures).toBe("2");
    const events = suites[0].testcase;
    expect(events).toHaveLength(3);
    expect(events[0].failure.type).toBe("schema-required");
    expect(events[2].failure).toBeUndefined(); // the warning passes, as the exit code does
    expect(events[2]["system-out"]).toContain("format-members-participants");
  });

  it("escapes markup and writes characters XML 1.0 forbids as visible escapes", () => {
    const nasty = finding({
      file: `a&b<"c">.json`,
      message: "Value ']]></failure><x>' and \u0000\u001b[31m and a lone \ud800 surrogate",
    });
    const xml = formatJunit({ findings: [nasty], summaries: [summary(`a&b<"c">.json`, [nasty])] });
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parser.parse(xml);
    const testcase = doc.testsuites.testsuite.testcase;
    expect(doc.testsuites.testsuite.name).toBe(`a&b<"c">.json`);
    expect(testcase.failure.message).toBe(
      "Value ']]></failure><x>' and \\u0000\\u001b[31m and a lone \\ud800 surrogate",
    );
  });

  it("lists a clean input as one passing case, so it appears in the test report", () => {
    const xml = formatJunit(cleanReport);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parser.parse(xml);
    expect(doc.testsuites.testsuite.testcase.name).toBe("valid");
    expect(doc.testsuites.failures).toBe("0");
  });
});

describe("pretty reporter", () => {
  const lines = new Map([
    ["data/events.ndjson:3", `{"type":"event","id":"ev:1","date":{"value":"2022-11-17"}}`],
    // "meetnig" (with its opening quote) starts at column 29, where the finding points.
    ["data/events.ndjson:4", `{     "type":"event","kind":"meetnig"}`],
  ]);
  const sourceLine = (file: string, line: number) => lines.get(`${file}:${line}`);

  it("prints file:line:col, severity, rule id and message, then a summary", () => {
    const text = formatPretty(mixedReport);
    expect(text).toContain(
      `data/events.ndjson:4:29  error  schema-enum  "meetnig" is not in the code list (did you mean 'meeting'?)`,
    );
    expect(text).toContain("data/quotes.json:12:7  info  quote-speaker-unresolved");
    expect(text).toContain("record 2 (ev:2), at /kind");
    expect(text).toContain("✖ 4 problems (2 errors, 1 warning, 1 info) in 2 inputs, 20 records");
    expect(text).toContain(
      "by rule: format-members-participants 1, quote-speaker-unresolved 1, schema-enum 1, schema-required 1",
    );
    expect(text).toContain("data/quotes.json: 10 records, 0 errors, 0 warnings, 1 info");
  });

  it("draws a code frame with the caret under the offending column", () => {
    const text = formatPretty(mixedReport, { sourceLine });
    const frame = text.split("\n").filter((l) => l.includes("| "));
    const codeLine = frame.find((l) => l.includes('"meetnig"')) as string;
    const caretLine = frame[frame.indexOf(codeLine) + 1] as string;
    // Column 29 is the opening quote of "meetnig".
    expect(caretLine.indexOf("^") - codeLine.indexOf("| ") - 2).toBe(28);
    expect(codeLine.slice(caretLine.indexOf("^"))).toMatch(/^"meetnig"/);
  });

  it("shows a window of a very long line around the column, marked with …", () => {
    const long = `{"type":"source","title":"${"x".repeat(5000)}","kind":"artcle"}`;
    const column = long.indexOf('"artcle"') + 1;
    const frame = codeFrame(long, 1, column, { maxWidth: 80 });
    const [code, caret] = frame.split("\n") as [string, string];
    expect(code.length).toBeLessThan(100);
    expect(code).toContain("…");
    expect(code.slice(caret.indexOf("^"))).toMatch(/^"artcle"/);
  });

  it("frames an excerpt of a line that was too long to keep, at the right column", () => {
    // The CLI keeps only a window of a 100 MB line; the frame must still put the caret under
    // the offending character and mark both cut ends.
    const full = `${"a".repeat(4000)}"BAD"${"b".repeat(6000)}`;
    const excerpt = { text: full.slice(3900, 4200), startColumn: 3901, lineLength: full.length };
    const [code, caret] = codeFrame(excerpt, 1, 4001, { maxWidth: 60 }).split("\n") as [
      string,
      string,
    ];
    expect(code.slice(caret.indexOf("^"))).toMatch(/^"BAD"/);
    expect(code).toMatch(/\| …a+"BAD"b+…$/);
  });

  it("never sends control characters from the data to the terminal", () => {
    const evil = finding({ message: "Unknown property '\u001b[2J\u001b]0;owned\u0007'" });
    const text = formatPretty(
      { findings: [evil], summaries: [summary(evil.file, [evil])] },
      { sourceLine: () => '{"\u001b[31m":1}' },
    );
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(text).toContain("␛[2J");
  });

  it("colours only when given colours (the CLI decides, honouring NO_COLOR)", () => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escapes
    const ansi = /\u001b\[/;
    expect(formatPretty(mixedReport)).not.toMatch(ansi);
    const sgr = (code: number) => (text: string) => `\u001b[${code}m${text}\u001b[0m`;
    const colors: Colorizer = {
      red: sgr(31),
      yellow: sgr(33),
      blue: sgr(34),
      green: sgr(32),
      cyan: sgr(36),
      dim: sgr(2),
      bold: sgr(1),
      underline: sgr(4),
    };
    expect(formatPretty(mixedReport, { colors })).toMatch(ansi);
  });

  it("says a clean run is valid, and says when a cap hid findings", () => {
    expect(formatPretty(cleanReport)).toContain("✔ valid: 1 input, 10 records, no problems");
    const capped = summary("big.ndjson", [], {
      counts: { error: 30, warning: 0, info: 0 },
      byRule: { "schema-required": { severity: "error", count: 30, reported: 0 } },
      capped: 30,
      totalCapReached: true,
    });
    const text = formatPretty({ findings: [], summaries: [capped] });
    expect(text).toContain("✖ 30 problems (30 errors, 0 warnings, 0 infos)");
    expect(text).toContain("30 findings not shown");
  });
});

describe("formatReport", () => {
  it("dispatches every format name to its reporter", () => {
    expect(REPORT_FORMATS).toEqual(["pretty", "json", "sarif", "github", "junit"]);
    expect(formatReport("json", mixedReport)).toBe(formatJson(mixedReport));
    expect(formatReport("sarif", mixedReport)).toBe(formatSarif(mixedReport));
    expect(formatReport("github", mixedReport)).toBe(formatGithub(mixedReport));
    expect(formatReport("junit", mixedReport)).toBe(formatJunit(mixedReport));
    expect(formatReport("pretty", mixedReport)).toBe(formatPretty(mixedReport));
  });
});

describe("the built package", () => {
  it("formats every report from the CommonJS build too (interop of the XML builder)", () => {
    // `npm test` runs after `build`; a default import that esbuild's CJS interop mangles would
    // pass every source-level test above and still throw for `require` users.
    const require = createRequire(import.meta.url);
    const cjs = require("../dist/index.cjs") as typeof import("../src/reporters");
    for (const format of cjs.REPORT_FORMATS) {
      expect(cjs.formatReport(format, mixedReport)).toBe(formatReport(format, mixedReport));
    }
  });
});

describe("formatCount", () => {
  // Summaries print counts as `toLocaleString("en-US")` does; grouping the digits by hand skips
  // ICU's start-up, so the two must agree on every count a report can hold — and on anything
  // else, which still goes through ICU.
  it("writes every count as toLocaleString('en-US') does", () => {
    for (const count of [0, 1, 999, 1000, 1001, 99_999, 100_000, 999_999, 1_000_000, 2 ** 53 - 1])
      expect(formatCount(count)).toBe(count.toLocaleString("en-US"));
    fc.assert(
      fc.property(
        fc.oneof(fc.nat(), fc.maxSafeNat(), fc.integer(), fc.double({ noNaN: false })),
        (count) => formatCount(count) === count.toLocaleString("en-US"),
      ),
      { numRuns: 2000 },
    );
  });
});
