/**
 * The dataset rules keep ids as 64-bit hashes, not strings (IdTable), and test "has this id a
 * check waiting for it?" with a fixed-size bit filter (IdFilter) before the exact Maps. What
 * the rules rely on: the table finds every id it was given, with its value, through growth;
 * the filter never says "no" for an id it was given (a "no" skips the pending checks of that
 * id: lost findings), and says "yes" for others rarely enough to be a cheap test.
 */
import { describe, expect, it } from "vitest";
import { IdFilter, IdTable } from "../src/id-table";

const ids = (n: number, prefix = "event:") => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe("IdTable", () => {
  it("keeps the first value of each id through growth, and knows no other id", () => {
    const table = new IdTable(16);
    const all = ids(50_000);
    const value = (k: number) => k * 8 + (k % 8);
    // One expectation per list, not per id: the lists say which id differs.
    expect(all.filter((id, k) => table.add(id, value(k)) !== undefined)).toEqual([]);
    expect(table.size).toBe(all.length);
    // A second declaration finds the first (a duplicate id), and does not replace it.
    expect(all.filter((id, k) => table.add(id, 1) !== value(k))).toEqual([]);
    expect(table.size).toBe(all.length);
    expect(all.filter((id, k) => table.get(id) !== value(k))).toEqual([]);
    expect(ids(50_000, "source:").filter((id) => table.has(id))).toEqual([]);
  });
});

describe("IdFilter", () => {
  it("says yes for every id added, whatever their number", () => {
    const filter = new IdFilter(16);
    const added = ids(200_000, "format:");
    for (const id of added) filter.add(id);
    // Far more ids than the 65,536 bits: still no false "no".
    expect(added.filter((id) => !filter.has(id))).toEqual([]);
  });

  it("says no for most ids never added", () => {
    const filter = new IdFilter();
    for (const id of ids(100_000)) filter.add(id);
    const others = ids(100_000, "quote:");
    const yes = others.filter((id) => filter.has(id)).length;
    // 100,000 ids in 2^23 bits: ~1.2 % of other ids share a bit.
    expect(yes / others.length).toBeLessThan(0.03);
  });

  it("leaves the id it tested as the last one hashed, for an IdTable's getLast", () => {
    const table = new IdTable();
    table.add("source:1", 42);
    const filter = new IdFilter();
    filter.add("source:1");
    expect(filter.has("source:1")).toBe(true);
    expect(table.getLast()).toBe(42);
    filter.has("source:2");
    expect(table.getLast()).toBeUndefined();
  });
});
