import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { run } from "../src/main";
import { ANSI, seedNdjson } from "./helpers";

// The progress bar is for people watching a terminal: it goes to stderr and only when stderr is
// a TTY. Spawned processes never have a TTY here, so these run the CLI in-process with a stderr
// that says it is one.

function capture(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 100, write: (s: string) => chunks.push(s) } };
}

async function validateWith(stderrIsTty: boolean, extra: string[] = []) {
  const stdout = capture(false);
  const stderr = capture(stderrIsTty);
  const code = await run(["validate", seedNdjson, ...extra], {
    stdout: stdout.stream,
    stderr: stderr.stream,
    stdin: new PassThrough(),
    env: {},
    cwd: process.cwd(),
  });
  return { code, stdout: stdout.chunks.join(""), stderr: stderr.chunks.join("") };
}

describe("progress bar", () => {
  it("shows records and records/s on stderr when it is a terminal, and clears itself", async () => {
    const { code, stdout, stderr } = await validateWith(true);
    expect(code).toBe(0);
    expect(stderr).toMatch(/validating .*\d+ records \| [\d,]+ records\/s/);
    // The report on stdout is untouched by the bar.
    expect(stdout).toBe("✔ valid: 1 input, 23 records, no problems\n");
  });

  it("is absent when stderr is not a terminal, and with --no-progress", async () => {
    expect((await validateWith(false)).stderr).toBe("");
    const quiet = await validateWith(true, ["--no-progress"]);
    expect(quiet.stderr).toBe("");
    expect(quiet.stderr).not.toMatch(ANSI);
  });
});
