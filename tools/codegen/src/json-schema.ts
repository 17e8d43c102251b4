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

/** Builds the model the emitters read from a map of record type -> zod schema. */
export function readSchemaModel(recordSchemas: Record<string, z.ZodType>): SchemaModel {
  const recordTypes = Object.keys(recordSchemas);
  if (recordTypes.length === 0) throw new Error("The schema module declares no record types");
  const wrapper = z.object(recordSchemas);
  const document = z.toJSONSchema(wrapper, {
    target: "draft-2020-12",
    io: "output",
    unrepresentable: "any",
  }) as JsonSchemaNode & { $defs?: Record<string, JsonSchemaNode> };
  const defs: Record<string, JsonSchemaNode> = { ...(document.$defs ?? {}) };
  const typeNames: Record<string, string> = {};
  for (const recordType of recordTypes) {
    const node = document.properties?.[recordType];
    if (!node) throw new Error(`No JSON Schema emitted for record type '${recordType}'`);
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
  return { recordTypes, typeNames, defs };
}

export function defName(ref: string): string {
  const match = /^#\/\$defs\/(.+)$/.exec(ref);
  if (!match?.[1])
    throw new Error(`Unsupported $ref '${ref}': only local #/$defs/ references are emitted`);
  return match[1];
}
