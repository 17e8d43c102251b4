/**
 * `parley import` with mappings and its strictness, run as a user runs it (the built binary).
 * Inputs are the importers' fixtures (licence notes in packages/importers/test/fixtures/README.md)
 * and small files written here.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parley, repoRoot, STACK_LINE, tempDir } from "./helpers";

const fixtures = join(repoRoot, "packages", "importers", "test", "fixtures");

describe("parley import hsg-visits", () => {
  it("imports the visits of a folder (searched recursively) into a dataset that validates", async () => {
    const dir = tempDir();
    const out = join(dir, "visits.ndjson");
    const result = await parley(["import", "hsg-visits", join(fixtures, "hsg-visits"), "-o", out]);
    expect(result.stderr).toContain("hsg-visits: read 46, imported 46, skipped 0");
    expect(result.code).toBe(0);
    const validated = await parley(["validate", out]);
    expect(validated.code).toBe(0);
  });

  it("the travels importer given the visits data fails and writes nothing", async () => {
    const dir = tempDir();
    const out = join(dir, "travels.ndjson");
    const result = await parley(["import", "hsg-travels", join(fixtures, "hsg-visits"), "-o", out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/import failed: nothing imported .*not of this source's shape/);
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(existsSync(out)).toBe(false);
  });
});

describe("parley import --mapping", () => {
  const mapping = {
    $schema: "https://parley.dev/schemas/mapping/1.0/mapping.schema.json",
    mappingVersion: "1.0",
    name: "calls",
    input: { format: "csv", requires: ["id", "day"] },
    records: [
      {
        type: "event",
        record: {
          id: { $template: "calls:{id}" },
          kind: "call",
          date: { $date: { $field: "day" } },
          title: { $template: "{caller} calls {callee}" },
        },
      },
    ],
  };

  it("imports a CSV, with --since and --max-skipped as policies", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "calls.mapping.json"), JSON.stringify(mapping, null, 2));
    writeFileSync(
      join(dir, "calls.csv"),
      "id,day,caller,callee\n1,2024-01-05,Blinken,Wang Yi\n2,2019-03-02,Pompeo,Lavrov\n",
    );
    const ok = await parley(
      [
        "import",
        "--mapping",
        "calls.mapping.json",
        "calls.csv",
        "--since",
        "2020",
        "-o",
        "out.ndjson",
      ],
      { cwd: dir },
    );
    expect(ok.stderr).toContain("calls: read 2, imported 1, skipped 1");
    expect(ok.stderr).toContain("comma-separated, header row");
    expect(ok.code).toBe(0);
    const lines = readFileSync(join(dir, "out.ndjson"), "utf8").trim().split("\n");
    expect(JSON.parse(lines[1] as string)).toMatchObject({
      id: "calls:1",
      title: "Blinken calls Wang Yi",
    });

    const strict = await parley(
      [
        "import",
        "--mapping",
        "calls.mapping.json",
        "calls.csv",
        "--since",
        "2020",
        "--max-skipped",
        "0",
        "-o",
        "strict.ndjson",
      ],
      { cwd: dir },
    );
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/skipped 1, more than --max-skipped 0/);
    expect(existsSync(join(dir, "strict.ndjson"))).toBe(false);
    const ratio = await parley(
      [
        "import",
        "--mapping",
        "calls.mapping.json",
        "calls.csv",
        "--since",
        "2020",
        "--max-skipped",
        "60%",
      ],
      { cwd: dir },
    );
    expect(ratio.code).toBe(0);
    const few = await parley(
      ["import", "--mapping", "calls.mapping.json", "calls.csv", "--min-records", "3"],
      { cwd: dir },
    );
    expect(few.code).toBe(1);
    expect(few.stderr).toMatch(/imported 2, fewer than --min-records 3/);
  });

  it("a wrong mapping is a usage error naming the line and column", async () => {
    const dir = tempDir();
    const wrong = JSON.stringify({ ...mapping, input: { format: "cvs" } }, null, 2);
    writeFileSync(join(dir, "m.json"), wrong);
    writeFileSync(join(dir, "calls.csv"), "id,day\n1,2020\n");
    const result = await parley(["import", "--mapping", "m.json", "calls.csv"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /m\.json:6:15: 'cvs' is not allowed at \/input\/format \(did you mean 'csv'\?\)/,
    );
    expect(result.stderr).not.toMatch(STACK_LINE);
  });

  it("a truncated input leaves no output file", async () => {
    const dir = tempDir();
    const json = { ...mapping, input: { format: "json" } };
    writeFileSync(join(dir, "m.json"), JSON.stringify(json));
    writeFileSync(join(dir, "cut.json"), '[{"id":1,"day":"2020-01-01"},{"id":2,"da');
    const result = await parley(["import", "--mapping", "m.json", "cut.json", "-o", "out.ndjson"], {
      cwd: dir,
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/cut\.json.*not valid JSON/);
    expect(existsSync(join(dir, "out.ndjson"))).toBe(false);
  });
});

describe("parley import ungdc", () => {
  const speakers = join(fixtures, "ungdc", "speakers-slice.csv");
  const speeches = join(fixtures, "ungdc", "speeches");

  it("with one year's speeches imports that year's debate, not every session", async () => {
    const result = await parley(["import", "ungdc", speakers, speeches]);
    expect(result.code).toBe(0);
    // The fixture: 211 speaker rows, 192 of session 78 (2023), the speeches are of session 78.
    expect(result.stderr).toContain("ungdc: read 211, imported 192, skipped 19");
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.filter((r) => r.type === "event").map((r) => r.id)).toEqual(["ungdc:session:78"]);
    expect(lines.filter((r) => r.type === "quote")).toHaveLength(3);
    const all = await parley(["import", "ungdc", speakers, speeches, "--session", "all"]);
    expect(all.stderr).toContain("ungdc: read 211, imported 211, skipped 0");
  });
});

describe("every source given the wrong file", () => {
  const cases: [string, string][] = [
    ["gdelt", join(fixtures, "gdelt", "column-labels-first-3.csv")],
    ["plover", join(fixtures, "ungdc", "speakers-slice.csv")],
    ["hsg-travels", join(fixtures, "hsg-visits", "1910.xml")],
    ["hsg-visits", join(fixtures, "hsg-travels", "biden-joseph-r.xml")],
    ["ungdc", join(fixtures, "gdelt", "mentions-first-5.csv")],
  ];
  it.each(cases)("%s exits non-zero and leaves no output file", async (format, input) => {
    const dir = tempDir();
    const out = join(dir, "out.ndjson");
    const result = await parley(["import", format, input, "-o", out]);
    expect(result.code, result.stderr).not.toBe(0);
    expect(result.code).not.toBe(70);
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(existsSync(out)).toBe(false);
  });
});

it("filters a shipped mapping (gdelt) with --until like any mapping, and says what it skipped", async () => {
  // awk -F'\t' '$29=="04" && $2 < 20190101' export-first-300.tsv | wc -l → 4: the re-dated events
  const result = await parley([
    "import",
    "gdelt",
    join(fixtures, "gdelt", "export-first-300.tsv"),
    "--until",
    "2018-12-31",
  ]);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stderr).toMatch(/gdelt: read 300, imported 4,/);
  expect(result.stderr).toMatch(/after --until 2018-12-31/);
});
