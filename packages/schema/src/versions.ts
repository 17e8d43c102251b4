import releasedManifest from "../json-schema/released.json";
import { JSON_SCHEMA_FILES } from "./generated/json-schemas";
import type { JsonSchemaDocument } from "./json-schema";
import { SCHEMA_VERSION } from "./version";
import { compareSchemaVersions } from "./version-numbers";

export {
  compareSchemaVersions,
  parseSchemaVersion,
  type SchemaVersionNumber,
} from "./version-numbers";

/**
 * The registry of standard versions this package ships. Every released version keeps its JSON
 * Schemas forever (json-schema/<version>/, hashed in json-schema/released.json); the working
 * version is the one the zod model describes. A dataset names its `schemaVersion` and a
 * validator checks it against that version's schemas with `jsonSchemaFor`.
 */

/** Every version whose JSON Schemas this package ships, oldest first. */
export const SCHEMA_VERSIONS: readonly string[] = Object.freeze(
  Object.keys(JSON_SCHEMA_FILES).sort(compareSchemaVersions),
);

/** Released (frozen) versions, oldest first; their files never change. */
export const RELEASED_SCHEMA_VERSIONS: readonly string[] = Object.freeze(
  Object.keys(releasedManifest.versions).sort(compareSchemaVersions),
);

/** The newest version: the one the zod model in this package describes. */
export const LATEST_SCHEMA_VERSION: string = SCHEMA_VERSION;

/** The names of a version's JSON Schema documents ('dataset', 'ndjson-line', 'event', …). */
export function jsonSchemaNames(version: string = LATEST_SCHEMA_VERSION): string[] {
  return Object.keys(jsonSchemasFor(version)).sort();
}

export function isKnownSchemaVersion(version: string): boolean {
  return Object.hasOwn(JSON_SCHEMA_FILES, version);
}

/** `version` itself, or the latest version for 'latest'; throws for a version this package lacks. */
export function resolveSchemaVersion(version: string): string {
  if (version === "latest") return LATEST_SCHEMA_VERSION;
  if (!isKnownSchemaVersion(version)) {
    throw new Error(
      `Unknown Parley version '${version}'. This @parley/schema ships ${SCHEMA_VERSIONS.join(", ")}; a newer version needs a newer package.`,
    );
  }
  return version;
}

/** All JSON Schema documents of a version ('1.0', '1.1', 'latest'), by name. */
export function jsonSchemasFor(version: string): Readonly<Record<string, JsonSchemaDocument>> {
  const documents = JSON_SCHEMA_FILES[resolveSchemaVersion(version)];
  if (!documents) throw new Error(`No JSON Schemas for Parley ${version}`);
  return documents;
}

/** One JSON Schema document of a version: `jsonSchemaFor("1.0", "dataset")`. */
export function jsonSchemaFor(version: string, name: string): JsonSchemaDocument {
  const document = jsonSchemasFor(version)[name];
  if (!document) {
    throw new Error(
      `Parley ${version} has no JSON Schema named '${name}'; it has ${Object.keys(jsonSchemasFor(version)).join(", ")}`,
    );
  }
  return document;
}
