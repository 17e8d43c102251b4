#!/usr/bin/env node
// `npm start`, the README's main command: build every package, validate the bundled seed
// dataset with the `parley` CLI and print a one-screen summary, then serve the Parley Explorer
// on 127.0.0.1 and print its URL. `npm start -- --no-serve` stops after the summary.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const seed = "examples/seed/seed.ndjson";
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1" };

console.log("Building the packages (turbo run build)…");
execFileSync("npx", ["turbo", "run", "build", "--output-logs=errors-only"], {
  cwd: root,
  stdio: "inherit",
  env,
});

console.log(`\nValidating the seed dataset: parley validate ${seed}\n`);
const reportDir = mkdtempSync(join(tmpdir(), "parley-start-"));
const reportPath = join(reportDir, "report.json");
let exitCode = 0;
try {
  execFileSync(
    process.execPath,
    ["packages/cli/dist/bin.js", "validate", seed, "--output", `json=${reportPath}`],
    { cwd: root, stdio: "inherit", env },
  );
} catch (error) {
  exitCode = error.status ?? 1;
}
const report = JSON.parse(readFileSync(reportPath, "utf8"));
rmSync(reportDir, { recursive: true, force: true });
const [input] = report.inputs;
console.log(`\n${"records by type".padEnd(18)}${"count".padStart(6)}`);
for (const [type, count] of Object.entries(input.recordsByType)) {
  console.log(`  ${type.padEnd(16)}${String(count).padStart(6)}`);
}
console.log(
  `  ${"valid".padEnd(16)}${String(input.records - input.invalidRecords).padStart(6)}\n  ${"invalid".padEnd(16)}${String(input.invalidRecords).padStart(6)}`,
);

if (exitCode !== 0 || process.argv.includes("--no-serve")) process.exit(exitCode);
console.log("");
const explorer = spawn("npm", ["start", "-w", "apps/explorer"], {
  cwd: root,
  stdio: "inherit",
  env,
});
explorer.on("exit", (code) => process.exit(code ?? 0));
