import { z } from "zod";

/**
 * The generator reads the zod model through zod's own JSON Schema conversion rather than
 * zod's internal definitions: the JSON Schema is zod's public, documented rendering of the
 * model, it carries every `.meta()` key (descriptions, `x-parley-ref`, `x-parley-codelist`),
 * and named schemas (those with a meta `id`) become shared `$defs`, which become named types.
 */
export interface JsonSchemaNode {
  $ref?: string;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  allOf?: JsonSchemaNode[];
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  additionalProperties?: boolean | JsonSchemaNode;
  items?: JsonSchemaNode;
  description?: string;
  default?: unknown;
  "x-parley-ref"?: string;
  "x-parley-codelist"?: string;
  [key: string]: unknown;
}

export interface SchemaModel {
  /** Record types in the order the schema module declares them. */
  recordTypes: string[];
  /** For each record type, the name of its type ($def name or a name derived from the record type). */
  typeNames: Record<string, string>;
  /** Named schemas, in zod's emission order. Record types are among them. */
  defs: Record<string, JsonSchemaNode>;
}

export function pascalCase(value: string): string {
  return value
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join("");
}

/**
 * The one front end of every target: a JSON Schema document (2020-12, local `$defs`) read into
 * the model the emitters walk. Record types are the branches of the record union, each a named
 * schema whose `type` property is fixed to the record type.
 *
 * @param recordTypes The record types in declaration order, with the node of each (a `$ref` or
 *   an inline schema); when omitted they are read from the document's root union.
 */
export function modelFromDocument(
  document: JsonSchemaNode & { $defs?: Record<string, JsonSchemaNode> },
  recordTypes?: Array<[string, JsonSchemaNode]>,
): SchemaModel {
  const defs: Record<string, JsonSchemaNode> = { ...(document.$defs ?? {}) };
  const entries = recordTypes ?? recordUnion(defs, document);
  if (entries.length === 0) throw new Error("The schema declares no record types");
  const typeNames: Record<string, string> = {};
  for (const [recordType, node] of entries) {
    const refName = node.$ref ? defName(node.$ref) : undefined;
    if (refName) {
      typeNames[recordType] = refName;
    } else {
      // A record schema without a meta id is still a record type: give it a named type.
      const name = pascalCase(recordType);
      if (defs[name])
        throw new Error(`Record type '${recordType}' would be named '${name}', which is taken`);
      defs[name] = node;
      typeNames[recordType] = name;
    }
    const def = defs[typeNames[recordType] as string];
    const discriminator = def?.properties?.type;
    if (discriminator?.const !== recordType) {
      throw new Error(
        `Record type '${recordType}' has no 'type' property fixed to '${recordType}'`,
      );
    }
  }
  return { recordTypes: entries.map(([type]) => type), typeNames, defs };
}

/** The branches of a record union (`oneOf`/`anyOf` of `$ref`s), keyed by their `type` const. */
function recordUnion(
  defs: Record<string, JsonSchemaNode>,
  document: JsonSchemaNode,
): Array<[string, JsonSchemaNode]> {
  const union = resolveRef(defs, document).node;
  const branches = union.oneOf ?? union.anyOf ?? [];
  return branches.map((branch) => {
    const type = resolveRef(defs, branch).node.properties?.type?.const;
    if (typeof type !== "string")
      throw new Error("A branch of the record union has no 'type' property fixed to a string");
    return [type, branch];
  });
}

/** Builds the model from a map of record type -> zod schema, through zod's JSON Schema. */
export function readSchemaModel(recordSchemas: Record<string, z.ZodType>): SchemaModel {
  const recordTypes = Object.keys(recordSchemas);
  if (recordTypes.length === 0) throw new Error("The schema module declares no record types");
  const wrapper = z.object(recordSchemas);
  const document = z.toJSONSchema(wrapper, {
    target: "draft-2020-12",
    io: "output",
    unrepresentable: "any",
  }) as JsonSchemaNode & { $defs?: Record<string, JsonSchemaNode> };
  return modelFromDocument(
    document,
    recordTypes.map((recordType) => {
      const node = document.properties?.[recordType];
      if (!node) throw new Error(`No JSON Schema emitted for record type '${recordType}'`);
      return [recordType, node];
    }),
  );
}

/** Keywords that say something about a value without constraining it. */
export const ANNOTATIONS: ReadonlySet<string> = new Set([
  "description",
  "title",
  "$schema",
  "$id",
  "$defs",
  "x-parley-ref",
  "x-parley-codelist",
  "examples",
  "default",
]);

/**
 * Follows `$ref`s (a chain of them too) to the schema they name. `defName` is the name of the
 * first named schema reached. Constraints next to a `$ref` are refused: no target reads them.
 */
export function resolveRef(
  defs: Record<string, JsonSchemaNode>,
  node: JsonSchemaNode,
): { node: JsonSchemaNode; defName?: string } {
  if (typeof node.$ref !== "string") return { node };
  const extra = Object.keys(node).filter((k) => k !== "$ref" && !ANNOTATIONS.has(k));
  if (extra.length) throw new Error(`unsupported keywords next to $ref: ${extra.join(", ")}`);
  const name = defName(node.$ref);
  const target = defs[name];
  if (!target) throw new Error(`unknown $def ${name}`);
  const inner = resolveRef(defs, target);
  return { node: inner.node, defName: inner.defName ?? name };
}

export function defName(ref: string): string {
  const match = /^#\/\$defs\/(.+)$/.exec(ref);
  if (!match?.[1])
    throw new Error(`Unsupported $ref '${ref}': only local #/$defs/ references are emitted`);
  return match[1];
}
