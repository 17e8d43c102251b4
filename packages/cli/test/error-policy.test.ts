import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parley, repoRoot, STACK_LINE, seedJson, seedNdjson, tempDir } from "./helpers";

/**
 * The CLI's one error policy, case by case from issue #11: a mistake of the user's input,
 * arguments or file system is exit 2 or 3 with one line naming the path and the problem —
 * never exit 70, never a stack trace — and the same input is accepted or refused the same way
 * by every command.
 */

const plover = join(
  repoRoot,
  "packages",
  "importers",
  "test",
  "fixtures",
  "plover",
  "plover-gsr-slice.json",
);

/** A folder's entries, hidden temporaries included. */
const entries = (dir: string) => readdirSync(dir).sort();

/** One line on stderr (after the `parley:` prefix) that names `path`, and nothing else. */
function expectOneLine(stderr: string, path: string): void {
  expect(stderr).not.toMatch(STACK_LINE);
  expect(stderr).not.toContain("internal error");
  const lines = stderr.trim().split("\n");
  const line = lines.find((l) => l.startsWith("parley:")) ?? "";
  expect(line).toContain(path);
}

describe("outputs that cannot be written are exit 3, named, and leave nothing", () => {
  it("a missing output folder, for every command that writes", async () => {
    const dir = tempDir();
    const missing = join(dir, "no", "such");
    const runs = await Promise.all([
      parley(["import", "plover", plover, "-o", join(missing, "out.ndjson")]),
      parley(["export", "--to", "csv", seedJson, "-o", join(missing, "tables")]),
      parley(["export", "--to", "json", seedNdjson, "-o", join(missing, "out.json")]),
      parley(["migrate", "--to", "latest", seedJson, "-o", join(missing, "out.json")]),
      parley(["validate", seedJson, "--output", `json=${join(missing, "report.json")}`]),
    ]);
    for (const run of runs) {
      expect(run.code).toBe(3);
      expectOneLine(run.stderr, `the folder '${join(dir, "no")}' does not exist`);
    }
    expect(entries(dir)).toEqual([]);
  });

  it("--summary-json into a missing folder fails before the import and writes neither file", async () => {
    const dir = tempDir();
    const run = await parley([
      "import",
      "plover",
      plover,
      "-o",
      join(dir, "out.ndjson"),
      "--summary-json",
      join(dir, "missing", "summary.json"),
    ]);
    expect(run.code).toBe(3);
    expectOneLine(run.stderr, join(dir, "missing"));
    // The dataset is not left behind without its summary: both outputs, or neither.
    expect(entries(dir)).toEqual([]);
  });

  it("a file where a folder is expected, and a folder where a file is expected", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "plain.txt"), "mine");
    mkdirSync(join(dir, "folder"));
    const [tablesOntoFile, underFile, fileOntoFolder] = await Promise.all([
      parley(["export", "--to", "csv", seedJson, "-o", join(dir, "plain.txt")]),
      parley(["import", "plover", plover, "-o", join(dir, "plain.txt", "out.ndjson")]),
      parley(["migrate", "--to", "latest", seedJson, "-o", join(dir, "folder")]),
    ]);
    expect(tablesOntoFile.code).toBe(3);
    expectOneLine(tablesOntoFile.stderr, "it is a file, not a folder");
    expect(underFile.code).toBe(3);
    expectOneLine(underFile.stderr, `'${join(dir, "plain.txt")}' is a file, not a folder`);
    expect(fileOntoFolder.code).toBe(3);
    expectOneLine(fileOntoFolder.stderr, "it is a folder, not a file");
    expect(readFileSync(join(dir, "plain.txt"), "utf8")).toBe("mine");
    expect(entries(dir)).toEqual(["folder", "plain.txt"]);
    expect(entries(join(dir, "folder"))).toEqual([]);
  });

  it("export -o /proc/x ends at once (it used to spin in a recursive mkdir)", async () => {
    // As root no permission bit stops a write; /proc refuses new files to everyone.
    const started = Date.now();
    const [tables, json] = await Promise.all([
      parley(["export", "--to", "csv", seedJson, "-o", "/proc/x"]),
      parley(["export", "--to", "json", seedJson, "-o", "/proc/x"]),
    ]);
    for (const run of [tables, json]) {
      expect(run.code).toBe(3);
      expectOneLine(run.stderr, "/proc/x");
    }
    // Generous for a loaded machine; the old behaviour never ended.
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it("export --to csv never replaces a folder that holds other files", async () => {
    const dir = tempDir();
    const target = join(dir, "mine");
    mkdirSync(target);
    writeFileSync(join(target, "notes.txt"), "keep me");
    const run = await parley(["export", "--to", "csv", seedJson, "-o", target]);
    expect(run.code).toBe(3);
    expectOneLine(run.stderr, "holds other files");
    expect(entries(target)).toEqual(["notes.txt"]);
  });
});

describe("inputs every command reads the same way", () => {
  it("a BOM before a JSON document is accepted by validate, migrate and export alike", async () => {
    const dir = tempDir();
    const withBom = join(dir, "bom.json");
    writeFileSync(
      withBom,
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(seedJson)]),
    );
    const [validated, migrated, exported] = await Promise.all([
      parley(["validate", withBom]),
      parley(["migrate", "--to", "latest", withBom, "-o", join(dir, "m.json")]),
      parley(["export", "--to", "ndjson", withBom, "-o", join(dir, "e.ndjson")]),
    ]);
    expect(validated.code).toBe(0);
    expect(validated.stdout).toContain("input-bom");
    for (const run of [migrated, exported]) {
      expect(run.code).toBe(0);
      expect(run.stderr).toContain("byte order mark");
    }
    // Skipped, not kept: the outputs are plain UTF-8 JSON.
    expect(JSON.parse(readFileSync(join(dir, "m.json"), "utf8")).records).toHaveLength(23);
    expect(readFileSync(join(dir, "e.ndjson"), "utf8").split("\n").filter(Boolean)).toHaveLength(
      24,
    );
  });

  it("a BOM before NDJSON is skipped with one note by the commands that stream it", async () => {
    const dir = tempDir();
    const withBom = join(dir, "bom.ndjson");
    writeFileSync(
      withBom,
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(seedNdjson)]),
    );
    const [counted, plain] = await Promise.all([
      parley(["stats", "--format", "json", withBom]),
      parley(["stats", "--format", "json", seedNdjson]),
    ]);
    expect(counted.code).toBe(0);
    expect(counted.stderr.match(/byte order mark/g)).toHaveLength(1);
    expect(JSON.parse(counted.stdout).records).toEqual(JSON.parse(plain.stdout).records);
  });

  it("gzip is recognised by its bytes by validate, migrate and export alike", async () => {
    const dir = tempDir();
    const gz = join(dir, "seed.ndjson.gz");
    writeFileSync(gz, gzipSync(readFileSync(seedNdjson)));
    const [validated, migrated, exported] = await Promise.all([
      parley(["validate", gz]),
      parley(["migrate", "--to", "latest", gz, "-o", join(dir, "m.ndjson")]),
      parley(["export", "--to", "csv", gz, "-o", join(dir, "tables")]),
    ]);
    expect([validated.code, migrated.code, exported.code]).toEqual([0, 0, 0]);
    expect(readFileSync(join(dir, "m.ndjson"), "utf8").trim().split("\n")).toHaveLength(24);
    expect(readFileSync(join(dir, "tables", "events.csv"), "utf8")).toContain(
      "event:moscow-meeting",
    );
  });

  it("text that is not UTF-8 is refused by every command, naming the line", async () => {
    const dir = tempDir();
    const latin1 = join(dir, "latin1.ndjson");
    const lines = readFileSync(seedNdjson, "utf8").split("\n");
    writeFileSync(
      latin1,
      Buffer.concat([
        Buffer.from(`${lines.slice(0, 2).join("\n")}\n`),
        Buffer.from(`${(lines[2] as string).replace("}", ',"x":"caf\u00e9"}')}\n`, "latin1"),
      ]),
    );
    // stats and export to a database stream NDJSON line by line: the same reader, the same refusal
    // (they used to turn the byte into U+FFFD without a word).
    const [validated, migrated, exported, counted, stored] = await Promise.all([
      parley(["validate", latin1]),
      parley(["migrate", "--to", "latest", latin1]),
      parley(["export", "--to", "json", latin1]),
      parley(["stats", latin1]),
      parley(["export", "--to", "sqlite", latin1, "-o", join(dir, "latin1.sqlite")]),
    ]);
    expect(validated.code).toBe(1);
    expect(validated.stdout).toContain("input-encoding");
    for (const run of [migrated, exported, counted, stored]) {
      expect(run.code).toBe(3);
      expectOneLine(run.stderr, "line 3 is not UTF-8");
    }
    expect(entries(dir)).toEqual(["latin1.ndjson"]);
  });

  it("an empty input is refused by export as validate refuses it; so is a dataset without records", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "empty.ndjson"), "\n\n");
    writeFileSync(
      join(dir, "header.ndjson"),
      `${readFileSync(seedNdjson, "utf8").split("\n")[0]}\n`,
    );
    const [validated, exported, migrated, headerOnly] = await Promise.all([
      parley(["validate", "empty.ndjson"], { cwd: dir }),
      parley(["export", "--to", "csv", "empty.ndjson", "-o", "tables"], { cwd: dir }),
      parley(["migrate", "--to", "latest", "empty.ndjson"], { cwd: dir }),
      parley(["export", "--to", "csv", "header.ndjson", "-o", "tables"], { cwd: dir }),
    ]);
    expect(validated.code).toBe(1);
    expect(validated.stdout).toContain("input-empty");
    for (const run of [exported, migrated]) {
      expect(run.code).toBe(3);
      expectOneLine(run.stderr, "'empty.ndjson': the input is empty");
    }
    expect(headerOnly.code).toBe(3);
    expectOneLine(headerOnly.stderr, "header.ndjson: the dataset has no records");
    expect(entries(dir)).toEqual(["empty.ndjson", "header.ndjson"]);
  });

  it("non-JSON and deeply nested inputs to export and migrate are exit 3 in one line", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "prose.json"), "Dear editor,\nthis is not a dataset.\n");
    writeFileSync(
      join(dir, "deep.json"),
      `{"schemaVersion":"1.0","records":[${"[".repeat(100_000)}${"]".repeat(100_000)}]}`,
    );
    copyFileSync(join(repoRoot, "README.md"), join(dir, "readme.json"));
    const runs = await Promise.all(
      ["prose.json", "deep.json", "readme.json"].flatMap((file) => [
        parley(["export", "--to", "json", file], { cwd: dir }),
        parley(["migrate", "--to", "latest", file], { cwd: dir }),
      ]),
    );
    for (const run of runs) {
      expect(run.code).toBe(3);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).not.toMatch(STACK_LINE);
      expect(run.stdout).toBe("");
    }
    expect(runs[2]?.stderr).toContain("deep.json:1: nested deeper than the standard allows");
  });
});

describe("an import that fails leaves nothing", () => {
  it("a truncated source (exit 3) leaves no output, not half a dataset that validates", async () => {
    const dir = tempDir();
    const truncated = join(dir, "truncated.json");
    writeFileSync(truncated, readFileSync(plover).subarray(0, 3000));
    writeFileSync(join(dir, "old.ndjson"), "previous");
    const run = await parley(["import", "plover", truncated, "-o", join(dir, "old.ndjson")]);
    expect(run.code).toBe(3);
    expectOneLine(run.stderr, "truncated.json");
    expect(readFileSync(join(dir, "old.ndjson"), "utf8")).toBe("previous");
    expect(entries(dir)).toEqual(["old.ndjson", "truncated.json"]);
  });
});
