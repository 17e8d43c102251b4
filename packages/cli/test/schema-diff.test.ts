import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { LATEST_SCHEMA_VERSION, RELEASED_SCHEMA_VERSIONS } from "@parley/schema";
import { afterEach, describe, expect, it } from "vitest";
import { commands } from "../src/commands";
import { schemaDiff } from "../src/commands/schema-diff";
import { createContext } from "../src/context";
import { UnreadableInputError, UsageError } from "../src/errors";
import { ExitCode } from "../src/exit-codes";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const released = RELEASED_SCHEMA_VERSIONS[0] ?? "1.0";
const releasedDir = join(repoRoot, "packages", "schema", "json-schema", released);

async function runDiff(positionals: string[], json = false) {
  const stdout: string[] = [];
  const io = {
    stdout: { write: (chunk: string) => stdout.push(chunk) },
    stderr: { write: () => true },
    stdin: new PassThrough(),
    env: {},
    cwd: repoRoot,
  };
  const code = await schemaDiff.run(
    { values: json ? { json: true } : {}, positionals },
    createContext(io),
  );
  return { code, stdout: stdout.join("") };
}

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the released folder with Event.title removed: a breaking change. */
function draftWithoutEventTitle(): string {
  const dir = mkdtempSync(join(tmpdir(), "parley-schema-diff-"));
  scratch.push(dir);
  cpSync(releasedDir, dir, { recursive: true });
  for (const file of readdirSync(dir)) {
    const document = JSON.parse(readFileSync(join(dir, file), "utf8"));
    if (document.$defs?.Event) delete document.$defs.Event.properties.title;
    writeFileSync(join(dir, file), JSON.stringify(document));
  }
  return dir;
}

describe("parley schema diff", () => {
  it("is registered under two words", () => {
    expect(commands.map((command) => command.name)).toContain("schema diff");
  });

  it("compares two shipped versions and exits 0 when nothing breaks", async () => {
    const { code, stdout } = await runDiff([released, "latest"]);
    expect(code).toBe(ExitCode.Ok);
    expect(stdout).toMatch(
      new RegExp(`^Parley schema diff ${released} → ${LATEST_SCHEMA_VERSION}: `),
    );
  });

  it("compares a version with a draft folder, names the breaking change and exits 1 for CI", async () => {
    const draft = draftWithoutEventTitle();
    const { code, stdout } = await runDiff([released, draft]);
    expect(code).toBe(ExitCode.Findings);
    expect(stdout).toContain("field-removed");
    expect(stdout).toContain("Event: field 'title' removed");
    const json = await runDiff([released, draft], true);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ from: released, compatible: false, requiredBump: "major" });
    expect(report.changes).toEqual([
      expect.objectContaining({ kind: "field-removed", location: "Event.title" }),
    ]);
  });

  it("compares two single schema files", async () => {
    const draft = draftWithoutEventTitle();
    const { code, stdout } = await runDiff(
      [join(releasedDir, "event.schema.json"), join(draft, "event.schema.json")],
      true,
    );
    expect(code).toBe(ExitCode.Findings);
    expect(JSON.parse(stdout).changes.map((change: { kind: string }) => change.kind)).toEqual([
      "field-removed",
    ]);
  });

  it("says clearly when a side is neither a known version nor a readable path", async () => {
    await expect(runDiff(["9.9", "latest"])).rejects.toThrow(UsageError);
    await expect(runDiff(["9.9", "latest"])).rejects.toThrow(
      /'9\.9' is not a version this parley ships/,
    );
    await expect(runDiff(["./no/such/folder", "latest"])).rejects.toThrow(UnreadableInputError);
    await expect(runDiff(["latest"])).rejects.toThrow(
      /takes two versions, folders or files; got 1/,
    );
  });
});
