import { migratedAsIs } from "./fields";
import type { MigrationStep } from "./types";

/**
 * A step between versions whose schemas differ only compatibly: every dataset of `from` is
 * already a dataset of `to`, and the runner only rewrites `schemaVersion`.
 */
export function compatibleStep(from: string, to: string, summary: string): MigrationStep {
  return { from, to, summary, record: migratedAsIs, header: migratedAsIs };
}

/**
 * The migration registry: one step per released version to the next, in order. The
 * breaking-change gate refuses a new version that no chain of steps reaches.
 */
export const MIGRATION_STEPS: readonly MigrationStep[] = [
  compatibleStep(
    "1.0",
    "1.1",
    "1.1 adds optional date bounds to events (notBefore, notAfter); every 1.0 dataset is already valid 1.1.",
  ),
  compatibleStep(
    "1.1",
    "1.2",
    "1.2 adds what statements are about, how claims travelled (via, hedge), post records, identifiers and coding provenance, and date bounds on quotes and sources; every 1.1 dataset is already valid 1.2.",
  ),
];
