import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot, repoRoot, STACK_LINE, tempDir } from "./helpers";

/**
 * The README's command lines, run exactly as printed: a reader copies them into a shell at the
 * repository root after `npm ci && npm run build`, so a line that names a missing file or a
 * flag that no longer exists must fail CI, not the reader.
 *
 * `npx parley …` and `npx @parley/cli …` run the workspace's own binary (what npx finds in
 * node_modules/.bin after `npm ci`; no network). Each line runs in a scratch folder that
 * mirrors the repository's top level with symbolic links, so the files it names are there and
 * the files it writes do not land in the checkout.
 */

const README = join(repoRoot, "README.md");
const shim = join(packageRoot, "bin", "parley.js");

/** The `parley` command lines of the README's shell blocks, with the line they are on. */
export function readmeCommands(markdown: string): { line: number; command: string }[] {
  const commands: { line: number; command: string }[] = [];
  let inShell = false;
  for (const [index, raw] of markdown.split("\n").entries()) {
    if (/^```/.test(raw)) {
      inShell = !inShell && /^```(sh|bash|shell|console)\s*$/.test(raw);
      continue;
    }
    const text = raw.replace(/^\$ /, "").trim();
    if (inShell && /^(npx (parley|@parley\/cli)|parley) /.test(text))
      commands.push({ line: index + 1, command: text });
  }
  return commands;
}

/** A folder whose entries are links to the repository's top level (outputs stay in it). */
function mirrorOfRepo(): string {
  const dir = tempDir();
  for (const entry of readdirSync(repoRoot)) {
    if (entry === ".git") continue;
    symlinkSync(join(repoRoot, entry), join(dir, entry));
  }
  return dir;
}

describe("README doctest", () => {
  const commands = readmeCommands(readFileSync(README, "utf8"));

  it("finds the README's command lines (the extraction itself must not silently break)", () => {
    expect(commands.length).toBeGreaterThanOrEqual(8);
    expect(commands.some((c) => c.command.startsWith("npx @parley/cli "))).toBe(true);
    expect(commands.some((c) => c.command.startsWith("npx parley "))).toBe(true);
  });

  it("`npx parley` resolves to this workspace's binary after npm ci (node_modules/.bin)", () => {
    const linked = spawnSync(join(repoRoot, "node_modules", ".bin", "parley"), ["--version"], {
      encoding: "utf8",
    });
    expect(linked.status).toBe(0);
    expect(linked.stdout).toMatch(/^parley \d+\.\d+\.\d+/);
  });

  it("runs every line as printed: exit 0 or 1 (findings), never a usage, file or internal error", () => {
    const cwd = mirrorOfRepo();
    // `npx parley` and `npx @parley/cli` are this package's bin; a function stands in for npx.
    const prelude = `set -o pipefail; parley() { node ${JSON.stringify(shim)} "$@"; }`;
    for (const { line, command } of commands) {
      const script = command.replace(/^npx (@parley\/cli|parley) /, "parley ");
      const run = spawnSync("bash", ["-c", `${prelude}\n${script}`], {
        cwd,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
      });
      const where = `README.md:${line}: ${command}\n${run.stderr}`;
      expect([0, 1], where).toContain(run.status);
      expect(run.stderr, where).not.toMatch(STACK_LINE);
      expect(run.stderr, where).not.toContain("internal error");
    }
  });
});
