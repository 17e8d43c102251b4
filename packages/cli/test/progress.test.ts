import { spawnSync } from "node:child_process";
import { existsSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
// @ts-expect-error: plain JavaScript generator shared with the benchmark
import { crossingDataset } from "../../validator/bench/crossing.mjs";
import { run } from "../src/main";
import { ANSI, bin, seedNdjson, tempDir } from "./helpers";

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

// With --jobs 2 a file is validated by several threads at once (parts in memory, map parts in
// bounded memory), and a worker thread cannot call the bar: the bar stayed at 0 % for the whole
// run. Each part now publishes how far it has got; the bar must end at the whole file, counted
// once, as with one thread. Run as a user sees it: the binary on a pseudo-terminal (`script`),
// so that stderr is a TTY and the re-spawned child and its worker threads are the real ones.
const hasScript = existsSync("/usr/bin/script");

describe("progress with --jobs 2", () => {
  it.skipIf(!hasScript)(
    "reaches the whole file's size, in memory and through the bounded stages",
    async () => {
      const dir = tempDir();
      const file = join(dir, "parts.ndjson");
      writeFileSync(file, crossingDataset());
      const megabytes = (statSync(file).size / 1e6).toFixed(1);
      const lastBar = (args: string[]) => {
        const command = [process.execPath, bin, "validate", file, "--format", "json", ...args]
          .map((arg) => `'${arg}'`)
          .join(" ");
        // Exit code 1: the dataset has findings on purpose; the bar is what is looked at.
        const out = spawnSync("/usr/bin/script", ["-qc", `${command} > /dev/null`, "/dev/null"], {
          encoding: "utf8",
          env: { ...process.env, TERM: "xterm" },
        }).stdout;
        const bars = [...String(out).matchAll(/validating \S+ (\d+)% \| ([\d.]+)\/([\d.]+) MB/g)];
        return bars.at(-1)?.slice(1);
      };
      for (const budget of ["none", "1"])
        for (const jobs of ["1", "2"])
          expect(
            lastBar(["--jobs", jobs, "--split-threshold", "1", "--memory-budget", budget]),
            `--jobs ${jobs} --memory-budget ${budget}`,
          ).toEqual(["100", megabytes, megabytes]);
    },
    120_000,
  );
});
