import { defName, type JsonSchemaNode, type SchemaModel } from "./json-schema";

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function propertyKey(key: string): string {
  return IDENTIFIER.test(key) ? key : JSON.stringify(key);
}

function docComment(text: string | undefined, indent: string): string {
  if (!text) return "";
  const lines = text.replace(/\*\//g, "*\\/").split("\n");
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((line) => `${indent} * ${line}`).join("\n")}\n${indent} */\n`;
}

function literal(value: unknown): string {
  return JSON.stringify(value);
}

function arrayOf(element: string): string {
  return IDENTIFIER.test(element) ? `${element}[]` : `Array<${element}>`;
}

/** The TypeScript type of a JSON Schema node, for the subset zod emits for the Parley model. */
export function tsType(node: JsonSchemaNode | boolean | undefined, indent = ""): string {
  if (node === undefined || node === true) return "unknown";
  if (node === false) return "never";
  if (node.$ref) return defName(node.$ref);
  if (node.const !== undefined) return literal(node.const);
  if (node.enum) return node.enum.map(literal).join(" | ");
  const variants = node.anyOf ?? node.oneOf;
  if (variants) return variants.map((variant) => tsType(variant, indent)).join(" | ");
  if (node.allOf) return node.allOf.map((part) => `(${tsType(part, indent)})`).join(" & ");
  const types = Array.isArray(node.type) ? node.type : node.type ? [node.type] : [];
  if (types.length > 1) return types.map((type) => tsType({ ...node, type }, indent)).join(" | ");
  switch (types[0]) {
    case "string":
      return "string";
    case "number":
    case "integer":
      return "number";
    case "boolean":
      return "boolean";
    case "null":
      return "null";
    case "array":
      return arrayOf(tsType(node.items, indent));
    case "object":
      return objectType(node, indent);
    default:
      return "unknown";
  }
}

function objectType(node: JsonSchemaNode, indent: string): string {
  const properties = Object.entries(node.properties ?? {});
  const extra = node.additionalProperties;
  if (properties.length === 0) {
    if (extra === false) return "Record<string, never>";
    return `Record<string, ${tsType(extra === undefined ? true : extra, indent)}>`;
  }
  const inner = `${indent}  `;
  const required = new Set(node.required ?? []);
  const members = properties.map(([key, value]) => {
    const optional = required.has(key) ? "" : "?";
    return `${docComment(value.description, inner)}${inner}${propertyKey(key)}${optional}: ${tsType(value, inner)};`;
  });
  if (extra !== false && extra !== undefined) {
    members.push(`${inner}[key: string]: ${tsType(extra, inner)};`);
  }
  return `{\n${members.join("\n")}\n${indent}}`;
}

export function emitTypes(model: SchemaModel, header: string): string {
  const out: string[] = [header];
  out.push(
    "/** The record types of the standard, in the order the schema declares them. */",
    `export const RECORD_TYPES = [${model.recordTypes.map(literal).join(", ")}] as const;`,
    "",
    "/** A record type: the value of a record's `type` discriminator. */",
    "export type RecordType = (typeof RECORD_TYPES)[number];",
    "",
  );
  for (const [name, node] of Object.entries(model.defs)) {
    out.push(`${docComment(node.description, "")}export type ${name} = ${tsType(node)};`, "");
  }
  const recordNames = model.recordTypes.map((type) => model.typeNames[type] as string);
  out.push(
    "/** Any Parley record, discriminated by `type`. */",
    `export type ParleyRecord = ${recordNames.join(" | ")};`,
    "",
    "/** The record type for each `type` discriminator. */",
    "export interface RecordTypeMap {",
    ...model.recordTypes.map((type) => `  ${propertyKey(type)}: ${model.typeNames[type]};`),
    "}",
    "",
  );
  return out.join("\n");
}
