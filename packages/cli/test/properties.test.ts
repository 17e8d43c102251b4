import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { tableFileNames } from "@parley/sdk";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bin, repoRoot, STACK_LINE, seedJson, seedNdjson, tempDir } from "./helpers";

/**
 * The CLI's promise, as a property over generated inputs and command lines: whatever the input
 * (valid, mutated, binary, empty, huge, nested, gzip, with a BOM) and wherever the output goes
 * (a new file, an existing one, a missing folder, a file where a folder should be, a folder
 * where a file should be, /proc), every command
 *   - exits 0, 1, 2 or 3 (70 is for bugs, and none may be found here);
 *   - prints no stack trace;
 *   - leaves its complete output, or the target as it was (absent or its old content), and no
 *     temporary beside it.
 *
 * Each run spawns the built binary, as a user runs it; cases run four at a time.
 */

const seedText = readFileSync(seedJson, "utf8");
const seedLines = readFileSync(seedNdjson, "utf8");
const plover = readFileSync(
  join(repoRoot, "packages", "importers", "test", "fixtures", "plover", "plover-gsr-slice.json"),
);

/** Inputs: the bytes of a file handed to a command. */
const inputBytes: fc.Arbitrary<{ kind: string; bytes: Buffer }> = fc.oneof(
  fc.constantFrom(
    { kind: "seed.json", bytes: Buffer.from(seedText) },
    { kind: "seed.ndjson", bytes: Buffer.from(seedLines) },
    { kind: "plover", bytes: plover },
    { kind: "empty", bytes: Buffer.alloc(0) },
    { kind: "blank", bytes: Buffer.from(" \n\r\n\t") },
    { kind: "bom", bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(seedText)]) },
    { kind: "gzip", bytes: gzipSync(seedLines) },
    { kind: "gzip-truncated", bytes: gzipSync(seedLines).subarray(0, 200) },
    {
      kind: "nested",
      bytes: Buffer.from(
        `{"schemaVersion":"1.0","records":[${"[".repeat(20_000)}${"]".repeat(20_000)}]}`,
      ),
    },
    {
      kind: "huge",
      // 8,000 records (about 1.6 MB): large enough to take several writes and reads.
      bytes: Buffer.from(
        seedLines +
          Array.from(
            { length: 8_000 },
            (_, i) =>
              `{"type":"source","id":"source:bulk-${i}","kind":"article","published":{"value":"2022-11-18"},"title":"Bulk ${i}"}`,
          ).join("\n"),
      ),
    },
  ),
  // Mutations of valid inputs: a cut, a flipped byte, inserted junk.
  fc
    .tuple(
      fc.constantFrom(Buffer.from(seedText), Buffer.from(seedLines), plover),
      fc.nat(),
      fc.uint8Array({ minLength: 1, maxLength: 8 }),
      fc.constantFrom("cut", "flip", "insert"),
    )
    .map(([base, at, junk, how]) => {
      const i = at % base.length;
      const bytes =
        how === "cut"
          ? base.subarray(0, i)
          : how === "flip"
            ? Buffer.concat([
                base.subarray(0, i),
                Buffer.from([(base[i] as number) ^ 0xff]),
                base.subarray(i + 1),
              ])
            : Buffer.concat([base.subarray(0, i), Buffer.from(junk), base.subarray(i)]);
      return { kind: `mutated-${how}`, bytes };
    }),
  fc
    .uint8Array({ maxLength: 2000 })
    .map((bytes) => ({ kind: "binary", bytes: Buffer.from(bytes) })),
);

/** Where an output goes, relative to a scratch folder that holds a file `plain` and a folder `folder`. */
const outputPlace = fc.constantFrom(
  "new", // out (does not exist)
  "existing", // out (a file with old content)
  "missing-folder", // missing/out
  "under-a-file", // plain/out
  "onto-a-folder", // folder (an empty folder)
  "proc", // /proc/x
);

type Command =
  | "validate"
  | "migrate"
  | "export-csv"
  | "export-json"
  | "export-ndjson"
  | "import-plover";

const commandName: fc.Arbitrary<Command> = fc.constantFrom(
  "validate",
  "migrate",
  "export-csv",
  "export-json",
  "export-ndjson",
  "import-plover",
);

interface Case {
  command: Command;
  input: { kind: string; bytes: Buffer };
  place: string;
}

const OLD = "old content\n";

function outputPath(dir: string, place: string): string {
  switch (place) {
    case "missing-folder":
      return join(dir, "missing", "out");
    case "under-a-file":
      return join(dir, "plain", "out");
    case "onto-a-folder":
      return join(dir, "folder");
    case "proc":
      return "/proc/x";
    default:
      return join(dir, "out");
  }
}

function argsFor(command: Command, input: string, output: string): string[] {
  switch (command) {
    case "validate":
      return ["validate", input, "--output", `json=${output}`];
    case "migrate":
      return ["migrate", "--to", "latest", input, "-o", output];
    case "export-csv":
      return ["export", "--to", "csv", input, "-o", output];
    case "export-json":
      return ["export", "--to", "json", input, "-o", output];
    case "export-ndjson":
      return ["export", "--to", "ndjson", input, "-o", output];
    case "import-plover":
      return ["import", "plover", input, "-o", output];
  }
}

function run(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: "1", PARLEY_DEBUG: "" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    const stderr: Buffer[] = [];
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr: Buffer.concat(stderr).toString("utf8") }));
  });
}

/** Whether what a command left at `output` is whole: parses to the end, or has every table. */
function complete(command: Command, output: string): boolean {
  if (command === "export-csv") {
    // Every file of the standard's table form, and nothing else.
    return JSON.stringify(readdirSync(output).sort()) === JSON.stringify(tableFileNames().sort());
  }
  const text = readFileSync(output, "utf8");
  if (command === "validate" || command === "export-json" || command === "migrate") {
    // migrate keeps the input's form: a JSON document, or NDJSON lines.
    try {
      JSON.parse(text);
      return true;
    } catch {
      if (command !== "migrate") return false;
    }
  }
  const lines = text.split("\n");
  return (
    lines.at(-1) === "" &&
    lines.slice(0, -1).every((line) => {
      JSON.parse(line);
      return true;
    })
  );
}

async function check({ command, input, place }: Case): Promise<void> {
  const dir = tempDir();
  writeFileSync(join(dir, "plain"), OLD);
  mkdirSync(join(dir, "folder"));
  const inputName =
    input.kind === "seed.json" || input.kind === "bom" || input.kind === "nested"
      ? "in.json"
      : "in.ndjson";
  writeFileSync(join(dir, inputName), input.bytes);
  const output = outputPath(dir, place);
  if (place === "existing") writeFileSync(output, OLD);
  const before = new Set(readdirSync(dir));

  const { code, stderr } = await run(argsFor(command, inputName, output), dir);
  const what = `${command} of ${input.kind} to ${place}: exit ${code}\n${stderr}`;

  expect([0, 1, 2, 3], what).toContain(code);
  expect(stderr, what).not.toMatch(STACK_LINE);
  expect(stderr, what).not.toContain("internal error");
  // No temporary is ever left, whatever happened.
  expect(
    readdirSync(dir).filter((name) => name.includes(".parley-")),
    what,
  ).toEqual([]);

  // The target as it was before the run: absent, the old file, the empty folder, /proc.
  const unchanged =
    place === "proc" ||
    (place === "existing"
      ? readFileSync(output, "utf8") === OLD
      : place === "onto-a-folder"
        ? statSync(output).isDirectory() && readdirSync(output).length === 0
        : !existsSync(output));
  if (code === 0) {
    expect(unchanged, what).toBe(false);
    expect(complete(command, output), what).toBe(true);
  } else if (!unchanged) {
    // Findings (exit 1) may come with a written output: then it is whole.
    expect(complete(command, output), what).toBe(true);
  }
  // Nothing else appeared or vanished beside the output.
  const after = new Set(readdirSync(dir));
  for (const name of before) expect(after.has(name), what).toBe(true);
  expect(readFileSync(join(dir, "plain"), "utf8"), what).toBe(OLD);
}

describe("every command on any input and any output place (property)", () => {
  it("exits 0/1/2/3, prints no stack trace, and leaves its whole output or nothing", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ command: commandName, input: inputBytes, place: outputPlace }), {
          minLength: 4,
          maxLength: 4,
        }),
        async (cases) => {
          await Promise.all(cases.map(check));
        },
      ),
      // 7 × 4 = 28 runs of the binary: about a minute on two loaded cores.
      { numRuns: 7, endOnFailure: true },
    );
  }, 240_000);
});
