import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  liveTemporaries,
  openAtomicDirectory,
  openAtomicFile,
  withAtomicDirectory,
  withAtomicFile,
  withOutputs,
  writeFileAtomic,
} from "../src/atomic-output";
import { UnwritableOutputError } from "../src/errors";
import { tempDir } from "./helpers";

/** What a folder holds, hidden temporaries included: nothing may be left behind. */
const entries = (dir: string) => readdirSync(dir).sort();

describe("atomic file", () => {
  it("appears only on commit, under its own name, and leaves no temporary", async () => {
    const dir = tempDir();
    const target = join(dir, "out.ndjson");
    const file = openAtomicFile(target);
    await file.write("one\n");
    // While it is being written, the target does not exist: a reader sees nothing, not half.
    expect(existsSync(target)).toBe(false);
    expect(file.temporary.startsWith(join(dir, ".out.ndjson."))).toBe(true);
    await file.write("two\n");
    await file.commit();
    expect(readFileSync(target, "utf8")).toBe("one\ntwo\n");
    expect(entries(dir)).toEqual(["out.ndjson"]);
    expect(liveTemporaries()).toEqual([]);
  });

  it("keeps the old target when the work fails, and removes the temporary", async () => {
    const dir = tempDir();
    const target = join(dir, "out.json");
    writeFileSync(target, "old");
    await expect(
      withAtomicFile(target, "out.json", async (file) => {
        await file.write("half of a new");
        throw new Error("the input was truncated");
      }),
    ).rejects.toThrow("the input was truncated");
    expect(readFileSync(target, "utf8")).toBe("old");
    expect(entries(dir)).toEqual(["out.json"]);
    expect(liveTemporaries()).toEqual([]);
  });

  it("replaces an existing file on success", async () => {
    const dir = tempDir();
    const target = join(dir, "summary.json");
    writeFileSync(target, "old");
    await writeFileAtomic(target, "new");
    expect(readFileSync(target, "utf8")).toBe("new");
    expect(entries(dir)).toEqual(["summary.json"]);
  });

  it("refuses a missing folder, a file used as a folder and a folder used as a file, in one line naming the path", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "plain"), "x");
    mkdirSync(join(dir, "sub"));
    const cases: [string, string][] = [
      [
        join(dir, "missing", "deeper", "out.json"),
        `the folder '${join(dir, "missing")}' does not exist`,
      ],
      [join(dir, "plain", "out.json"), `'${join(dir, "plain")}' is a file, not a folder`],
      [join(dir, "sub"), "it is a folder, not a file"],
    ];
    for (const [target, message] of cases) {
      let error: unknown;
      try {
        openAtomicFile(target);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(UnwritableOutputError);
      expect((error as UnwritableOutputError).exitCode).toBe(3);
      expect((error as Error).message).toContain(message);
      expect((error as Error).message).not.toContain("\n");
    }
    expect(entries(dir)).toEqual(["plain", "sub"]);
  });

  it("fails at once under a pseudo-file-system that accepts no files (/proc)", () => {
    // As root, permission bits do not stop a write; /proc refuses new files to everyone.
    expect(() => openAtomicFile("/proc/x")).toThrow(UnwritableOutputError);
  });
});

describe("atomic directory", () => {
  it("fills a temporary sibling and renames it into place", async () => {
    const dir = tempDir();
    const target = join(dir, "tables");
    await withAtomicDirectory(target, "tables", async (folder) => {
      writeFileSync(join(folder, "events.csv"), "id\n");
      expect(existsSync(target)).toBe(false);
    });
    expect(entries(target)).toEqual(["events.csv"]);
    expect(entries(dir)).toEqual(["tables"]);
  });

  it("replaces a folder of tables on success and keeps it whole on failure", async () => {
    const dir = tempDir();
    const target = join(dir, "tables");
    mkdirSync(target);
    writeFileSync(join(target, "events.csv"), "old\n");
    writeFileSync(join(target, "persons.csv"), "old\n");
    const onlyTables = { mayReplace: (names: string[]) => names.every((n) => n.endsWith(".csv")) };
    await expect(
      withAtomicDirectory(
        target,
        "tables",
        async (folder) => {
          writeFileSync(join(folder, "events.csv"), "new\n");
          throw new Error("interrupted after one table");
        },
        onlyTables,
      ),
    ).rejects.toThrow("interrupted");
    expect(entries(target)).toEqual(["events.csv", "persons.csv"]);
    expect(readFileSync(join(target, "events.csv"), "utf8")).toBe("old\n");
    expect(entries(dir)).toEqual(["tables"]);

    const directory = openAtomicDirectory(target, "tables", onlyTables);
    await directory.writeFile("events.csv", "new\n");
    await directory.commit();
    // Replaced, not merged: a table of the old export does not linger beside the new ones.
    expect(entries(target)).toEqual(["events.csv"]);
    expect(entries(dir)).toEqual(["tables"]);
  });

  it("never replaces a folder that holds other files, nor a file", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "home"));
    writeFileSync(join(dir, "home", "notes.txt"), "mine");
    writeFileSync(join(dir, "file"), "x");
    expect(() => openAtomicDirectory(join(dir, "home"))).toThrow(/holds other files/);
    expect(() => openAtomicDirectory(join(dir, "file"))).toThrow(/is a file, not a folder/);
    expect(() => openAtomicDirectory(join(dir, "missing", "tables"))).toThrow(/does not exist/);
    expect(() => openAtomicDirectory("/proc/x")).toThrow(UnwritableOutputError);
    expect(entries(dir)).toEqual(["file", "home"]);
  });
});

describe("output set", () => {
  it("opens every output before the work and leaves none when one cannot be opened", async () => {
    const dir = tempDir();
    await expect(
      withOutputs(async (outputs) => {
        outputs.file(join(dir, "data.ndjson"));
        outputs.file(join(dir, "missing", "summary.json"));
      }),
    ).rejects.toThrow(/does not exist/);
    expect(entries(dir)).toEqual([]);
    expect(liveTemporaries()).toEqual([]);
  });
});
