/**
 * The V8 flags the CLI runs with, set by the CLI itself rather than asked of its users through
 * NODE_OPTIONS. A library cannot size its host's heap; a program can: `bin.ts` re-spawns the
 * process once with these flags (the parent only waits, forwards signals and passes the exit
 * status on) for the commands that stream large data.
 *
 * `--max-semi-space-size=4`: a 4 MiB nursery instead of V8's 16 MiB. Validation allocates many
 * short-lived strings and objects per record; with the large nursery up to 3 × 16 MiB of them
 * wait for a scavenge. Measured on 500,000 records: peak RSS 217 → 174 MB at the same speed
 * (packages/validator/README.md, "Memory").
 *
 * The child's C heap is set up through its environment (`CHILD_ENV`), which only a new process
 * can be given: glibc's malloc serves blocks up to a threshold from its heap and larger ones
 * with mmap, but raises the threshold to the size of each large block freed, so after the
 * first freed megabyte-sized buffers (read buffers, typed arrays outgrown as tables double)
 * every later one comes from a heap that never shrinks. A fixed threshold keeps large blocks
 * mmapped and returned on free: 326 → 255 MB peak RSS at 1,000,000 records (validator README,
 * "Memory"). Other C libraries ignore the variable.
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { setFlagsFromString } from "node:v8";

export const V8_FLAGS: readonly string[] = ["--max-semi-space-size=4"];

/**
 * V8 flags set from inside the process, which V8 reads at every garbage collection rather than
 * once at start-up, so they need no re-spawn (and a future V8 without one would not refuse to
 * start, as `node --unknown-flag` does).
 *
 * `--heap-growing-percent=50`: after each full collection V8 lets the old generation grow to
 * a multiple of what survived before it collects again — up to 4 × when collecting looks
 * costly. Records, their findings and pending checks that outlive the nursery die there, so
 * at the end of a large file the old generation filled with ~200 MB of garbage around ~50 MB
 * alive. 1.5 × bounds that: 434 → 287 MB peak RSS on 1,000,000 records with 10 % broken, +4 %
 * CPU (20 %: 266 MB but +33 % CPU). Measured 30 Nov, validator README "Memory".
 */
export const RUNTIME_V8_FLAGS: readonly string[] = ["--heap-growing-percent=50"];

/**
 * Sets RUNTIME_V8_FLAGS unless the user chose a value (node flags, NODE_OPTIONS) or opted out
 * with `PARLEY_V8_FLAGS=off`. Only V8 majors known to have the flags (7-13): V8 prints an
 * error line for a flag it does not know.
 */
export function setRuntimeV8Flags(
  execArgv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  v8Version = process.versions.v8,
  /** Sets one flag in this process (tests pass a stub: a flag set stays for the process). */
  setFlag: (flag: string) => void = setFlagsFromString,
): readonly string[] {
  const major = Number(v8Version.split(".")[0]);
  if (env[RESPAWNED_ENV] === "off" || !(major >= 7 && major <= 13)) return [];
  const chosen = flagsChosen(execArgv, env);
  const set = RUNTIME_V8_FLAGS.filter((flag) => !chosen.has(flagName(flag)));
  for (const flag of set) setFlag(flag);
  return set;
}

/**
 * The names of the flags the user gave Node (its command line, NODE_OPTIONS), spelt with
 * dashes: V8 takes `--heap_growing_percent` and `--heap-growing-percent` alike.
 */
function flagsChosen(
  execArgv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Set<string> {
  const given = [...execArgv, ...(env.NODE_OPTIONS ?? "").split(/\s+/)];
  return new Set(given.filter((flag) => flag.startsWith("--")).map(flagName));
}

/** `--a_b=1` → `--a-b`. */
function flagName(flag: string): string {
  return `--${(flag.split("=")[0] as string).slice(2).replaceAll("_", "-")}`;
}

/** Set in the child's environment: the flags are in place, do not re-spawn again. */
export const RESPAWNED_ENV = "PARLEY_V8_FLAGS";

/** Environment of the re-spawned child, unless the user set the same variable (theirs wins). */
export const CHILD_ENV: Readonly<Record<string, string>> = {
  MALLOC_MMAP_THRESHOLD_: String(128 * 1024),
};

/** `env` with CHILD_ENV added where the user set nothing of their own for glibc's malloc. */
export function childEnv(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  const own = env.GLIBC_TUNABLES?.includes("glibc.malloc.") === true;
  const out: Record<string, string | undefined> = { ...env, [RESPAWNED_ENV]: V8_FLAGS.join(" ") };
  if (!own) for (const [name, value] of Object.entries(CHILD_ENV)) out[name] ??= value;
  return out;
}

/** Commands that read or write whole datasets; the others start faster without a second process. */
const DATA_COMMANDS = new Set(["validate", "import", "export", "migrate"]);

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * Inputs of at most this many bytes in all are read in this process, without the flags: they
 * bound the memory of large inputs, while a second Node process costs ~0.1 s of a run that
 * takes ~0.4 s on a small file (the seed dataset). A gzip file is not judged by its size (it may
 * hold 5-30 × as much): it is always re-spawned.
 */
export const SMALL_INPUT_BYTES = 4 * 1024 * 1024;

/** A path's size if it is a regular file, -1 for anything else that exists, undefined if none. */
export type SizeOf = (path: string) => number | undefined;

const sizeOfPath: SizeOf = (path) => {
  try {
    const info = statSync(path);
    return info.isFile() && !isGzip(path) ? info.size : -1;
  } catch {
    // Not there, not reachable (a path under a file, no permission): not a small file to read;
    // the command itself says what is wrong with it.
    return undefined;
  }
};

/** Whether a file starts with gzip's magic bytes (1f 8b), as the validator judges gzip. */
function isGzip(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether to re-spawn: a data command, not re-spawned already, no nursery size chosen by the
 * user (in `node …` flags or NODE_OPTIONS: theirs wins), and not only small files to read
 * (`SMALL_INPUT_BYTES`). `PARLEY_V8_FLAGS=off` opts out.
 */
export function shouldRespawn(
  argv: readonly string[],
  execArgv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  sizeOf: SizeOf = sizeOfPath,
): boolean {
  if (env[RESPAWNED_ENV] !== undefined) return false;
  const command = argv.find((arg) => !arg.startsWith("-"));
  if (command === undefined || !DATA_COMMANDS.has(command)) return false;
  const chosen = flagsChosen(execArgv, env);
  if (chosen.has("--max-semi-space-size") || chosen.has("--semi-space-size")) return false;
  return !onlySmallFiles(argv.slice(argv.indexOf(command) + 1), sizeOf);
}

/**
 * Whether the arguments name at least one file and, in all, only files of SMALL_INPUT_BYTES or
 * less. Options are not parsed here (this runs before the CLI loads): every argument that is
 * an existing path counts, an option's value included — also after an `=` (`--config=c.json`,
 * `--lookup people=people.csv`) — and anything that may be large — standard input (`-`), a
 * directory (CSV tables, an import folder), a gzip file — says no.
 */
function onlySmallFiles(args: readonly string[], sizeOf: SizeOf): boolean {
  let files = 0;
  let bytes = 0;
  for (const arg of args) {
    if (arg === "-") return false;
    const paths = arg.startsWith("-") ? [] : [arg];
    const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : "";
    if (value && value !== arg) paths.push(value);
    if (value.includes("=")) paths.push(value.slice(value.lastIndexOf("=") + 1));
    for (const path of paths) {
      const size = sizeOf(path);
      if (size === undefined) continue;
      if (size < 0) return false;
      files++;
      bytes += size;
      if (bytes > SMALL_INPUT_BYTES) return false;
    }
  }
  return files > 0;
}

/**
 * Runs this same script again with `V8_FLAGS`, stdio inherited, and resolves with the exit
 * code to pass on. Signals sent to this process go to the child (a Ctrl-C from a terminal
 * reaches both: the child's handlers clean up once, a repeated signal finds it gone); when the
 * child dies of a signal this process dies of the same one, as a shell expects.
 */
export async function respawn(script: string, args: readonly string[]): Promise<number> {
  // Loaded here, not with the module: the child (and a run that stays in one process) imports
  // this file too, and never spawns.
  const { spawn } = await import("node:child_process");
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, ...V8_FLAGS, script, ...args], {
      stdio: "inherit",
      env: childEnv(process.env),
    });
    const forward = (signal: NodeJS.Signals) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    for (const signal of SIGNALS) process.on(signal, forward);
    child.once("error", (error) => {
      // Could not start a second process (resource limits): run in this one, without the flags.
      for (const signal of SIGNALS) process.off(signal, forward);
      process.stderr.write(
        `parley: note: running without ${V8_FLAGS.join(" ")} (${error.message})\n`,
      );
      resolve(-1);
    });
    child.once("exit", (code, signal) => {
      for (const signal of SIGNALS) process.off(signal, forward);
      if (signal) {
        process.kill(process.pid, signal);
        return;
      }
      resolve(code ?? 70);
    });
  });
}
