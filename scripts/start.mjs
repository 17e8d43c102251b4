#!/usr/bin/env node
// `npm start`: build the packages, then check the bundled seed dataset with @parley/schema and
// print a one-screen summary (records by type, valid/invalid).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const root = new URL("..", import.meta.url);
const seedPath = new URL("examples/seed/seed.ndjson", root);

execFileSync("npx", ["turbo", "run", "build", "--output-logs=errors-only"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
});

const { NdjsonLine } = await import("@parley/schema");
const counts = new Map();
let invalid = 0;
const lines = readFileSync(seedPath, "utf8").split("\n");
lines.forEach((text, index) => {
  if (text.trim() === "") return;
  const line = JSON.parse(text);
  const result = NdjsonLine.safeParse(line);
  const row = counts.get(line.type) ?? { valid: 0, invalid: 0 };
  if (result.success) row.valid++;
  else {
    row.invalid++;
    invalid++;
    for (const issue of result.error.issues) {
      console.error(
        `examples/seed/seed.ndjson:${index + 1}: /${issue.path.join("/")}: ${issue.message}`,
      );
    }
  }
  counts.set(line.type, row);
});

console.log("\nParley seed dataset — examples/seed/seed.ndjson");
console.log(`${"type".padEnd(14)}${"valid".padStart(7)}${"invalid".padStart(9)}`);
for (const [type, row] of [...counts].sort()) {
  console.log(
    `${type.padEnd(14)}${String(row.valid).padStart(7)}${String(row.invalid).padStart(9)}`,
  );
}
console.log(invalid === 0 ? "\nAll records are valid." : `\n${invalid} invalid records.`);
process.exitCode = invalid === 0 ? 0 : 1;
