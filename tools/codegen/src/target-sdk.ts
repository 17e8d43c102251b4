/**
 * The SDK target: types, builders, guards, the reference graph and the code-list fields of the
 * record types of a zod model (read through zod's JSON Schema by the front end).
 */
import type { z } from "zod";
import { emitBuilders, emitGuards, type ModuleSpecifiers } from "./emit-api";
import { emitCodelists, emitReferences } from "./emit-graph";
import { emitTypes } from "./emit-types";
import { collectGraph } from "./graph";
import { HEADER } from "./header";
import { readSchemaModel } from "./json-schema";

export interface GenerateOptions extends Partial<ModuleSpecifiers> {
  /** The record types' zod schemas, keyed by `type` (the schema module's `RECORD_SCHEMAS`). */
  recordSchemas: Record<string, z.ZodType>;
}

/**
 * Generates the SDK's generated layer as file name -> content. Pure: the same schemas give
 * byte-identical output (no dates, no absolute paths, emission in the schema's own order).
 */
export function generate(options: GenerateOptions): Map<string, string> {
  const modules: ModuleSpecifiers = {
    schemaModule: options.schemaModule ?? "@parley/schema",
    runtimeModule: options.runtimeModule ?? "../build",
  };
  const model = readSchemaModel(options.recordSchemas);
  const { references, codelists } = collectGraph(model);
  const files = new Map<string, string>();
  files.set("types.gen.ts", emitTypes(model, HEADER));
  files.set("references.gen.ts", emitReferences(references, model.recordTypes, HEADER));
  files.set("codelists.gen.ts", emitCodelists(codelists, model.recordTypes, HEADER));
  files.set("builders.gen.ts", emitBuilders(model, modules, HEADER));
  files.set("guards.gen.ts", emitGuards(model, modules, HEADER));
  files.set(
    "index.gen.ts",
    [
      HEADER,
      'export * from "./builders.gen";',
      'export * from "./codelists.gen";',
      'export * from "./guards.gen";',
      'export * from "./references.gen";',
      'export * from "./types.gen";',
      "",
    ].join("\n"),
  );
  return files;
}
