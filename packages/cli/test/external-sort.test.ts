import { type FileHandle, open } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { CliError } from "../src/errors";
import { ExitCode } from "../src/exit-codes";
import { ExternalSort, SpillBudget } from "../src/external-sort";
import { tempDir } from "./helpers";

interface Item {
  key: number;
  seq: number;
}

function sortOf(
  runSize: number,
  fanIn: number,
  parent?: string,
  budget?: SpillBudget,
): ExternalSort<Item> {
  return new ExternalSort<Item>({
    ...(budget ? { budget } : {}),
    compare: (a, b) => a.key - b.key,
    encode: (item) => JSON.stringify(item),
    decode: (line) => JSON.parse(line) as Item,
    runSize,
    fanIn,
    name: "parley-sort-test",
    // Small reads: lines cut between reads of each run.
    readBytes: 64,
    ...(parent ? { parent } : {}),
  });
}

function items(n: number, seed: number): Item[] {
  const out: Item[] = [];
  let s = seed;
  for (let seq = 0; seq < n; seq++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    // Few keys, many ties: their order of arrival is what a stable merge must keep.
    out.push({ key: s % 23, seq });
  }
  return out;
}

async function all(sorted: AsyncIterable<Item>): Promise<Item[]> {
  const out: Item[] = [];
  for await (const item of sorted) out.push(item);
  return out;
}

describe("ExternalSort with more runs than it merges at once", () => {
  // Past `fanIn` runs, neighbours are merged into runs of their own first (once, or pass after
  // pass) so that a merge's memory does not grow with the input. Whatever the number of runs
  // and passes, the result must be what one stable sort gives, every time it is read.
  it("gives one stable sort's order, for any number of runs and passes", async () => {
    const input = items(1_000, 11);
    const expected = [...input].sort((a, b) => a.key - b.key);
    // 1,000 runs merged 2, 3, 5 or 64 at a time (several passes), 143 runs 64 at a time (one
    // merge of the first 80 runs), 10 runs (no narrowing).
    for (const [runSize, fanIn] of [
      [1, 2],
      [1, 3],
      [7, 5],
      [1, 64],
      [7, 64],
      [100, 64],
    ] as const) {
      const sort = sortOf(runSize, fanIn);
      await sort.addAll(input);
      expect(await all(sort.sorted()), `runs of ${runSize}, ${fanIn} at once`).toEqual(expected);
      expect(await all(sort.sorted()), "read a second time").toEqual(expected);
      await sort.dispose();
    }
  });

  it("merges other sorts' runs in after its own, in the order given, when narrowing them", async () => {
    const scratch = tempDir();
    const [mine, a, b] = [items(300, 1), items(200, 2), items(250, 3)];
    const expected = [...mine, ...a, ...b].sort((x, y) => x.key - y.key);
    const own = sortOf(5, 4, scratch);
    await own.addAll(mine);
    const others = [];
    for (const part of [a, b]) {
      const other = sortOf(5, 4, scratch);
      await other.addAll(part);
      const runs = await other.detach();
      if (runs) others.push(runs);
    }
    expect(others.length).toBe(2);
    expect(await all(own.sorted(others))).toEqual(expected);
    await own.dispose();
  });
});

// The sort's temporary file lives in a folder of its own inside TMPDIR (for the stage lines,
// inside the run's scratch directory), which is removed by the time an error is printed: a
// failure names the folder the user can change. And a merge that cannot read a run back is a
// read error, not "cannot write".
describe("an external sort whose temporary file fails", () => {
  async function failing(method: "write" | "read", code: string) {
    const parent = tempDir();
    const sort = new ExternalSort<Item>({
      compare: (a, b) => a.key - b.key,
      encode: (item) => JSON.stringify(item),
      decode: (line) => JSON.parse(line) as Item,
      runSize: 10,
      fanIn: 2,
      name: "parley-sort-test",
      parent,
      userFolder: "/the/users/tmpdir",
    });
    // Every FileHandle shares one prototype: make its `method` fail as a full or broken disk would.
    const handle = await open(join(parent, "probe"), "w");
    const proto = Object.getPrototypeOf(handle) as FileHandle;
    await handle.close();
    const spy = vi
      .spyOn(proto, method)
      .mockRejectedValue(Object.assign(new Error(`${code}: simulated`), { code, syscall: method }));
    try {
      // 50 items: runs of 10 go to disk as they are added (writes), then merge (reads).
      for (const item of items(50, 3)) await sort.add(item);
      await all(sort.sorted());
      return undefined;
    } catch (error) {
      return error;
    } finally {
      spy.mockRestore();
      await sort.dispose();
    }
  }

  it("names the folder the user chose, with exit 3, when it cannot write", async () => {
    const error = (await failing("write", "ENOSPC")) as CliError;
    expect(error).toBeInstanceOf(CliError);
    expect(error.exitCode).toBe(ExitCode.Unreadable);
    expect(error.message).toMatch(/^cannot write temporary files in '\/the\/users\/tmpdir': /);
  });

  it("says it cannot read them back, not write, when a merge's read fails", async () => {
    const error = (await failing("read", "EIO")) as CliError;
    expect(error).toBeInstanceOf(CliError);
    expect(error.exitCode).toBe(ExitCode.Unreadable);
    expect(error.message).toMatch(/^cannot read temporary files back in '\/the\/users\/tmpdir': /);
  });
});

describe("sorts sharing a SpillBudget", () => {
  // A report keeps one sort of findings per input until every input is validated. Each alone
  // holds up to its runSize, so with hundreds of inputs memory grew with their number; a shared
  // budget has the largest holder write its batch away once all of them together reach it.
  // Linux shows a process's open descriptors in /proc/self/fd; elsewhere that check is skipped.
  const openFiles = async () => {
    const { existsSync, readdirSync } = await import("node:fs");
    return existsSync("/proc/self/fd") ? readdirSync("/proc/self/fd").length : undefined;
  };

  it("holds no more than the budget together, and each sort still gives one stable sort", async () => {
    const budget = new SpillBudget(50);
    const sorts = Array.from({ length: 30 }, () => sortOf(1_000, 4, undefined, budget));
    const inputs = sorts.map((_, k) => items(40 + k, k + 1));
    let most = 0;
    const fdsBefore = await openFiles();
    // Interleaved, as inputs validated on several threads add to their spools.
    for (let seq = 0; seq < 80; seq++)
      for (const [k, sort] of sorts.entries()) {
        const item = inputs[k]?.[seq];
        if (!item) continue;
        const spilling = sort.add(item);
        if (spilling) await spilling;
        most = Math.max(
          most,
          sorts.reduce((n, s) => n + s.held, 0),
        );
      }
    expect(most).toBeLessThanOrEqual(50);
    // Between runs their files are closed: thousands of spilled inputs hold no descriptors.
    expect(await openFiles()).toBe(fdsBefore);
    for (const [k, sort] of sorts.entries()) {
      const expected = [...(inputs[k] as Item[])].sort((a, b) => a.key - b.key);
      expect(await all(sort.sorted())).toEqual(expected);
      // Read twice: the second reading opens the file again.
      expect(await all(sort.sorted())).toEqual(expected);
    }
    await Promise.all(sorts.map((sort) => sort.dispose()));
  });

  it("writes the largest holder away: input by input, a finished input goes whole", async () => {
    const budget = new SpillBudget(100);
    const first = sortOf(1_000, 64, undefined, budget);
    const second = sortOf(1_000, 64, undefined, budget);
    await first.addAll(items(90, 3));
    expect(first.held).toBe(90);
    // The second's 10th item brings the two to 100: the first, holding most, is written.
    await second.addAll(items(10, 4));
    expect(first.held).toBe(0);
    expect(second.held).toBe(10);
    expect(await all(first.sorted())).toEqual(items(90, 3).sort((a, b) => a.key - b.key));
    await Promise.all([first.dispose(), second.dispose()]);
  });

  it("gives every item when read while a run it was asked to write is still being written", async () => {
    const budget = new SpillBudget(10);
    const sort = sortOf(1_000, 64, undefined, budget);
    const input = items(9, 5);
    for (const item of input) sort.add(item);
    // Not awaited: the reading must wait for the run, not see an empty batch and no run.
    void budget.spillLargest();
    expect(await all(sort.sorted())).toEqual([...input].sort((a, b) => a.key - b.key));
    await sort.dispose();
  });

  it("forgets a disposed sort: its batch no longer counts against the others", async () => {
    const budget = new SpillBudget(20);
    const gone = sortOf(1_000, 64, undefined, budget);
    await gone.addAll(items(15, 6));
    await gone.dispose();
    const kept = sortOf(1_000, 64, undefined, budget);
    await kept.addAll(items(15, 7));
    expect(kept.held).toBe(15);
    await kept.dispose();
  });
});
