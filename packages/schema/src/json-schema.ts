import { z } from "zod";
import { Dataset, DatasetHeader, NdjsonLine } from "./dataset";
import { ParleyRecord, RECORD_SCHEMAS } from "./record";
import { SCHEMA_VERSION, schemaId } from "./version";

/** The JSON Schema documents of a version, by file name (without `.schema.json`). */
export const JSON_SCHEMA_SOURCES: Record<string, z.ZodType> = {
  ...RECORD_SCHEMAS,
  record: ParleyRecord,
  dataset: Dataset,
  "dataset-header": DatasetHeader,
  "ndjson-line": NdjsonLine,
};

export type JsonSchemaDocument = Record<string, unknown>;

/**
 * Emits JSON Schema 2020-12 for the current model. `io: "input"` describes what a dataset may
 * contain (before any defaults), which is what third parties write and validators check.
 */
export function toJsonSchema(name: string, version: string = SCHEMA_VERSION): JsonSchemaDocument {
  const source = JSON_SCHEMA_SOURCES[name];
  if (!source) throw new Error(`No JSON Schema named '${name}'`);
  const generated = z.toJSONSchema(source, {
    target: "draft-2020-12",
    io: "input",
    unrepresentable: "throw",
  }) as JsonSchemaDocument;
  const { $schema, ...rest } = generated;
  return { $schema, $id: schemaId(version, name), ...rest };
}

export function allJsonSchemas(
  version: string = SCHEMA_VERSION,
): Record<string, JsonSchemaDocument> {
  return Object.fromEntries(
    Object.keys(JSON_SCHEMA_SOURCES).map((name) => [name, toJsonSchema(name, version)]),
  );
}
