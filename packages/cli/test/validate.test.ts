import { execFileSync } from "node:child_process";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { JSON_REPORT_SCHEMA } from "@parley/validator";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { ANSI, parley, repoRoot, STACK_LINE, seedJson, seedNdjson, tempDir } from "./helpers";

// `parley validate` end to end: the built binary on real files. Each dataset below is small and
// written out in full so that a reader can see which line each expected finding is on.

const HEADER = '{"type":"dataset","schemaVersion":"1.0","title":"Test"}';
/** Line 2: a kind that is a typo; line 3: a citation of a source that does not exist; line 4:
 * not JSON; line 5: a quote whose speaker is unresolved (an info finding). */
const SMALL_BAD = `${[
  HEADER,
  '{"type":"source","id":"src:1","kind":"artcle","published":{"value":"2022-11-18"}}',
  '{"type":"event","id":"ev:1","kind":"meeting","date":{"value":"2022-11-17"},"citations":[{"source":"src:2","certainty":"reported"}]}',
  '{"type":"event", broken',
  '{"type":"quote","id":"q:1","text":"We agreed.","lang":"en","kind":"direct","speaker":{"unresolved":{"name":"S. Lavrov"}}}',
].join("\n")}\n`;

const ajv = new Ajv2020({ allErrors: true });
addFormats(ajv);
const validateReport = ajv.compile(JSON_REPORT_SCHEMA);

function write(dir: string, name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

interface JsonFinding {
  ruleId: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  pointer: string;
}

function parseReport(stdout: string) {
  const report = JSON.parse(stdout);
  expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
  return report as {
    findings: JsonFinding[];
    summary: {
      counts: { error: number; warning: number; info: number };
      byRule: Record<string, { count: number; reported: number }>;
      capped: number;
      valid: boolean;
    };
    unreadable: { file: string; message: string }[];
  };
}

describe("parley validate: the seed and exit code 0", () => {
  it("validates the seed dataset clean, in both its forms (exit 0)", async () => {
    for (const file of [seedJson, seedNdjson]) {
      const { code, stdout, stderr } = await parley(["validate", file]);
      expect(code, stdout + stderr).toBe(0);
      expect(stdout).toContain("✔ valid: 1 input, 23 records, no problems");
      expect(stderr).toBe("");
    }
  });

  it("validates a gzip-compressed seed clean too", async () => {
    const dir = tempDir();
    const gz = write(dir, "seed.ndjson.gz", gzipSync(readFileSync(seedNdjson)));
    const { code, stdout } = await parley(["validate", gz, "--format", "json"]);
    expect(code).toBe(0);
    expect(parseReport(stdout).summary.valid).toBe(true);
  });
});

describe("parley validate: findings and exit code 1", () => {
  it("reports each problem at file:line:col with rule id, message and a code frame (exit 1)", async () => {
    const dir = tempDir();
    write(dir, "bad.ndjson", SMALL_BAD);
    const { code, stdout } = await parley(["validate", "bad.ndjson"], { cwd: dir });
    expect(code).toBe(1);
    expect(stdout).toContain(
      `bad.ndjson:2:38  error  schema-enum  "artcle" is not in the code list (did you mean 'article'?)`,
    );
    expect(stdout).toContain("bad.ndjson:4:18  error  json-syntax");
    expect(stdout).toContain("bad.ndjson:5:");
    expect(stdout).toContain("info  quote-speaker-unresolved");
    // The frame shows line 2 with the caret under column 38, where "artcle" starts.
    const lines = stdout.split("\n");
    const code2 = lines.findIndex((l) => l.startsWith("> 2 | "));
    expect(code2).toBeGreaterThan(-1);
    const caret = (lines[code2 + 1] as string).indexOf("^");
    expect((lines[code2] as string).slice(caret)).toMatch(/^"artcle"/);
    expect(stdout).toContain("✖ 4 problems (3 errors, 0 warnings, 1 info) in 1 input, 4 records");
    expect(stdout).not.toMatch(ANSI);
  });

  it("exits 0 with warnings, and 1 once they exceed --max-warnings", async () => {
    // A byte order mark is a warning (input-bom).
    const dir = tempDir();
    const bom = write(dir, "bom.ndjson", `\ufeff${readFileSync(seedNdjson, "utf8")}`);
    const allowed = await parley(["validate", bom]);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain("warning  input-bom");
    expect((await parley(["validate", bom, "--max-warnings", "1"])).code).toBe(0);
    const strict = await parley(["validate", bom, "--max-warnings", "0"]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain("1 warnings, more than --max-warnings 0 allows");
  });

  it("reads standard input with '-', and frames its lines too", async () => {
    const clean = await parley(["validate", "-"], { stdin: readFileSync(seedNdjson) });
    expect(clean.code).toBe(0);
    const bad = await parley(["validate", "-"], { stdin: SMALL_BAD });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("<stdin>:2:38  error  schema-enum");
    expect(bad.stdout).toContain("> 2 | ");
  });

  it("validates several files into one report, in the order given", async () => {
    const dir = tempDir();
    const bad = write(dir, "bad.ndjson", SMALL_BAD);
    const { code, stdout } = await parley([
      "validate",
      seedJson,
      bad,
      seedNdjson,
      "--format",
      "json",
    ]);
    expect(code).toBe(1);
    const report = parseReport(stdout);
    expect(report.findings.every((f) => f.file === bad)).toBe(true);
    expect(report.findings.map((f) => `${f.line}:${f.ruleId}`)).toEqual([
      "2:schema-enum",
      "3:ref-dangling",
      "4:json-syntax",
      "5:quote-speaker-unresolved",
    ]);
    expect(JSON.parse(stdout).inputs.map((i: { file: string }) => i.file)).toEqual([
      seedJson,
      bad,
      seedNdjson,
    ]);
  });

  it("reports truncated JSON and an empty file as findings, not crashes", async () => {
    const dir = tempDir();
    const text = readFileSync(seedJson, "utf8");
    const truncated = write(dir, "truncated.json", text.slice(0, Math.floor(text.length / 2)));
    const empty = write(dir, "empty.ndjson", "");
    const { code, stdout, stderr } = await parley([
      "validate",
      truncated,
      empty,
      "--format",
      "json",
    ]);
    expect(code).toBe(1);
    expect(stderr).not.toMatch(STACK_LINE);
    const rules = parseReport(stdout).findings.map(
      (f) => `${f.file === empty ? "empty" : "truncated"}:${f.ruleId}`,
    );
    expect(rules).toContain("empty:input-empty");
    expect(rules.some((r) => r.startsWith("truncated:json-"))).toBe(true);
  });
});

describe("parley validate: malformed input is a finding (exit 1), never a crash", () => {
  // The validator's own tests check each finding in detail; here the point is the process:
  // exit code 1, a report naming file and line, nothing on stderr, no stack trace.
  const cases: Array<[string, string | Buffer, string]> = [
    [
      "corrupt.ndjson.gz",
      Buffer.concat([gzipSync(SMALL_BAD).subarray(0, 40), Buffer.from("garbage")]),
      "input-gzip-corrupt",
    ],
    [
      "latin1.ndjson",
      Buffer.concat([
        Buffer.from(`${HEADER}\n{"type":"source","id":"s:1","title":"Caf`),
        Buffer.from([0xe9]),
        Buffer.from('"}\n'),
      ]),
      "input-encoding",
    ],
    [
      "deep.ndjson",
      `${HEADER}\n{"type":"source","id":"s:1","extensions":{"x":${"[".repeat(5000)}${"]".repeat(5000)}}}\n`,
      "json-depth-limit",
    ],
    [
      "proto.ndjson",
      `${HEADER}\n{"type":"source","id":"s:1","kind":"article","extensions":{"__proto__":{"polluted":true}}}\n`,
      "json-prototype-key",
    ],
    [
      "dupkey.ndjson",
      `${HEADER}\n{"type":"source","id":"s:1","id":"s:2","kind":"article"}\n`,
      "json-duplicate-key",
    ],
  ];
  it.each(cases)("%s yields %s", async (name, content, ruleId) => {
    const dir = tempDir();
    write(dir, name, content);
    const { code, stdout, stderr } = await parley(["validate", name, "--format", "json"], {
      cwd: dir,
    });
    expect(stderr).toBe("");
    const report = parseReport(stdout);
    expect(report.findings.map((f) => f.ruleId)).toContain(ruleId);
    expect(report.findings.every((f) => f.file === name && f.line >= 1)).toBe(true);
    // json-prototype-key is a warning; the others are errors.
    expect(code).toBe(report.summary.counts.error > 0 ? 1 : 0);
  });

  it("frames a finding deep inside a 2 MB line with a window, not the whole line", async () => {
    const dir = tempDir();
    const filler = "x".repeat(2_000_000);
    write(
      dir,
      "long.ndjson",
      `${HEADER}\n{"type":"source","id":"s:1","kind":"article","title":"${filler}","kindd":1}\n`,
    );
    const { stdout } = await parley(["validate", "long.ndjson"], { cwd: dir });
    const frame = stdout.split("\n").find((l) => l.startsWith("> 2 | ")) as string;
    expect(frame.length).toBeLessThan(200);
    expect(frame).toMatch(/^> 2 \| …x+","kindd":1}$/);
  });
});

describe("parley validate: unreadable input, exit code 3", () => {
  it("exits 3 for a missing file or a directory without CSV tables, naming it, without a stack trace", async () => {
    const dir = tempDir();
    const missing = await parley(["validate", join(dir, "nope.ndjson")]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toBe(
      `parley: cannot read '${join(dir, "nope.ndjson")}': no such file\n`,
    );
    // A directory is read as CSV tables; one that holds none cannot be validated.
    const directory = await parley(["validate", dir]);
    expect(directory.code).toBe(3);
    expect(directory.stderr).toContain(`cannot read '${dir}': a directory without CSV tables`);
  });

  it("still validates and reports the readable inputs, and never calls the run valid", async () => {
    const dir = tempDir();
    const { code, stdout } = await parley([
      "validate",
      seedJson,
      join(dir, "nope.ndjson"),
      "--format",
      "json",
    ]);
    expect(code).toBe(3);
    const report = parseReport(stdout);
    expect(report.summary.valid).toBe(false);
    expect(report.unreadable).toEqual([
      {
        file: join(dir, "nope.ndjson"),
        message: `cannot read '${join(dir, "nope.ndjson")}': no such file`,
      },
    ]);
  });

  it("exits 3 for a file without read permission", async () => {
    if (process.getuid?.() === 0) return; // root reads everything: nothing to observe
    const dir = tempDir();
    const locked = write(dir, "locked.ndjson", readFileSync(seedNdjson));
    chmodSync(locked, 0o000);
    expect((await parley(["validate", locked])).code).toBe(3);
  });
});

describe("parley validate: reports", () => {
  it("writes several formats at once: pretty on stdout, SARIF and JSON to files", async () => {
    const dir = tempDir();
    write(dir, "bad.ndjson", SMALL_BAD);
    const { code, stdout } = await parley(
      [
        "validate",
        "bad.ndjson",
        "--format",
        "pretty",
        "--output",
        "sarif=report.sarif",
        "--output",
        "json=out.json",
      ],
      { cwd: dir },
    );
    expect(code).toBe(1);
    expect(stdout).toContain("bad.ndjson:2:38  error  schema-enum");
    const sarif = JSON.parse(readFileSync(join(dir, "report.sarif"), "utf8"));
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results).toHaveLength(4);
    expect(parseReport(readFileSync(join(dir, "out.json"), "utf8")).findings).toHaveLength(4);
    // A report file is the same report the same format prints on stdout.
    const sarifOnStdout = await parley(["validate", "bad.ndjson", "--format", "sarif"], {
      cwd: dir,
    });
    expect(sarifOnStdout.stdout).toBe(readFileSync(join(dir, "report.sarif"), "utf8"));
  });

  it("infers a report's format from its file extension", async () => {
    const dir = tempDir();
    write(dir, "bad.ndjson", SMALL_BAD);
    await parley(["validate", "bad.ndjson", "-o", "r.sarif", "-o", "r.xml", "-o", "r.json"], {
      cwd: dir,
    });
    expect(JSON.parse(readFileSync(join(dir, "r.sarif"), "utf8")).version).toBe("2.1.0");
    expect(readFileSync(join(dir, "r.xml"), "utf8")).toMatch(/^<\?xml[^>]*>\n<testsuites/);
    expect(JSON.parse(readFileSync(join(dir, "r.json"), "utf8")).reportVersion).toBe(1);
    const unknown = await parley(["validate", "bad.ndjson", "-o", "report.html"], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("say which format to write, e.g. --output sarif=report.html");
  });

  it("prints GitHub Actions annotations and JUnit XML", async () => {
    const dir = tempDir();
    write(dir, "bad.ndjson", SMALL_BAD);
    const github = await parley(["validate", "bad.ndjson", "--format", "github"], { cwd: dir });
    expect(github.stdout).toContain("::error file=bad.ndjson,line=2,col=38,title=schema-enum::");
    expect(github.stdout).toContain("::notice file=bad.ndjson,line=5,");
    const junit = await parley(["validate", "bad.ndjson", "--format", "junit"], { cwd: dir });
    expect(junit.stdout).toMatch(/<testsuite name="bad.ndjson" tests="4" failures="3"/);
  });

  it("exits 3 naming the missing folder when a report cannot be written", async () => {
    const dir = tempDir();
    const { code, stderr } = await parley([
      "validate",
      seedJson,
      "--output",
      `json=${join(dir, "no", "such", "dir.json")}`,
    ]);
    expect(code).toBe(3);
    expect(stderr).toContain(`the folder '${join(dir, "no")}' does not exist`);
    expect(stderr).not.toMatch(STACK_LINE);
  });

  it("colours the pretty report only on request, and never under NO_COLOR", async () => {
    const dir = tempDir();
    const bad = write(dir, "bad.ndjson", SMALL_BAD);
    expect((await parley(["validate", bad])).stdout).not.toMatch(ANSI);
    expect((await parley(["validate", bad], { env: { FORCE_COLOR: "1" } })).stdout).toMatch(ANSI);
    expect((await parley(["validate", bad, "--color"])).stdout).toMatch(ANSI);
    expect(
      (await parley(["validate", bad], { env: { FORCE_COLOR: "1", NO_COLOR: "1" } })).stdout,
    ).not.toMatch(ANSI);
    expect(
      (await parley(["validate", bad, "--no-color"], { env: { FORCE_COLOR: "1" } })).stdout,
    ).not.toMatch(ANSI);
  });

  it("draws no progress bar when stderr is not a terminal", async () => {
    const { stderr } = await parley(["validate", seedNdjson]);
    expect(stderr).toBe("");
  });
});

describe("parley validate: caps", () => {
  it("--max-findings caps the findings reported across inputs; the summary counts them all", async () => {
    const dir = tempDir();
    const a = write(dir, "a.ndjson", SMALL_BAD);
    const b = write(dir, "b.ndjson", SMALL_BAD);
    const { code, stdout } = await parley([
      "validate",
      a,
      b,
      "--format",
      "json",
      "--max-findings",
      "5",
    ]);
    expect(code).toBe(1);
    const report = parseReport(stdout);
    expect(report.findings).toHaveLength(5);
    expect(report.findings.filter((f) => f.file === b)).toHaveLength(1);
    expect(report.summary.counts).toEqual({ error: 6, warning: 0, info: 2 });
    expect(report.summary.capped).toBe(3);
  });

  it("--max-findings-per-rule caps each rule; the summary still counts every occurrence", async () => {
    const dir = tempDir();
    const a = write(dir, "a.ndjson", SMALL_BAD);
    const b = write(dir, "b.ndjson", SMALL_BAD);
    const { stdout } = await parley([
      "validate",
      a,
      b,
      "--format",
      "json",
      "--max-findings-per-rule",
      "1",
    ]);
    const report = parseReport(stdout);
    expect(report.findings.map((f) => f.ruleId).sort()).toEqual([
      "json-syntax",
      "quote-speaker-unresolved",
      "ref-dangling",
      "schema-enum",
    ]);
    expect(report.summary.byRule["json-syntax"]).toMatchObject({ count: 2, reported: 1 });
  });
});

describe("parley validate --config", () => {
  it("turns rules off or changes their severity, per rule", async () => {
    const dir = tempDir();
    const bad = write(dir, "bad.ndjson", SMALL_BAD);
    const config = write(
      dir,
      "parley.json",
      JSON.stringify({
        rules: {
          "schema-enum": "warning",
          "quote-speaker-unresolved": "off",
          "ref-dangling": { severity: "info" },
        },
      }),
    );
    const { stdout } = await parley(["validate", bad, "--config", config, "--format", "json"]);
    const findings = parseReport(stdout).findings;
    expect(findings.map((f) => `${f.ruleId}:${f.severity}`)).toEqual([
      "schema-enum:warning",
      "ref-dangling:info",
      "json-syntax:error",
    ]);
  });

  it("exits 0 when the config downgrades every error", async () => {
    const dir = tempDir();
    const bom = write(dir, "bom.ndjson", `\ufeff${readFileSync(seedNdjson, "utf8")}`);
    const config = write(dir, "c.json", JSON.stringify({ rules: { "input-bom": "error" } }));
    expect((await parley(["validate", bom, "--config", config])).code).toBe(1);
    const off = write(
      dir,
      "off.json",
      JSON.stringify({ rules: { "input-bom": "off" }, maxWarnings: 0 }),
    );
    expect((await parley(["validate", bom, "--config", off])).code).toBe(0);
  });

  it("takes caps and --max-warnings from the config; flags win", async () => {
    const dir = tempDir();
    const bad = write(dir, "bad.ndjson", SMALL_BAD);
    const config = write(dir, "c.json", JSON.stringify({ maxFindings: 1 }));
    expect(
      parseReport((await parley(["validate", bad, "-c", config, "-f", "json"])).stdout).findings,
    ).toHaveLength(1);
    const flag = await parley(["validate", bad, "-c", config, "-f", "json", "--max-findings", "2"]);
    expect(parseReport(flag.stdout).findings).toHaveLength(2);
  });

  it("rejects a bad config with exit 2 and a message naming the file and each problem", async () => {
    const dir = tempDir();
    const config = write(
      dir,
      "bad-config.json",
      JSON.stringify({ rules: { "ref-dangeling": "off", "json-syntax": "fatal" }, maxFindngs: 3 }),
    );
    const { code, stdout, stderr } = await parley(["validate", seedJson, "--config", config]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(`config file '${config}' is not valid:`);
    expect(stderr).toContain("unknown rule 'ref-dangeling' (did you mean 'ref-dangling'?)");
    expect(stderr).toContain(
      "rule 'json-syntax': setting must be 'off', 'error', 'warning' or 'info'",
    );
    expect(stderr).toContain("unknown key 'maxFindngs' (did you mean 'maxFindings'?)");
    expect(stderr).not.toMatch(STACK_LINE);
  });

  it("rejects a config that is not JSON, giving line and column, and a missing config (exit 2)", async () => {
    const dir = tempDir();
    const broken = write(
      dir,
      "broken.json",
      '{\n  "rules": {\n    "json-syntax": "off",\n  }\n}\n',
    );
    const syntax = await parley(["validate", seedJson, "--config", broken]);
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toMatch(
      new RegExp(
        `config file '${broken.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:4:3' is not valid JSON`,
      ),
    );
    const missing = await parley(["validate", seedJson, "--config", join(dir, "none.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot read config file");
  });
});

describe("parley validate: the byte-level fast path changes nothing but speed", () => {
  // The default scans each NDJSON line's bytes first and takes the exact path (JSON.parse, the
  // compiled checks, explanations with positions) only for records it cannot prove valid;
  // --no-fast-path takes the exact path for all. A user comparing the two, or a CI that pins
  // one, must get the same report to the byte, on one thread and on two.
  it("prints the same report with and without --no-fast-path, on data with realistic mistakes", async () => {
    const dir = tempDir();
    const file = join(dir, "bench.ndjson");
    // The validator's bench generator: realistic records, 10 % broken in realistic ways.
    execFileSync(process.execPath, [
      join(repoRoot, "packages", "validator", "bench", "generate.mjs"),
      file,
      "3000",
      "0.1",
    ]);
    for (const jobs of [[], ["--jobs", "2", "--split-threshold", "1"]]) {
      const fast = await parley(["validate", file, "--format", "json", ...jobs]);
      const exact = await parley(["validate", file, "--format", "json", "--no-fast-path", ...jobs]);
      expect(fast.code).toBe(1);
      expect(exact.code).toBe(1);
      const report = parseReport(fast.stdout);
      expect(report.summary.counts.error).toBeGreaterThan(100);
      expect(fast.stdout).toBe(exact.stdout);
    }
  });
});
