/**
 * The CLI sizes its own heap: data commands re-spawn once with V8_FLAGS instead of telling users
 * to set NODE_OPTIONS. What matters to a user is that nothing else changes: same output, same
 * exit status, Ctrl-C / SIGTERM still stop the work, and no process is left behind.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  CHILD_ENV,
  childEnv,
  RESPAWNED_ENV,
  RUNTIME_V8_FLAGS,
  SMALL_INPUT_BYTES,
  setRuntimeV8Flags,
  shouldRespawn,
  V8_FLAGS,
} from "../src/v8-flags";
import { bin, parley, repoRoot } from "./helpers";

describe("shouldRespawn", () => {
  it("re-spawns the data commands only, once, and never over the user's own nursery size", () => {
    expect(shouldRespawn(["validate", "x.ndjson"], [], {})).toBe(true);
    expect(shouldRespawn(["--quiet", "export", "x"], [], {})).toBe(true);
    // Quick commands do not pay for a second process.
    expect(shouldRespawn(["explain", "ref-dangling"], [], {})).toBe(false);
    expect(shouldRespawn(["--help"], [], {})).toBe(false);
    // Already re-spawned (or opted out with PARLEY_V8_FLAGS=off).
    expect(shouldRespawn(["validate", "x"], [], { [RESPAWNED_ENV]: "off" })).toBe(false);
    // The user chose a nursery size: theirs wins.
    expect(shouldRespawn(["validate", "x"], ["--max-semi-space-size=64"], {})).toBe(false);
    expect(shouldRespawn(["validate", "x"], [], { NODE_OPTIONS: "--max-semi-space-size=1" })).toBe(
      false,
    );
    // V8 reads underscores as dashes: the same choice, spelt the other way.
    expect(shouldRespawn(["validate", "x"], ["--max_semi_space_size=2"], {})).toBe(false);
    expect(shouldRespawn(["validate", "x"], [], { NODE_OPTIONS: "--semi_space_size=2" })).toBe(
      false,
    );
    // Another flag of the same family is not a nursery size.
    expect(shouldRespawn(["validate", "x"], ["--min-semi-space-size=1"], {})).toBe(true);
  });

  // A second process costs ~0.1 s: a run on small files (the usual first run, on a sample) is
  // not re-spawned; anything that may be large is.
  it("re-spawns unless every input is a small file", () => {
    const sizes: Record<string, number> = {
      "small.ndjson": 1000,
      "config.json": 200,
      "big.ndjson": SMALL_INPUT_BYTES + 1,
      half: SMALL_INPUT_BYTES / 2 + 1,
      tables: -1,
    };
    const respawns = (...argv: string[]) => shouldRespawn(argv, [], {}, (path) => sizes[path]);
    expect(respawns("validate", "small.ndjson")).toBe(false);
    expect(
      respawns("validate", "small.ndjson", "--config", "config.json", "--format", "json"),
    ).toBe(false);
    expect(respawns("--quiet", "export", "small.ndjson", "--to", "csv")).toBe(false);
    expect(respawns("validate", "big.ndjson")).toBe(true);
    // Small one by one, large together.
    expect(respawns("validate", "half", "half")).toBe(true);
    // A large file named as an option's value after '=' counts too.
    expect(
      respawns("import", "--mapping=config.json", "--lookup", "people=big.ndjson", "small.ndjson"),
    ).toBe(true);
    expect(respawns("validate", "--config=config.json", "small.ndjson")).toBe(false);
    // Standard input and directories may be of any size.
    expect(respawns("validate", "small.ndjson", "-")).toBe(true);
    expect(respawns("validate", "tables")).toBe(true);
    expect(respawns("import", "hsg-visits", "tables", "-o", "out.ndjson")).toBe(true);
    // No file named at all (standard input without '-', or a missing file): re-spawned.
    expect(respawns("validate")).toBe(true);
    expect(respawns("validate", "missing.ndjson")).toBe(true);
    // A path that cannot be looked at (under a file: ENOTDIR) is the command's to report, never
    // a crash before it starts.
    const underAFile = join(repoRoot, "package.json", "out.ndjson");
    expect(shouldRespawn(["import", "plover", underAFile], [], {})).toBe(true);
    // A small gzip file may hold many times its size: judged by its bytes, it is re-spawned.
    const dir = mkdtempSync(join(tmpdir(), "parley-respawn-"));
    writeFileSync(join(dir, "small.ndjson"), "{}\n");
    writeFileSync(join(dir, "packed.ndjson"), gzipSync("{}\n"));
    expect(shouldRespawn(["validate", join(dir, "small.ndjson")], [], {})).toBe(false);
    expect(shouldRespawn(["validate", join(dir, "packed.ndjson")], [], {})).toBe(true);
    rmSync(dir, { recursive: true });
  });
});

describe("setRuntimeV8Flags", () => {
  it("sets the heap-growth flag in the running process, unless the user chose or opted out", () => {
    // A stub setter: a flag set in the test worker would change its garbage collector for
    // every later test.
    const set: string[] = [];
    const run = (argv: string[], env: Record<string, string>, v8: string) =>
      setRuntimeV8Flags(argv, env, v8, (flag) => set.push(flag));
    expect(run([], {}, "11.3.244.8")).toEqual(RUNTIME_V8_FLAGS);
    expect(set).toEqual(RUNTIME_V8_FLAGS);
    set.length = 0;
    // The user's own value wins (a node flag, or NODE_OPTIONS); PARLEY_V8_FLAGS=off sets nothing.
    expect(run(["--heap-growing-percent=300"], {}, "11.3.244.8")).toEqual([]);
    expect(run([], { NODE_OPTIONS: "--heap-growing-percent=10" }, "11.3.244.8")).toEqual([]);
    // V8 takes underscores for dashes: `--heap_growing_percent` is the user's choice too.
    expect(run(["--heap_growing_percent=80"], {}, "11.3.244.8")).toEqual([]);
    expect(
      run([], { NODE_OPTIONS: "--max-semi-space-size=4 --heap_growing_percent=80" }, "11.3.244.8"),
    ).toEqual([]);
    expect(run([], { [RESPAWNED_ENV]: "off" }, "11.3.244.8")).toEqual([]);
    // A V8 not known to have the flag would print an error line for it: nothing is set.
    expect(run([], {}, "14.0.1")).toEqual([]);
    expect(set).toEqual([]);
  });
});

describe("childEnv", () => {
  it("sets glibc's mmap threshold for the child, unless the user set up malloc themselves", () => {
    const env = childEnv({ PATH: "/bin" });
    expect(env.PATH).toBe("/bin");
    expect(env[RESPAWNED_ENV]).toBe(V8_FLAGS.join(" "));
    expect(env.MALLOC_MMAP_THRESHOLD_).toBe(CHILD_ENV.MALLOC_MMAP_THRESHOLD_);
    // The user's own value wins, as does any malloc tunable of theirs.
    expect(childEnv({ MALLOC_MMAP_THRESHOLD_: "65536" }).MALLOC_MMAP_THRESHOLD_).toBe("65536");
    const tuned = childEnv({ GLIBC_TUNABLES: "glibc.malloc.arena_max=1" });
    expect(tuned.MALLOC_MMAP_THRESHOLD_).toBeUndefined();
    expect(tuned.GLIBC_TUNABLES).toBe("glibc.malloc.arena_max=1");
  });
});

describe("parley validate in the re-spawned process", () => {
  it("prints the same and exits the same as without the flags (a clean file, a missing one)", async () => {
    // Standard input ('-') is always re-spawned; the seed file alone is small enough not to be.
    const seed = readFileSync(join(repoRoot, "examples", "seed", "seed.ndjson"));
    for (const file of ["-", "no-such-file.ndjson"]) {
      const args = ["validate", file, "--format", "json"];
      const withFlags = await parley(args, { stdin: seed });
      const without = await parley(args, { stdin: seed, env: { [RESPAWNED_ENV]: "off" } });
      expect(withFlags.code, file).toBe(without.code);
      expect(withFlags.stdout, file).toBe(without.stdout);
      expect(withFlags.stderr, file).toBe(without.stderr);
    }
  });

  it.runIf(process.platform === "linux")(
    "runs with the flags, and SIGTERM to the parley process stops the child too",
    async () => {
      const env = { ...process.env };
      delete env[RESPAWNED_ENV];
      // Reading standard input that never ends: the command waits until it is stopped.
      const cli = spawn(process.execPath, [bin, "validate", "-"], {
        stdio: ["pipe", "pipe", "pipe"],
        env,
      });
      const child = await waitFor(() => {
        const file = `/proc/${cli.pid}/task/${cli.pid}/children`;
        const pid = existsSync(file) ? readFileSync(file, "utf8").trim().split(" ")[0] : "";
        return pid ? Number(pid) : undefined;
      });
      expect(child).toBeDefined();
      // Between fork and exec the child still shows the parent's command line: wait for exec.
      const cmdline = await waitFor(() => {
        const args = readFileSync(`/proc/${child}/cmdline`, "utf8").split("\0");
        return args.includes(bin) && args.length > 5 ? args : undefined;
      });
      for (const flag of V8_FLAGS) expect(cmdline).toContain(flag);
      const environ = readFileSync(`/proc/${child}/environ`, "utf8").split("\0");
      for (const [name, value] of Object.entries(CHILD_ENV))
        expect(environ).toContain(`${name}=${value}`);
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        cli.once("exit", (_code, signal) => resolve(signal)),
      );
      cli.kill("SIGTERM");
      expect(await exited).toBe("SIGTERM");
      // Gone, or a zombie waiting for its reaper (a container's init may be slow to reap).
      const running = () => {
        try {
          const stat = readFileSync(`/proc/${child}/stat`, "utf8");
          return !/^\d+ \(.*\) [ZX]/.test(stat);
        } catch {
          return false;
        }
      };
      await waitFor(() => (running() ? undefined : true));
      expect(running()).toBe(false);
    },
  );
});

async function waitFor<T>(probe: () => T | undefined, ms = 5000): Promise<T | undefined> {
  const until = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
