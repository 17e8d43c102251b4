import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import {
  createMigration,
  LATEST_SCHEMA_VERSION,
  migrateDatasetDocument,
  SCHEMA_VERSIONS,
} from "@parley/schema";
import { afterEach, describe, expect, it } from "vitest";
import { commands } from "../src/commands";
import { migrate } from "../src/commands/migrate";
import { describeMigrationReports } from "../src/commands/migrate-run";
import { createContext } from "../src/context";
import { UnreadableInputError, UsageError } from "../src/errors";
import { ExitCode } from "../src/exit-codes";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
// The 1.0 encoding of the seed (the compatibility fixture): something to migrate.
const seedJson = join(repoRoot, "examples", "seed", "seed-1.0.json");
const seedNdjson = join(repoRoot, "examples", "seed", "seed-1.0.ndjson");

/** Runs `parley migrate` in-process with the given options, capturing stdout and stderr. */
async function runMigrate(values: Record<string, string>, positionals: string[], cwd = repoRoot) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io = {
    stdout: { write: (chunk: string) => stdout.push(chunk) },
    stderr: { write: (chunk: string) => stderr.push(chunk) },
    stdin: new PassThrough(),
    env: {},
    cwd,
  };
  const code = await migrate.run({ values, positionals }, createContext(io));
  return { code, stdout: stdout.join(""), stderr: stderr.join("") };
}

const scratch: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "parley-migrate-"));
  scratch.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("parley migrate", () => {
  it("is registered as a command", () => {
    expect(commands.map((command) => command.name)).toContain("migrate");
  });

  it("upgrades the seed's JSON document to the latest version, as the library does, in JSON.stringify's layout", async () => {
    const { code, stdout, stderr } = await runMigrate({ to: "latest" }, [seedJson]);
    expect(code).toBe(ExitCode.Ok);
    const seed = JSON.parse(readFileSync(seedJson, "utf8"));
    const expected = migrateDatasetDocument(seed, LATEST_SCHEMA_VERSION).document;
    expect(JSON.parse(stdout)).toEqual(expected);
    expect(stdout).toBe(`${JSON.stringify(expected, null, 2)}\n`);
    expect(stderr).toContain(`${seed.records.length} records from 1.0 to ${LATEST_SCHEMA_VERSION}`);
  });

  it("streams the NDJSON seed line by line, header first", async () => {
    const { code, stdout } = await runMigrate({ to: LATEST_SCHEMA_VERSION }, [seedNdjson]);
    expect(code).toBe(ExitCode.Ok);
    const input = readFileSync(seedNdjson, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const output = stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const migration = createMigration("1.0", LATEST_SCHEMA_VERSION);
    expect(output).toEqual([
      migration.header(input[0]),
      ...input.slice(1).map((record) => migration.record(record)),
    ]);
    expect(output[0].schemaVersion).toBe(LATEST_SCHEMA_VERSION);
  });

  it("writes --output only when the whole dataset migrated, and leaves no temporary file", async () => {
    const dir = tempDir();
    const { code } = await runMigrate({ to: "latest", output: "out.ndjson" }, [seedNdjson], dir);
    expect(code).toBe(ExitCode.Ok);
    expect(readdirSync(dir)).toEqual(["out.ndjson"]);
    expect(readFileSync(join(dir, "out.ndjson"), "utf8").trim().split("\n")).toHaveLength(
      readFileSync(seedNdjson, "utf8").trim().split("\n").length,
    );
  });

  it("stops at a broken line, naming the file and line, and writes no partial --output", async () => {
    const dir = tempDir();
    const lines = readFileSync(seedNdjson, "utf8").trim().split("\n");
    lines[2] = '{"type": "event", "id": ';
    writeFileSync(join(dir, "broken.ndjson"), `${lines.join("\n")}\n`);
    const attempt = runMigrate({ to: "latest", output: "out.ndjson" }, ["broken.ndjson"], dir);
    await expect(attempt).rejects.toThrow(UnreadableInputError);
    await expect(attempt).rejects.toThrow(/^broken\.ndjson:3: not a JSON value/);
    expect(readdirSync(dir)).toEqual(["broken.ndjson"]);
  });

  it("says which input is missing, as an unreadable input (exit 3), not a crash", async () => {
    const dir = tempDir();
    await expect(runMigrate({ to: "latest" }, ["missing.ndjson"], dir)).rejects.toThrow(
      new UnreadableInputError("cannot read 'missing.ndjson': no such file"),
    );
  });

  it("asks for --from when the data does not say its version, and uses it when given", async () => {
    const dir = tempDir();
    const records = readFileSync(seedNdjson, "utf8").trim().split("\n").slice(1);
    writeFileSync(join(dir, "bare.ndjson"), `${records.join("\n")}\n`);
    await expect(runMigrate({ to: "latest" }, ["bare.ndjson"], dir)).rejects.toThrow(UsageError);
    await expect(runMigrate({ to: "latest" }, ["bare.ndjson"], dir)).rejects.toThrow(
      /no schemaVersion/,
    );
    const { code, stdout } = await runMigrate({ to: "latest", from: "1.0" }, ["bare.ndjson"], dir);
    expect(code).toBe(ExitCode.Ok);
    expect(stdout.trim().split("\n")).toHaveLength(records.length);
  });

  it("refuses a target version it does not know, listing the ones it does", async () => {
    await expect(runMigrate({ to: "7.3" }, [seedJson])).rejects.toThrow(
      new RegExp(
        `--to 7\\.3: not a version this parley knows \\(${SCHEMA_VERSIONS.join(", ").replace(/\./g, "\\.")}\\)`,
      ),
    );
  });

  it("reports every field kept in extensions and every rename, never silently", () => {
    const text = describeMigrationReports(
      [
        {
          from: "1.1",
          to: "2.0",
          steps: [{ from: "1.1", to: "2.0", summary: "Quote.text is now words." }],
          records: 3,
          moved: [
            { from: ["text"], to: ["words"], reason: "renamed", record: "q1", step: "1.1 → 2.0" },
            {
              from: ["codes", "ploverMode"],
              to: ["extensions", "parley@1.1:codes.ploverMode"],
              reason: "no-place",
              record: "e1",
              step: "1.1 → 2.0",
            },
            {
              from: ["codes", "ploverMode"],
              to: ["extensions", "parley@1.1:codes.ploverMode"],
              reason: "no-place",
              record: "e2",
              step: "1.1 → 2.0",
            },
          ],
        },
      ],
      "2.0",
      "out.ndjson",
    );
    expect(text).toContain("3 records from 1.1 to 2.0 (1.1 → 2.0) → out.ndjson");
    expect(text).toContain("renamed text → words in 1 place");
    expect(text).toContain(
      "kept in extensions: codes.ploverMode → extensions.parley@1.1:codes.ploverMode (2 values; 2.0 has no place for it)",
    );
  });
});
