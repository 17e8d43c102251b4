import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parley, STACK_LINE, tempDir } from "./helpers";

// Reports used to be built in memory and code frames looked up with `Math.max(...lines)`: past
// ~120,000 lines with findings the pretty reporter died with "Maximum call stack size
// exceeded" (exit 70) and took the JSON report of the same run with it. Reports now stream
// (findings sorted on disk, every report written in one pass, code frames read in one forward
// pass over the input). This runs every reporter at once on 200,000 broken lines; it is not a
// speed or memory test (packages/cli/bench/large-report.mjs measures those).

const LINES = 200_000;

describe("parley validate with a very large number of findings", () => {
  it("writes every report, complete and well-formed, for 200,000 broken lines", async () => {
    const dir = tempDir();
    const file = join(dir, "broken.ndjson");
    const lines = [
      '{"type":"dataset","schemaVersion":"1.0","title":"t","publisher":"p","license":"CC0-1.0"}',
    ];
    for (let k = 0; k < LINES; k++) lines.push(`{"type":"event","id":"event:${k}",`);
    writeFileSync(file, `${lines.join("\n")}\n`);

    const { code, stdout, stderr } = await parley(
      [
        "validate",
        "broken.ndjson",
        "--output",
        "json=report.json",
        "--output",
        "sarif=report.sarif",
        "--output",
        "junit=report.xml",
        "--output",
        "github=report.github",
      ],
      { cwd: dir },
    );
    expect(stderr).not.toMatch(STACK_LINE);
    expect(stderr).toBe("");
    expect(code).toBe(1);

    // pretty (stdout): one block per finding, each with its code frame, then the summary.
    const blocks = stdout.match(/^broken\.ndjson:\d+:\d+ {2}error {2}json-syntax/gm) ?? [];
    expect(blocks).toHaveLength(LINES);
    expect(stdout).toContain(`> ${LINES + 1} | {"type":"event","id":"event:${LINES - 1}",`);
    expect(stdout).toContain(`✖ ${LINES.toLocaleString("en-US")} problems`);

    const json = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
    expect(json.findings).toHaveLength(LINES);
    expect(json.findings[LINES - 1].line).toBe(LINES + 1);
    // In report order: by position.
    expect(json.findings.every((f: { line: number }, k: number) => f.line === k + 2)).toBe(true);

    const sarif = JSON.parse(readFileSync(join(dir, "report.sarif"), "utf8"));
    expect(sarif.runs[0].results).toHaveLength(LINES);

    const junit = readFileSync(join(dir, "report.xml"), "utf8");
    // Its well-formedness is the validator's reporter tests' job (an XML parser checks it there).
    expect(junit.endsWith("  </testsuite>\n</testsuites>\n")).toBe(true);
    expect(junit).toMatch(
      new RegExp(`<testsuite name="broken.ndjson" tests="${LINES}" failures="${LINES}"`),
    );
    expect(junit.match(/<testcase /g)).toHaveLength(LINES);

    const github = readFileSync(join(dir, "report.github"), "utf8").trimEnd().split("\n");
    expect(github).toHaveLength(LINES + 1);
    expect(github[LINES]).toMatch(/^parley: 200,000 errors/);
  }, 120_000);
});
