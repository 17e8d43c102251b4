import { RECORD_TYPES } from "@parley/schema";
import fc from "fast-check";
import { type TableDataset, tablesLayout } from "../src/tables/index";
import type { Node } from "../src/tables/layout";

/*
 * Datasets for the table-form round-trip properties: the CSV tables here, the SQLite and
 * DuckDB exports in @parley/cli (which import this file).
 */

/** Record order across types is not part of a dataset (the standard says "in any order"). */
export function byTypeThenPosition(dataset: TableDataset) {
  const order: readonly string[] = RECORD_TYPES;
  return {
    ...dataset,
    records: [...dataset.records].sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type)),
  };
}

/** JSON cannot tell -0 from 0, nor keep undefined; the round trip is judged on JSON values. */
export function asJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Values for any node of the layout: every field optional, strings full of CSV and formula traps. */
const trickyString = fc.oneof(
  fc.string(),
  fc.constantFrom(
    "",
    "'",
    "''",
    "=1+1",
    "+x",
    "-y",
    "@z",
    "a,b",
    'say "hi"',
    "two\nlines",
    "crlf\r\nend",
    " padded ",
    "|",
    "Казахстан",
  ),
);

function arbitraryFor(node: Node): fc.Arbitrary<unknown> {
  switch (node.node) {
    case "object": {
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, child] of node.fields)
        if (child.node !== "discriminator") model[key] = arbitraryFor(child);
      return fc.record(model, { requiredKeys: [] });
    }
    case "array":
      return fc.array(arbitraryFor(node.item), { maxLength: 3 });
    case "citations":
      return fc.array(arbitraryFor(citationNode()), { maxLength: 2 });
    case "enum-list":
      return fc.array(fc.stringMatching(/^[a-z][a-z-]{0,8}$/), { maxLength: 3 });
    case "scalar":
      if (node.kind === "number")
        return fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
      if (node.kind === "boolean") return fc.boolean();
      return trickyString;
    case "json":
      return fc.dictionary(trickyString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
    case "discriminator":
      return fc.constant(undefined);
  }
}

function citationNode(): Node {
  const fields = new Map<string, Node>(
    tablesLayout().citations.columns.map((column) => [
      column.name,
      { node: "scalar", kind: "string" } as Node,
    ]),
  );
  return { node: "object", fields };
}

export const arbitraryDataset = fc
  .tuple(
    arbitraryFor(tablesLayout().dataset.root),
    ...tablesLayout().records.map((table) =>
      fc.uniqueArray(
        fc
          .tuple(trickyString, arbitraryFor(table.root))
          .map(([id, fields]) => ({ ...(fields as object), type: table.recordType, id })),
        { maxLength: 3, selector: (record) => record.id },
      ),
    ),
  )
  .map(
    ([metadata, ...groups]) =>
      ({ ...(metadata as object), records: groups.flat() }) as TableDataset,
  );
