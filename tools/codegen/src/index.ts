/**
 * @parley/codegen: the one code generator of the repository. One JSON Schema front end
 * (json-schema.ts: the model, `$ref` resolution; graph.ts: reference sites and code-list
 * fields) and several targets:
 * - `sdk` (target-sdk.ts): @parley/sdk's types, builders, guards, reference graph;
 * - `validator` (target-validator.ts): @parley/validator's compiled checkers, one per version;
 * - `scanner` (target-validator.ts, emit-scanner.ts): @parley/validator's byte-level record
 *   scanners (its NDJSON fast path), one per version.
 */

export { compileScanner } from "./emit-scanner";
export type { CodelistEdge, ReferenceEdge } from "./graph";
export { collectGraph, pointerTemplate } from "./graph";
export { generatedHeader, HEADER } from "./header";
export { modelFromDocument, readSchemaModel, resolveRef } from "./json-schema";
export { type GenerateOptions, generate } from "./target-sdk";
export {
  generateScanners,
  generateValidator,
  schemaRoot,
  schemaVersions,
  type ValidatorTargetOptions,
} from "./target-validator";
