/**
 * Ids that share a 64-bit hash (review note: "ids are compared by their hash only, no test
 * forces a collision"). No two real ids are known to collide (FNV-style lanes, n² / 2⁶⁵: about
 * 7·10⁻⁷ for 5,000,000 ids), so these tests force one where each path can be given one:
 *
 * - in memory, `IdTable` keeps hashes only: a second id with the first's hash is taken for the
 *   first (a false duplicate, or a reference resolved to the wrong record). This test pins that
 *   behaviour down, so that a change to it is a decision, not an accident;
 * - through the stages (`parley validate --stage …`, and any file over `--memory-budget`), a
 *   reducer gets every fact of one KEY (the hash) but keeps its state per id string: the two
 *   ids stay apart, exactly.
 */
import { describe, expect, it } from "vitest";
import { IdTable } from "../src/id-table";
import { factOrder, stageLine } from "../src/stages/contract";
import { reduceLines } from "../src/stages/reduce";

describe("two ids with one 64-bit hash", () => {
  it("are one id to the in-memory table (its known limit)", () => {
    const table = new IdTable(16);
    const [a, b] = IdTable.lanes("person:1");
    expect(table.addHashed(a, b, 8)).toBeUndefined();
    // Another id that happened to hash to (a, b) finds the first's value.
    expect(table.getHashed(a, b)).toBe(8);
    expect(table.addHashed(a, b, 16)).toBe(8);
    expect(table.size).toBe(1);
  });

  it("stay apart in a reducer, which keys by hash but decides per id", async () => {
    // One KEY for both ids, as a collision would give: a definition of person:1, then a
    // reference to person:2, which is defined nowhere.
    const key = "00000000deadbeef";
    const lines = [
      stageLine(key, factOrder("d", 10, 0), [
        "d",
        "data.ndjson",
        0,
        1,
        2,
        "person",
        "person:1",
        null,
        null,
        null,
      ]),
      stageLine(key, factOrder("r", 200, 0), [
        "r",
        "data.ndjson",
        0,
        3,
        "event:1",
        "person:2",
        "person",
        "/participants/0/person",
        [4, 30, 230],
        1,
        null,
      ]),
    ];
    let out = "";
    async function* input() {
      for (const line of lines) yield line.trimEnd();
    }
    await reduceLines(input(), (text) => {
      out += text;
    });
    const facts = out
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line.split("\t")[2] as string) as unknown[]);
    // person:2 is unresolved (a `D` line for it), not resolved to person:1.
    const unresolved = facts.filter((v) => v[0] === "D");
    expect(unresolved.length).toBe(1);
    expect(JSON.stringify(unresolved[0])).toContain('"person:2"');
    expect(facts.filter((v) => v[0] === "X")).toEqual([]);
  });
});
