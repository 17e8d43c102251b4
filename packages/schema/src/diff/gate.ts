import { compareSchemaVersions, parseSchemaVersion } from "../versions";
import type { SchemaDiffReport } from "./report";

/** The bump the pending changesets give @parley/schema ("none" when no changeset names it). */
export type PackageBump = "major" | "minor" | "patch" | "none";

export type GateInput = {
  /** The last released (frozen) version, or undefined before the first release. */
  released: string | undefined;
  /** The working version: what the zod model describes now. */
  working: string;
  /** The diff from `released` to `working` (absent when they are the same version). */
  report?: SchemaDiffReport;
  /** The release type of @parley/schema in the pending changesets. */
  schemaBump: PackageBump;
  /** Versions a dataset can be migrated through, from `released` to `working`; undefined when no path exists. */
  migrationPath?: readonly string[] | undefined;
};

export type GateResult = { ok: boolean; summary: string; problems: string[]; advice: string[] };

const RANK: Record<PackageBump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

/**
 * The breaking-change gate: compares what changed between the last released version and the
 * working one with the version number and the pending changesets, and says what to do when
 * they disagree. Pure: the release scripts gather the inputs.
 */
export function checkSchemaGate(input: GateInput): GateResult {
  const { released, working, report, schemaBump } = input;
  if (released === undefined) {
    return {
      ok: true,
      summary: `no released version yet; ${working} is the first`,
      problems: [],
      advice: [],
    };
  }
  if (released === working) {
    return {
      ok: true,
      summary: `working version ${working} is the released one (its files are frozen; the immutability test guards them)`,
      problems: [],
      advice: [],
    };
  }
  if (compareSchemaVersions(working, released) < 0) {
    return {
      ok: false,
      summary: `working version ${working} is older than the released ${released}`,
      problems: [
        `SCHEMA_VERSION (${working}) must not go below the last released version (${released})`,
      ],
      advice: [`Set SCHEMA_VERSION in packages/schema/src/version.ts to ${released} or later.`],
    };
  }
  if (report === undefined)
    throw new Error("checkSchemaGate needs the diff report when the versions differ");

  const from = parseSchemaVersion(released);
  const to = parseSchemaVersion(working);
  const nextMinor = `${from.major}.${from.minor + 1}`;
  const nextMajor = `${from.major + 1}.0`;
  const problems: string[] = [];
  const advice: string[] = [];
  const breaking = report.changes.filter((change) => change.severity === "breaking");

  if (report.requiredBump === "major") {
    if (to.major === from.major) {
      problems.push(
        `${breaking.length} breaking change${breaking.length === 1 ? "" : "s"} between ${released} and ${working}, but ${working} is a minor version:`,
        ...breaking.map((change) => `  ✗ ${change.kind}: ${change.message}`),
      );
      advice.push(
        "Either make the change compatible: add an optional field instead of a required one, keep an old field (and describe it as deprecated) instead of removing or renaming it, add codelist values instead of removing them;",
        `or release a new major version: set SCHEMA_VERSION in packages/schema/src/version.ts to ${nextMajor}, run \`npm run codegen -w packages/schema\`, add a migration step ${released} → ${nextMajor} in packages/schema/src/migrations/, and add a changeset with \`npx changeset\` that gives @parley/schema a major bump and tells publishers how to migrate.`,
      );
    } else if (working !== nextMajor) {
      problems.push(`a breaking release after ${released} must be ${nextMajor}, not ${working}`);
      advice.push(`Set SCHEMA_VERSION in packages/schema/src/version.ts to ${nextMajor}.`);
    }
    if (to.major !== from.major && RANK[schemaBump] < RANK.major) {
      problems.push(
        `breaking changes without a major changeset for @parley/schema (pending bump: ${schemaBump}):`,
        ...breaking.map((change) => `  ✗ ${change.kind}: ${change.message}`),
      );
      advice.push(
        "Add a changeset with `npx changeset`: choose @parley/schema, bump major, and write what broke and how to migrate.",
      );
    }
  } else if (report.requiredBump === "minor") {
    if (to.major === from.major && working !== nextMinor) {
      problems.push(`a compatible release after ${released} must be ${nextMinor}, not ${working}`);
      advice.push(`Set SCHEMA_VERSION in packages/schema/src/version.ts to ${nextMinor}.`);
    }
    if (RANK[schemaBump] < RANK.minor) {
      problems.push(
        `the standard changed (${report.counts.compatible} compatible change${report.counts.compatible === 1 ? "" : "s"}) but no changeset gives @parley/schema a minor bump (pending bump: ${schemaBump})`,
      );
      advice.push(
        `Add a changeset with \`npx changeset\`: choose @parley/schema, bump minor, and describe what ${working} adds.`,
      );
    }
  } else {
    problems.push(
      `SCHEMA_VERSION is ${working} but its JSON Schemas are identical to ${released}'s`,
    );
    advice.push(`Keep SCHEMA_VERSION at ${released} until the standard actually changes.`);
  }

  if (input.migrationPath === undefined) {
    problems.push(`no migration path from ${released} to ${working}`);
    advice.push(
      `Register a migration step for each version from ${released} to ${working} in packages/schema/src/migrations/ (a compatible step only rewrites schemaVersion).`,
    );
  }

  const verdict = breaking.length > 0 ? "breaking" : "compatible";
  return {
    ok: problems.length === 0,
    summary: `${released} → ${working}: ${verdict} (${report.counts.breaking} breaking, ${report.counts.compatible} compatible), @parley/schema changeset bump: ${schemaBump}`,
    problems,
    advice,
  };
}
