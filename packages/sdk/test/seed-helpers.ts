import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The repository's seed dataset (examples/seed), located from this file, never from /work. */
export const SEED_JSON_PATH = fileURLToPath(
  new URL("../../../examples/seed/seed.json", import.meta.url),
);
export const SEED_NDJSON_PATH = fileURLToPath(
  new URL("../../../examples/seed/seed.ndjson", import.meta.url),
);

export function seedJsonText(): string {
  return readFileSync(SEED_JSON_PATH, "utf8");
}

export function seedNdjsonText(): string {
  return readFileSync(SEED_NDJSON_PATH, "utf8");
}

export function ids(records: readonly { id: string }[]): string[] {
  return records.map((record) => record.id);
}
