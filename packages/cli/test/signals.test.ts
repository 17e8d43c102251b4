import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import {
  createWriteStream,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bin, repoRoot, seedNdjson, tempDir } from "./helpers";

/**
 * Ctrl-C in the middle of a write. The input comes through a pipe (standard input, or a FIFO
 * for `import`, which reads files), fed part of the way: the command is then certainly inside
 * its run, with its temporary open, when the signal arrives — no timing guess. Afterwards the
 * target must be what it was before (or absent) and no temporary may be left beside it.
 */

const gdeltExport = join(
  repoRoot,
  "packages",
  "importers",
  "test",
  "fixtures",
  "gdelt",
  "export-first-300.tsv",
);

function start(
  args: string[],
  cwd: string,
): ChildProcess & {
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
} {
  const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ["pipe", "pipe", "pipe"] });
  const stderr: Buffer[] = [];
  child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk));
  child.stdin?.on("error", () => {});
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stderr: string;
  }>((resolve) =>
    child.on("close", (code, signal) =>
      resolve({ code, signal, stderr: Buffer.concat(stderr).toString("utf8") }),
    ),
  );
  return Object.assign(child, { exited });
}

/** Waits until `check` holds (polling), failing after `ms`. */
async function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const temporaries = (dir: string) => readdirSync(dir).filter((name) => name.includes(".parley-"));

/** A temporary beside the target that has received at least `bytes` bytes (a file) or exists (a folder). */
function writingStarted(dir: string, bytes: number): boolean {
  return temporaries(dir).some((name) => {
    const stats = statSync(join(dir, name), { throwIfNoEntry: false });
    return stats !== undefined && (stats.isDirectory() || stats.size >= bytes);
  });
}

async function interrupt(child: ReturnType<typeof start>) {
  child.kill("SIGINT");
  const result = await child.exited;
  // The process dies of the signal, as a shell expects of Ctrl-C (status 130), after cleaning up.
  expect(String(result.signal ?? result.code)).toMatch(/SIGINT|130/);
  return result;
}

describe("SIGINT mid-write leaves the old target or nothing, and no temporary", () => {
  it("migrate -o, reading NDJSON from standard input", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "out.ndjson"), "the previous output\n");
    const child = start(
      ["migrate", "--to", "latest", "--format", "ndjson", "-", "-o", "out.ndjson"],
      dir,
    );
    const lines = readFileSync(seedNdjson, "utf8").trimEnd().split("\n");
    // The header and enough records to fill the stream's buffer and reach the file.
    child.stdin?.write(`${lines[0]}\n`);
    const record = lines.slice(1).find((line) => line.includes('"type":"source"')) as string;
    const body = `${Array.from({ length: 4000 }, (_, i) => record.replace(/"id":"[^"]*"/, `"id":"source:n${i}"`)).join("\n")}\n`;
    child.stdin?.write(body);
    await until(() => writingStarted(dir, 1), "migrate to write into its temporary");
    await interrupt(child);
    expect(readFileSync(join(dir, "out.ndjson"), "utf8")).toBe("the previous output\n");
    expect(temporaries(dir)).toEqual([]);
  });

  it("export --to csv -o, while the input is still arriving", async () => {
    const dir = tempDir();
    const child = start(["export", "--to", "csv", "-", "-o", "tables"], dir);
    child.stdin?.write(readFileSync(seedNdjson, "utf8").slice(0, 500));
    await until(() => writingStarted(dir, 0), "export to open its temporary folder");
    await interrupt(child);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("import -o, reading a source that is still arriving through a FIFO", async () => {
    const dir = tempDir();
    const fifo = join(dir, "export.tsv");
    execFileSync("mkfifo", [fifo]);
    const child = start(["import", "gdelt", "export.tsv", "-o", "gdelt.ndjson"], dir);
    const feed = createWriteStream(fifo);
    feed.on("error", () => {}); // EPIPE once the interrupted import has closed its end
    const rows = readFileSync(gdeltExport, "utf8").split("\n");
    feed.write(`${rows.slice(0, 250).join("\n")}\n`);
    await until(() => writingStarted(dir, 1), "import to write into its temporary");
    await interrupt(child);
    feed.destroy();
    expect(existsSync(join(dir, "gdelt.ndjson"))).toBe(false);
    expect(temporaries(dir)).toEqual([]);
  });
});
