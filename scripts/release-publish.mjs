#!/usr/bin/env node
// `npm run release`: build, check that what is about to be published is final, then
// `changeset publish`. Run it after `npm run version-packages` (changeset version + freezing the
// working standard version) has been committed. Needs npm registry credentials; never run in CI
// without them.
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const step = (command, args, cwd = root) =>
  execFileSync(command, args, {
    cwd,
    stdio: "inherit",
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
  });
const bin = (name) => join(root, "node_modules", ".bin", name);

step(bin("turbo"), ["run", "build", "--filter=./packages/*"]);
// Released JSON Schemas are intact, and the version being published is one of them: a
// published standard version must never change afterwards.
step(bin("tsx"), ["scripts/released-manifest.ts"], join(root, "packages", "schema"));
const { RELEASED_SCHEMA_VERSIONS, SCHEMA_VERSION } = await import("@parley/schema");
if (!RELEASED_SCHEMA_VERSIONS.includes(SCHEMA_VERSION)) {
  console.error(
    `release: standard ${SCHEMA_VERSION} is not frozen yet. Run \`npm run version-packages\` (changeset version + freeze) and commit first.`,
  );
  process.exit(1);
}
step(process.execPath, [join(root, "scripts", "release-schema-gate.mjs")]);
step(process.execPath, [join(root, "node_modules", "@changesets", "cli", "bin.js"), "publish"]);
