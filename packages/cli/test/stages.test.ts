import { execFileSync } from "node:child_process";
import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
// The bench's dataset whose cross-record errors are spread over the whole file.
// @ts-expect-error: plain JavaScript generator shared with the benchmark
import { crossPartDataset } from "../../validator/bench/cross-part.mjs";
import { bin, parley, tempDir } from "./helpers";

// `parley validate --stage map|reduce|report` must say exactly what `parley validate` says, byte
// for byte, however the input is cut into parts and however the keys are spread over reducers:
// an engine (Hadoop, Spark, Dask) decides both, and the user compares reports across runs. The
// dataset has ids used again in later parts, references to later and earlier parts (of the
// wrong type, and to ids that never come, more than the 16 one process itemises), sources
// published before the events citing them and formats their events' countries are not members
// of, each with the definition both before and after the records that need it. Several of
// them share one position (one country, two formats), which only emission order can order.

let dataset: string;

beforeAll(() => {
  const lines: string[] = [];
  for (const record of crossPartDataset(4000, 11)) lines.push(JSON.stringify(record));
  dataset = `${lines.join("\n")}\n`;
});

const sh = (script: string, cwd: string): string =>
  execFileSync("sh", ["-c", script], {
    cwd,
    encoding: "utf8",
    maxBuffer: 1 << 28,
    env: { ...process.env, PARLEY: `${process.execPath} ${bin}`, LC_ALL: "C" },
  });

/** Byte ranges cutting `size` bytes into `parts` pieces (not at line starts: the map aligns). */
function ranges(size: number, parts: number): string[] {
  return Array.from(
    { length: parts },
    (_, k) => `${Math.floor((size * k) / parts)}-${Math.floor((size * (k + 1)) / parts)}`,
  );
}

/** map every part → LC_ALL=C sort → `reducers` reducers (keys spread by hash) → report. */
function pipeline(
  dir: string,
  inputs: Array<{ file: string; parts?: number; stdin?: boolean }>,
  reportArgs: string,
  reducers = 1,
  mapArgs = "",
): string {
  const maps = inputs.flatMap(({ file, parts, stdin }, index) => {
    if (stdin)
      return [
        `$PARLEY validate --stage map ${mapArgs} --input-index ${index} --name ${file} - < ${file}`,
      ];
    if (!parts) return [`$PARLEY validate --stage map ${mapArgs} --input-index ${index} ${file}`];
    return ranges(statSync(join(dir, file)).size, parts).map(
      (r) => `$PARLEY validate --stage map ${mapArgs} --input-index ${index} --range ${r} ${file}`,
    );
  });
  // Reducer k takes the keys whose first hex digit is k modulo `reducers`; report lines (~)
  // go to reducer 0. Each reducer gets a sorted subset of keys, as a shuffle delivers them.
  const split = Array.from(
    { length: reducers },
    (_, k) =>
      `awk -F'\\t' '{ c = substr($1,1,1); n = index("0123456789abcdef", c) - 1; if (n < 0) n = 0; if (n % ${reducers} == ${k}) print }' sorted.txt | $PARLEY validate --stage reduce > reduced-${k}.txt`,
  );
  return sh(
    `set -e\nrm -f reduced-*.txt\n( ${maps.join("\n")} ) > mapped.txt\nsort mapped.txt > sorted.txt\n${split.join("\n")}\ncat reduced-*.txt | $PARLEY validate --stage report ${reportArgs} || test $? = 1`,
    dir,
  );
}

function single(dir: string, args: string): string {
  return sh(`$PARLEY validate ${args} || test $? = 1`, dir);
}

describe("parley validate --stage", () => {
  it("map | sort | reduce | report gives the report of parley validate, byte for byte", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "data.ndjson"), dataset);
    // One run writes every format (--output), so each configuration is compared in all of them.
    const formats = "--format pretty --no-color --output json=out.json --output sarif=out.sarif";
    const read = (): string => sh("cat out.json out.sarif", dir);
    const expected = single(dir, `data.ndjson ${formats}`);
    const expectedFiles = read();
    expect(expected.length).toBeGreaterThan(1000);
    for (const [parts, reducers] of [
      [1, 1],
      [3, 2],
      [11, 3],
    ] as const) {
      sh("rm -f out.json out.sarif", dir);
      const got = pipeline(dir, [{ file: "data.ndjson", parts }], formats, reducers);
      expect(got, `pretty, ${parts} parts, ${reducers} reducers`).toBe(expected);
      expect(read(), `json and sarif, ${parts} parts, ${reducers} reducers`).toBe(expectedFiles);
    }
    // The dataset does exercise what crosses parts (a report without them proves nothing).
    const report = JSON.parse(sh("cat out.json", dir));
    const byRule = report.inputs[0].byRule;
    for (const rule of [
      "id-duplicate",
      "ref-wrong-type",
      "ref-dangling",
      "source-published-before-event",
      "format-members-participants",
    ])
      expect(byRule[rule]?.count, rule).toBeGreaterThan(0);
    expect(byRule["ref-dangling"].count).toBeGreaterThan(byRule["ref-dangling"].reported);
    expect(report.findings.some((f: { suggestion?: string }) => f.suggestion === "person:1")).toBe(
      true,
    );
  }, 600_000);

  it("reads gzip inputs and standard input whole, several inputs in order, with caps and severities", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.ndjson"), dataset);
    writeFileSync(join(dir, "b.ndjson.gz"), gzipSync(dataset));
    writeFileSync(join(dir, "c.ndjson"), dataset.split("\n").slice(0, 900).join("\n"));
    writeFileSync(
      join(dir, "parley.json"),
      JSON.stringify({ rules: { "ref-dangling": "warning", "quote-speaker-unresolved": "off" } }),
    );
    const args = "--config parley.json --max-findings-per-rule 9 --max-findings 120 --no-color";
    const formats = "--format pretty --output json=out.json";
    const expected = single(dir, `a.ndjson b.ndjson.gz c.ndjson ${formats} ${args}`);
    const expectedJson = sh("cat out.json", dir);
    sh("rm out.json", dir);
    const got = pipeline(
      dir,
      [{ file: "a.ndjson", parts: 4 }, { file: "b.ndjson.gz" }, { file: "c.ndjson", stdin: true }],
      `${formats} ${args}`,
      2,
      "--config parley.json",
    );
    expect(got).toBe(expected);
    expect(sh("cat out.json", dir)).toBe(expectedJson);
  }, 600_000);

  // The report stage used to hold every finding as an object before writing (about 1 KB
  // each): a dataset with millions of findings needed a driver of gigabytes. It now hands them,
  // as they arrive and still relative to their part, to the CLI's external sort (sorted runs of
  // 10,000 on disk) and places them in the file as it writes. Far more findings than one run,
  // own and cross-record, many at the same offsets, must still come out byte for byte as
  // `parley validate` writes them. Not a memory test: docs/distributed.md has the measurement.
  it("streams a report of 200,000 findings through the CLI's external sort, byte for byte", async () => {
    const dir = tempDir();
    const lines: string[] = [];
    let k = 0;
    for (const record of crossPartDataset(120_000, 5)) {
      if (record.type !== "dataset") {
        // An own finding on every record, and on every event two references to ids that
        // never come (resolved only at the end, past every part).
        record.note = "not in the schema";
        // A second own finding on every quote (a warning: originalLang is its lang too).
        if (record.type === "quote") record.originalLang = record.lang;
        if (record.type === "event")
          record.relations = [
            { relation: "related-to", event: `event:gone-${k++}` },
            { relation: "follow-up-to", event: "event:gone" },
          ];
      }
      lines.push(JSON.stringify(record));
    }
    writeFileSync(join(dir, "many.ndjson"), `${lines.join("\n")}\n`);
    const formats = "--format json --output sarif=out.sarif";
    const expected = single(dir, `many.ndjson ${formats}`);
    const expectedSarif = sh("cat out.sarif", dir);
    const report = JSON.parse(expected);
    expect(report.findings.length).toBeGreaterThan(200_000);
    // Cross-record findings among them, not only each record's own.
    expect(report.inputs[0].byRule["ref-dangling"].reported).toBeGreaterThan(20_000);
    sh("rm out.sarif", dir);
    const got = pipeline(dir, [{ file: "many.ndjson", parts: 5 }], formats, 2);
    expect(got === expected, "the JSON report differs").toBe(true);
    expect(sh("cat out.sarif", dir) === expectedSarif, "the SARIF report differs").toBe(true);
  }, 900_000);

  // A cycle of parent organizations or of reporting sources may run through any number of
  // records in any parts: no reducer sees it (a key is one id). The map hands the links to the
  // report, which checks them as one process does at the end of the input. The stages used to
  // miss such a cycle whenever a cut fell inside it.
  it("finds reference cycles that run through several parts", async () => {
    const dir = tempDir();
    const records = dataset.trimEnd().split("\n").slice(0, 1200);
    const [header, ...rest] = records;
    const third = Math.floor(rest.length / 3);
    const org = (id: string, parent: string) =>
      JSON.stringify({
        type: "organization",
        id,
        names: [{ value: id }],
        kind: "ministry",
        parent,
      });
    const source = (id: string, reported: string) =>
      JSON.stringify({
        type: "source",
        id,
        kind: "news-article",
        reports: [{ source: reported, relation: "cites" }],
      });
    const lines = [
      header,
      org("org:cycle-a", "org:cycle-b"),
      source("source:cycle-1", "source:cycle-2"),
      ...rest.slice(0, third),
      org("org:cycle-b", "org:cycle-c"),
      source("source:cycle-2", "source:cycle-1"),
      ...rest.slice(third, 2 * third),
      org("org:cycle-c", "org:cycle-a"),
      ...rest.slice(2 * third),
    ];
    writeFileSync(join(dir, "cycles.ndjson"), `${lines.join("\n")}\n`);
    const formats = "--format json --output sarif=out.sarif";
    const expected = single(dir, `cycles.ndjson ${formats}`);
    const expectedSarif = sh("cat out.sarif", dir);
    expect(JSON.parse(expected).inputs[0].byRule["reference-cycle"]?.count).toBe(2);
    for (const parts of [1, 3, 7]) {
      sh("rm out.sarif", dir);
      expect(pipeline(dir, [{ file: "cycles.ndjson", parts }], formats, 2), `${parts} parts`).toBe(
        expected,
      );
      expect(sh("cat out.sarif", dir)).toBe(expectedSarif);
    }
  }, 600_000);

  it("refuses pipelines that would give a wrong report, saying what is wrong", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "data.ndjson"), dataset);
    writeFileSync(join(dir, "data.ndjson.gz"), gzipSync(dataset));
    const size = statSync(join(dir, "data.ndjson")).size;
    const half = Math.floor(size / 2);
    sh(
      `$PARLEY validate --stage map --range 0-${half} data.ndjson > first.txt && $PARLEY validate --stage map --range ${half}-${size} data.ndjson > second.txt`,
      dir,
    );

    // Unsorted input to a reducer.
    const unsorted = await parley(["validate", "--stage", "reduce", "first.txt"], { cwd: dir });
    expect(unsorted.code).toBe(2);
    expect(unsorted.stderr).toContain("not sorted");
    expect(unsorted.stderr).toContain("LC_ALL=C sort");

    // A part missing, or mapped twice.
    sh("sort first.txt | $PARLEY validate --stage reduce > r1.txt", dir);
    const missing = await parley(["validate", "--stage", "report", "r1.txt"], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`the end of 'data.ndjson' (from byte`);
    const twice = await parley(["validate", "--stage", "reduce"], {
      cwd: dir,
      stdin: sh("cat first.txt first.txt second.txt | sort", dir),
    });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain("mapped twice");

    // Facts straight to the report (the reduce stage forgotten).
    const noReduce = await parley(["validate", "--stage", "report", "first.txt"], { cwd: dir });
    expect(noReduce.code).toBe(2);
    expect(noReduce.stderr).toContain("reduce");

    // Stages run with different configurations.
    writeFileSync(join(dir, "off.json"), JSON.stringify({ rules: { "schema-enum": "off" } }));
    const mixed = await parley(["validate", "--stage", "report", "--config", "off.json"], {
      cwd: dir,
      stdin: sh("cat first.txt second.txt | sort | $PARLEY validate --stage reduce", dir),
    });
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain("other options");

    // A gzip file cannot be cut into byte ranges.
    const gz = await parley(["validate", "--stage", "map", "--range", "10-20", "data.ndjson.gz"], {
      cwd: dir,
    });
    expect(gz.code).toBe(2);
    expect(gz.stderr).toContain("cannot be cut into byte ranges");

    // Usage mistakes.
    const badStage = await parley(["validate", "--stage", "mapp", "data.ndjson"], { cwd: dir });
    expect(badStage.code).toBe(2);
    const badRange = await parley(["validate", "--stage", "map", "--range", "9-1", "data.ndjson"], {
      cwd: dir,
    });
    expect(badRange.code).toBe(2);
    expect(badRange.stderr).toContain("--range must be");
    const noFile = await parley(["validate", "--stage", "map", "nope.ndjson"], { cwd: dir });
    expect(noFile.code).toBe(3);
    expect(noFile.stderr).toContain("nope.ndjson");
    for (const r of [unsorted, missing, twice, noReduce, mixed, gz, badStage, badRange, noFile])
      expect(r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  }, 600_000);
});
