import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, symlinkSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot, repoRoot, STACK_LINE, tempDir } from "./helpers";

/**
 * The documentation's command lines, run exactly as printed: a reader copies them into a shell
 * at the repository root after `npm ci && npm run build`, so a line that names a missing file
 * or a flag that no longer exists must fail CI, not the reader. Every shell block of the root
 * README, of each package's README and of docs/*.md is read.
 *
 * A line runs unless the page says, just before its block, why it cannot:
 *   <!-- doctest skip: REASON -->           the whole block (`npm install`: no network here);
 *   <!-- doctest skip-line N: REASON -->    line N of the block (1 = the first);
 *   <!-- recipe: … --> / <!-- recipe-file: … -->   docs/distributed.md's recipes and scripts,
 *                                           which docs-distributed.test.ts runs with a stand-in
 *                                           for the engine.
 * The skipped lines are listed as skipped tests, each with its reason.
 *
 * `npx parley …` and `npx @parley/cli …` run the workspace's own binary (what npx finds in
 * node_modules/.bin after `npm ci`; no network). A page's lines run in order in one scratch
 * folder that mirrors the repository's top level with symbolic links, so the files a line names
 * are there, a file one line writes is there for the next, and nothing lands in the checkout.
 */

const shim = join(packageRoot, "bin", "parley.js");

/** One command line of a page: where it is, and why it is skipped if it is. */
export interface DocCommand {
  line: number;
  command: string;
  skip?: string;
}

const SHELL_FENCE = /^```(sh|bash|shell|console)\s*$/;

/** The command lines of a page's shell blocks (continuations joined, comments left out). */
export function docCommands(markdown: string): DocCommand[] {
  const commands: DocCommand[] = [];
  const lines = markdown.split("\n");
  let markers: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const marker = /^<!--\s*(doctest skip(?:-line \d+)?:.*?|recipe(?:-file)?:.*?)\s*-->\s*$/.exec(
      raw,
    );
    if (marker) {
      markers.push(marker[1] as string);
      continue;
    }
    if (!/^```/.test(raw)) {
      if (raw.trim() !== "") markers = [];
      continue;
    }
    const shell = SHELL_FENCE.test(raw);
    const blockMarkers = markers;
    markers = [];
    let end = i + 1;
    while (end < lines.length && !/^```/.test(lines[end] as string)) end++;
    if (shell) commands.push(...blockCommands(lines.slice(i + 1, end), i + 2, blockMarkers));
    i = end;
  }
  return commands;
}

function blockCommands(block: string[], firstLine: number, markers: string[]): DocCommand[] {
  let blockSkip: string | undefined;
  const lineSkips = new Map<number, string>();
  for (const marker of markers) {
    const line = /^doctest skip-line (\d+):\s*(.+)$/.exec(marker);
    if (line) lineSkips.set(Number(line[1]), line[2] as string);
    else if (marker.startsWith("doctest skip:"))
      blockSkip = marker.slice("doctest skip:".length).trim();
    else blockSkip = `${marker}: run by docs-distributed.test.ts, with a stand-in for the engine`;
  }
  const out: DocCommand[] = [];
  for (let k = 0; k < block.length; k++) {
    const start = k;
    let command = (block[k] as string).replace(/^\$ /, "");
    while (/\\\s*$/.test(command) && k + 1 < block.length)
      command = `${command.replace(/\s*\\\s*$/, "")} ${(block[++k] as string).trim()}`;
    command = command.trim();
    if (command === "" || command.startsWith("#")) continue;
    const skip = blockSkip ?? lineSkips.get(start + 1);
    out.push({ line: firstLine + start, command, ...(skip ? { skip } : {}) });
  }
  return out;
}

/** The pages whose command lines must run. */
function pages(): string[] {
  const packages = readdirSync(join(repoRoot, "packages")).map((name) =>
    join(repoRoot, "packages", name, "README.md"),
  );
  const docs = readdirSync(join(repoRoot, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => join(repoRoot, "docs", name));
  return [join(repoRoot, "README.md"), ...packages, ...docs].filter((path) => {
    try {
      readFileSync(path);
      return true;
    } catch {
      return false;
    }
  });
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

const byPage = pages().map((path) => ({
  page: relative(repoRoot, path),
  commands: docCommands(readFileSync(path, "utf8")),
}));

describe("doctest: the extraction", () => {
  it("finds the command lines (the extraction itself must not silently break)", () => {
    const readme = byPage.find((p) => p.page === "README.md")?.commands ?? [];
    expect(readme.filter((c) => !c.skip).length).toBeGreaterThanOrEqual(8);
    expect(readme.some((c) => c.command.startsWith("npx @parley/cli "))).toBe(true);
    expect(readme.some((c) => c.command.startsWith("npx parley "))).toBe(true);
    // Every package README and the docs with commands are read, not only the root README.
    const running = new Set(
      byPage.filter((p) => p.commands.some((c) => !c.skip)).map((p) => p.page),
    );
    for (const page of [
      "packages/cli/README.md",
      "packages/importers/README.md",
      "docs/csv-tables.md",
      "docs/sql-export.md",
      "docs/mappings.md",
    ])
      expect(running, page).toContain(page);
  });

  it("`npx parley` resolves to this workspace's binary after npm ci (node_modules/.bin)", () => {
    const linked = spawnSync(join(repoRoot, "node_modules", ".bin", "parley"), ["--version"], {
      encoding: "utf8",
    });
    expect(linked.status).toBe(0);
    expect(linked.stdout).toMatch(/^parley \d+\.\d+\.\d+/);
  });

  it("reads markers, continuations and comments as documented", () => {
    const page = [
      "<!-- doctest skip: needs the registry -->",
      "```sh",
      "npm install -g @parley/cli",
      "```",
      "",
      "<!-- doctest skip-line 2: needs a cluster -->",
      "```bash",
      "# a comment",
      "hadoop jar x.jar \\",
      "  -input in",
      "parley validate a.ndjson   # trailing words stay",
      "```",
      "```ts",
      "parley validate not-shell.ndjson",
      "```",
    ].join("\n");
    expect(docCommands(page)).toEqual([
      { line: 3, command: "npm install -g @parley/cli", skip: "needs the registry" },
      { line: 9, command: "hadoop jar x.jar -input in", skip: "needs a cluster" },
      { line: 11, command: "parley validate a.ndjson   # trailing words stay" },
    ]);
  });
});

for (const { page, commands } of byPage) {
  if (commands.length === 0) continue;
  describe(`doctest: ${page}`, () => {
    // One skipped test per run of lines skipped for one reason (a block, usually), saying why.
    const skipped: DocCommand[][] = [];
    for (const [k, command] of commands.entries()) {
      if (!command.skip) continue;
      const last = skipped.at(-1);
      if (last && commands[k - 1] === last.at(-1) && last[0]?.skip === command.skip)
        last.push(command);
      else skipped.push([command]);
    }
    for (const run of skipped) {
      const first = run[0] as DocCommand;
      const more = run.length > 1 ? ` and ${run.length - 1} more line(s)` : "";
      it.skip(`${page}:${first.line} \`${first.command.slice(0, 60)}\`${more} — skipped: ${first.skip}`, () => {});
    }
    const running = commands.filter((c) => !c.skip);
    if (running.length === 0) return;
    it(
      "runs every line as printed: exit 0 or 1 (findings), never a usage, file or internal error",
      () => {
        const cwd = mirrorOfRepo();
        // `npx parley` and `npx @parley/cli` are this package's bin; a function stands in for npx.
        const prelude = `set -o pipefail; parley() { node ${JSON.stringify(shim)} "$@"; }`;
        for (const { line, command } of running) {
          const script = command.replace(/(^|\| *)npx (@parley\/cli|parley) /g, "$1parley ");
          const run = spawnSync("bash", ["-c", `${prelude}\n${script}`], {
            cwd,
            encoding: "utf8",
            env: { ...process.env, NO_COLOR: "1" },
          });
          const where = `${page}:${line}: ${command}\n${run.stderr}`;
          expect([0, 1], where).toContain(run.status);
          expect(run.stderr, where).not.toMatch(STACK_LINE);
          expect(run.stderr, where).not.toContain("internal error");
        }
        // Each line starts node at least once; a loaded CI machine takes seconds for some.
      },
      30_000 * running.length,
    );
  });
}
