/**
 * Everything `parley validate` loads before its first record is start-up, paid on every run: on
 * a small file it is most of the run. A validation needs the validator and its generated checks;
 * it does not need the zod model, the whole SDK (world-countries aside, which explanations use),
 * the other commands' bodies or the progress bar's library (without a terminal). Those load
 * where they are used. These tests record every ES module a run resolves, through a resolve
 * hook (`node --import`), and name what must stay out — a static import added anywhere on the
 * path brings it back and fails here, long before anyone times a run.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { bin, repoRoot, seedJson, tempDir } from "./helpers";

const HEADER = '{"type":"dataset","schemaVersion":"1.2","title":"One record"}';
const RECORD = '{"type":"person","id":"p:1","names":[{"value":"Sergey Lavrov"}]}';

/** Runs the binary with a hook that writes `pid url` for every module resolved, in any process. */
function resolvedModules(args: readonly string[]): {
  code: number | null;
  byProcess: Map<string, string[]>;
} {
  const dir = tempDir();
  const log = join(dir, "resolved.log");
  writeFileSync(
    join(dir, "hooks.mjs"),
    `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const found = await next(specifier, context);
  appendFileSync(process.env.PARLEY_TEST_RESOLVED_LOG, process.pid + " " + found.url + "\\n");
  return found;
}
`,
  );
  writeFileSync(
    join(dir, "register.mjs"),
    `import { register } from "node:module";\nregister("./hooks.mjs", import.meta.url);\n`,
  );
  writeFileSync(log, "");
  const run = spawnSync(process.execPath, ["--import", join(dir, "register.mjs"), bin, ...args], {
    cwd: repoRoot,
    env: { ...process.env, PARLEY_TEST_RESOLVED_LOG: log },
    encoding: "utf8",
  });
  const byProcess = new Map<string, string[]>();
  for (const line of readFileSync(log, "utf8").split("\n")) {
    if (!line) continue;
    const [pid, url] = line.split(" ") as [string, string];
    byProcess.set(pid, [...(byProcess.get(pid) ?? []), url]);
  }
  return { code: run.status, byProcess };
}

/** Modules a validation must not load, by what they are. */
const NOT_FOR_VALIDATE: ReadonlyArray<readonly [string, RegExp]> = [
  ["zod", /\/node_modules\/zod\//],
  ["the schema package's zod model", /\/schema\/dist\/index\.js$/],
  ["the whole SDK", /\/sdk\/dist\/index\.js$/],
  ["the importers", /\/importers\/dist\//],
  ["the progress bar", /\/node_modules\/cli-progress\//],
  ["another command's body", /\/(export|stats|migrate|schema-diff)-run-[^/]*\.js$/],
  // One thread, one process: worker threads and child processes load only for --jobs / a re-spawn.
  ["worker threads", /^node:worker_threads$/],
  ["child processes", /^node:child_process$/],
];

describe("start-up of parley validate", () => {
  it("loads the validator but not zod, the whole SDK or other commands", () => {
    const dir = tempDir();
    const file = join(dir, "one.ndjson");
    writeFileSync(file, `${HEADER}\n${RECORD}\n`);
    const { code, byProcess } = resolvedModules(["validate", file]);
    expect(code).toBe(0);
    // A file this small is validated in the first process.
    expect(byProcess.size).toBe(1);
    const urls = [...byProcess.values()][0] as string[];
    // The hook saw the run: the validator and its generated checks were resolved.
    expect(urls.some((url) => /\/validator\/dist\/index\.js$/.test(url))).toBe(true);
    for (const [what, pattern] of NOT_FOR_VALIDATE)
      expect(
        urls.filter((url) => pattern.test(url)),
        what,
      ).toEqual([]);
  });

  it("still loads what another command needs when that command runs", () => {
    const out = join(tempDir(), "seed.ndjson");
    const { code, byProcess } = resolvedModules(["export", "--to", "ndjson", seedJson, "-o", out]);
    expect(code).toBe(0);
    const urls = [...byProcess.values()].flat();
    expect(urls.some((url) => /\/export-run-[^/]*\.js$/.test(url))).toBe(true);
    expect(urls.some((url) => /\/sdk\/dist\/index\.js$/.test(url))).toBe(true);
  });

  it("re-spawns from a parent that only decides, starts the child and waits", () => {
    // A gzip file is always validated in a child with the CLI's own V8 flags.
    const file = join(tempDir(), "one.ndjson.gz");
    writeFileSync(file, gzipSync(`${HEADER}\n${RECORD}\n`));
    const { code, byProcess } = resolvedModules(["validate", file]);
    expect(code).toBe(0);
    expect(byProcess.size).toBe(2);
    const [parent, child] = [...byProcess.values()].sort((a, b) => a.length - b.length) as [
      string[],
      string[],
    ];
    expect(child.some((url) => /\/validator\/dist\/index\.js$/.test(url))).toBe(true);
    // The parent: the binary and the re-spawn decision, nothing of the CLI or the validator.
    expect(parent.filter((url) => url.startsWith("file:"))).toEqual([
      expect.stringMatching(/\/dist\/bin\.js$/),
      expect.stringMatching(/\/dist\/v8-flags-[^/]*\.js$/),
    ]);
  });
});
