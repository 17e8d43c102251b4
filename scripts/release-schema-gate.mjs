#!/usr/bin/env node
// The breaking-change gate (`npm run schema:gate`, part of `npm test`): compares the working
// standard with the last released version and fails when a change is not matched by the
// version number, a changeset for @parley/schema and a migration path. Run after the build:
// it uses @parley/schema's own diff (packages/schema/src/diff) from its dist.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import getReleasePlan from "@changesets/get-release-plan";
import {
  checkSchemaGate,
  diffSchemaVersions,
  formatDiffReport,
  migrationPath,
  RELEASED_SCHEMA_VERSIONS,
  SCHEMA_VERSION,
} from "@parley/schema";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const released = RELEASED_SCHEMA_VERSIONS.at(-1);
const working = SCHEMA_VERSION;

const plan = await (getReleasePlan.default ?? getReleasePlan)(root);
const schemaRelease = plan.releases.find((release) => release.name === "@parley/schema");
const schemaBump = schemaRelease?.type ?? "none";

const report =
  released !== undefined && released !== working
    ? diffSchemaVersions(released, working)
    : undefined;
const path = released === undefined ? [] : migrationPath(released, working);
const result = checkSchemaGate({
  released,
  working,
  report,
  schemaBump,
  migrationPath: path?.map((step) => step.to),
});

if (report !== undefined) console.log(formatDiffReport(report), "\n");
console.log(`schema gate: ${result.summary}`);
if (!result.ok) {
  console.error("\nschema gate FAILED:");
  for (const problem of result.problems) console.error(`  ${problem}`);
  console.error("\nWhat to do:");
  for (const advice of result.advice) console.error(`  - ${advice}`);
  console.error("\nSee CONTRIBUTING.md, 'Changing the standard'.");
  process.exit(1);
}
console.log("schema gate: ok");
