import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach } from "vitest";

export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
export const repoRoot = join(packageRoot, "..", "..");
export const seedJson = join(repoRoot, "examples", "seed", "seed.json");
export const seedNdjson = join(repoRoot, "examples", "seed", "seed.ndjson");
/** The built binary, exactly as `npm install -g @parley/cli` would run it. */
export const bin = join(packageRoot, "dist", "bin.js");

export interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node dist/bin.js …` as a separate process. The environment is cleared of colour and CI
 * variables so that each test states the ones it is about.
 */
export function parley(
  args: readonly string[],
  options: { stdin?: string | Buffer; env?: Record<string, string>; cwd?: string } = {},
): Promise<Spawned> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^(NO_COLOR|FORCE_COLOR|CI|GITHUB_ACTIONS|PARLEY_DEBUG|TERM)$/.test(key)) continue;
    env[key] = value;
  }
  Object.assign(env, options.env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd ?? repoRoot,
      env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      }),
    );
    child.stdin.on("error", () => {}); // the binary may exit before reading everything
    child.stdin.end(options.stdin ?? "");
  });
}

const scratch: string[] = [];

/** A fresh temporary directory, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "parley-cli-"));
  scratch.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A stack trace line, which a user must never see for their own mistakes. */
export const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;
// biome-ignore lint/suspicious/noControlCharactersInRegex: detecting ANSI escapes
export const ANSI = /\u001b\[/;
