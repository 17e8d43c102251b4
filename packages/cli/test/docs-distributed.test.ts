import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
// @ts-expect-error: plain JavaScript generator shared with the benchmark
import { crossPartDataset } from "../../validator/bench/cross-part.mjs";
import { bin, repoRoot, tempDir } from "./helpers";

// docs/distributed.md gives recipes for Hadoop Streaming and Spark built on three small scripts
// (plan.sh, map.sh, reduce.sh) that the page itself prints. A recipe nobody runs rots, so the
// scripts are taken from the page as printed and run with a shell stand-in for the engines: the
// plan cut into small tasks, one map.sh per task with the byte offset Hadoop's NLineInputFormat
// puts in front, `LC_ALL=C sort`, the keys split over reducers with the page's partition rule;
// and the page's local pipeline as printed. Both must give `parley validate`'s report.

const page = readFileSync(join(repoRoot, "docs", "distributed.md"), "utf8");

/** The code block after `<!-- recipe-file: NAME -->` or `<!-- recipe: NAME -->`. */
function block(marker: string): string {
  const at = page.indexOf(`<!-- ${marker} -->`);
  expect(at, marker).toBeGreaterThanOrEqual(0);
  const m = /```[a-z]*\n([\s\S]*?)```/.exec(page.slice(at));
  if (!m) throw new Error(`no code block after ${marker}`);
  return m[1] as string;
}

describe("docs/distributed.md", () => {
  it("its recipes, run with a stand-in for the engines, give parley validate's report", () => {
    const dir = tempDir();
    const lines: string[] = [];
    for (const record of crossPartDataset(2500, 3)) lines.push(JSON.stringify(record));
    writeFileSync(join(dir, "data.ndjson"), `${lines.join("\n")}\n`);
    writeFileSync(join(dir, "more.ndjson.gz"), gzipSync(`${lines.slice(0, 700).join("\n")}\n`));
    for (const name of ["plan.sh", "map.sh", "reduce.sh"])
      writeFileSync(join(dir, name), block(`recipe-file: ${name}`));
    // `parley` on PATH, as after `npm install -g @parley/cli`.
    mkdirSync(join(dir, "bin"));
    writeFileSync(
      join(dir, "bin", "parley"),
      `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`,
    );
    chmodSync(join(dir, "bin", "parley"), 0o755);
    const sh = (script: string): string =>
      execFileSync("sh", ["-c", script], {
        cwd: dir,
        encoding: "utf8",
        maxBuffer: 1 << 28,
        env: {
          ...process.env,
          PATH: `${join(dir, "bin")}:${process.env.PATH}`,
          PARLEY_OPTIONS: "",
        },
      });

    const expected = sh("parley validate data.ndjson more.ndjson.gz --format json || test $? = 1");

    // The engines' way: small tasks (PART_BYTES), each a separate map with Hadoop's offset
    // in front of the plan line; sorted; keys over three reducers by the page's partition rule.
    const standIn = `set -e
PART_BYTES=300000 sh plan.sh data.ndjson more.ndjson.gz > plan.txt
test "$(wc -l < plan.txt)" -gt 3
offset=0
: > mapped.txt
while IFS= read -r task; do
  printf '%s\\t%s\\n' "$offset" "$task" | sh map.sh >> mapped.txt
  offset=$((offset + 1))
done < plan.txt
LC_ALL=C sort mapped.txt > sorted.txt
for r in 0 1 2; do
  awk -F'\\t' -v r=$r '
    function hex(s,  n, i) { n = 0; for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return n }
    { p = 0; if (substr($1, 1, 1) != "~") p = hex(substr($1, 1, 8)) % 3; if (p == r) print }' sorted.txt | sh reduce.sh > reduced-$r.txt
done
cat reduced-2.txt reduced-0.txt reduced-1.txt | parley validate --stage report --format json || test $? = 1`;
    expect(sh(standIn)).toBe(expected);

    // The local pipeline, as printed (with both inputs).
    const local = block("recipe: local").replace(
      "plan.sh data.ndjson",
      "plan.sh data.ndjson more.ndjson.gz",
    );
    // It exits 1 (findings at error level), as parley validate does.
    sh(`${local}\ntest $? = 1`);
    expect(readFileSync(join(dir, "report.json"), "utf8")).toBe(expected);

    // The Spark and Hadoop recipes use these same scripts and the same partition rule.
    expect(block("recipe: spark")).toContain('pipe("sh map.sh"');
    expect(block("recipe: spark")).toContain("int(k[:8], 16)");
    expect(block("recipe: hadoop")).toContain('-mapper "sh map.sh" -reducer "sh reduce.sh"');
    expect(JSON.parse(expected).inputs).toHaveLength(2);
  }, 600_000);
});
