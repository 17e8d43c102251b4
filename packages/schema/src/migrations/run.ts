import { compareSchemaVersions } from "../versions";
import { MIGRATION_STEPS } from "./steps";
import type { FieldMove, FieldPath, JsonObject, MigrationStep } from "./types";

/** The steps that lead from one version to another, in order; undefined when none lead there. */
export function migrationPath(
  from: string,
  to: string,
  steps: readonly MigrationStep[] = MIGRATION_STEPS,
): MigrationStep[] | undefined {
  if (compareSchemaVersions(from, to) > 0) return undefined; // no downgrades
  const path: MigrationStep[] = [];
  let current = from;
  while (current !== to) {
    const step = steps.find((candidate) => candidate.from === current);
    if (step === undefined) return undefined;
    path.push(step);
    current = step.to;
  }
  return path;
}

/** A value moved during migration, with the record it belongs to, for the user's report. */
export type MovedValue = FieldMove & { record?: string; step: string };

export type MigrationReport = {
  from: string;
  to: string;
  steps: { from: string; to: string; summary: string }[];
  records: number;
  /** Every value that changed place: renamed fields and fields kept in `extensions`. */
  moved: MovedValue[];
};

export type Migration = {
  readonly from: string;
  readonly to: string;
  /** Upgrades a dataset header or a dataset document's metadata (without its records). */
  header(header: JsonObject): JsonObject;
  /** Upgrades one record. */
  record(record: JsonObject): JsonObject;
  report(): MigrationReport;
};

/**
 * A `$schema` pointer at a version's own JSON Schema (`…/1.0/dataset.schema.json`, the path or
 * the `$id` URL), moved to the same file of the new version so editors check the new rules.
 */
export function retargetSchemaPointer(pointer: string, from: string, to: string): string {
  const match = /^(.*(?:^|\/))(\d+\.\d+)(\/[a-z-]+\.schema\.json)$/.exec(pointer);
  if (!match || match[2] !== from) return pointer;
  return `${match[1]}${to}${match[3]}`;
}

function withVersion(value: JsonObject, from: string, to: string): JsonObject {
  let next = value;
  if (Object.hasOwn(next, "schemaVersion")) next = { ...next, schemaVersion: to };
  if (typeof next.$schema === "string") {
    const retargeted = retargetSchemaPointer(next.$schema, from, to);
    if (retargeted !== next.$schema) next = { ...next, $schema: retargeted };
  }
  return next;
}

export type MigrationOutcome = { value: JsonObject; moves: FieldMove[] };

/** Runs `steps` over one record or header; pure. The moves are in application order. */
export function applySteps(
  value: JsonObject,
  steps: readonly MigrationStep[],
  kind: "record" | "header",
): MigrationOutcome {
  let current = value;
  const moves: FieldMove[] = [];
  for (const step of steps) {
    const result = kind === "record" ? step.record(current) : step.header(current);
    current = withVersion(result.value, step.from, step.to);
    moves.push(...result.moves);
  }
  return { value: current, moves };
}

/**
 * A migration from one version to another, one record at a time, so `parley migrate` can stream
 * a dataset of any size. It accumulates the report of everything it moved.
 */
export function createMigration(
  from: string,
  to: string,
  steps: readonly MigrationStep[] = MIGRATION_STEPS,
): Migration {
  const path = migrationPath(from, to, steps);
  if (path === undefined) {
    const known = steps.map((step) => `${step.from} → ${step.to}`).join(", ") || "none";
    throw new Error(`No migration from Parley ${from} to ${to} (registered steps: ${known})`);
  }
  const moved: MovedValue[] = [];
  let records = 0;
  const note = (moves: FieldMove[], record: string | undefined) => {
    for (const move of moves) {
      const step = `${from} → ${to}`;
      moved.push(record === undefined ? { ...move, step } : { ...move, record, step });
    }
  };
  return {
    from,
    to,
    header(header) {
      const outcome = applySteps(header, path, "header");
      note(outcome.moves, undefined);
      return outcome.value;
    },
    record(record) {
      records += 1;
      const outcome = applySteps(record, path, "record");
      note(outcome.moves, typeof record.id === "string" ? record.id : undefined);
      return outcome.value;
    },
    report() {
      return {
        from,
        to,
        steps: path.map(({ from: stepFrom, to: stepTo, summary }) => ({
          from: stepFrom,
          to: stepTo,
          summary,
        })),
        records,
        moved: [...moved],
      };
    },
  };
}

/** Upgrades a whole dataset document `{schemaVersion, …metadata, records}`; pure. */
export function migrateDatasetDocument(
  document: JsonObject,
  to: string,
  steps: readonly MigrationStep[] = MIGRATION_STEPS,
): { document: JsonObject; report: MigrationReport } {
  const from = document.schemaVersion;
  if (typeof from !== "string") throw new Error("the dataset has no schemaVersion to migrate from");
  const migration = createMigration(from, to, steps);
  const { records, ...metadata } = document;
  const header = migration.header(metadata);
  const upgraded = Array.isArray(records)
    ? records.map((record) => migration.record(record as JsonObject))
    : records;
  return { document: { ...header, records: upgraded }, report: migration.report() };
}

/** Summarises moved values by field, for a short report: "Quote.text → words: 3 records". */
export function summarizeMoves(
  moved: readonly MovedValue[],
): { from: string; to: string; reason: string; count: number }[] {
  const counts = new Map<string, { from: string; to: string; reason: string; count: number }>();
  const show = (path: FieldPath) =>
    path.map((segment) => (typeof segment === "number" ? "[]" : segment)).join(".");
  for (const move of moved) {
    const from = show(move.from);
    const to = show(move.to);
    const key = `${move.reason}|${from}|${to}`;
    const entry = counts.get(key) ?? { from, to, reason: move.reason, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  return [...counts.values()];
}
