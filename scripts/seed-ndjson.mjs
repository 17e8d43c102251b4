// Writes examples/seed/seed.ndjson from examples/seed/seed.json: the header line carries the
// version and metadata, then one record per line. A test checks the two stay equivalent.
import { readFileSync, writeFileSync } from "node:fs";

const jsonPath = new URL("../examples/seed/seed.json", import.meta.url);
const ndjsonPath = new URL("../examples/seed/seed.ndjson", import.meta.url);
const { $schema, records, ...metadata } = JSON.parse(readFileSync(jsonPath, "utf8"));
const lines = [
  JSON.stringify({ type: "dataset", ...metadata }),
  ...records.map((r) => JSON.stringify(r)),
];
writeFileSync(ndjsonPath, `${lines.join("\n")}\n`);
