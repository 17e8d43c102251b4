/**
 * The version of the standard that this package's zod model describes. Datasets name it in
 * `schemaVersion`; released versions keep their JSON Schemas in `json-schema/<version>/` forever.
 */
export const SCHEMA_VERSION = "1.2" as const;

/** Where the published JSON Schemas live; every `$id` contains the version. */
export const SCHEMA_ID_BASE = "https://parley.dev/schema";

export function schemaId(version: string, name: string): string {
  return `${SCHEMA_ID_BASE}/${version}/${name}.schema.json`;
}
