import type { SchemaModel } from "./json-schema";

export interface ModuleSpecifiers {
  /** Where the generated code imports the zod schemas (`RECORD_SCHEMAS`) from. */
  schemaModule: string;
  /** Where the generated builders import the hand-written `buildRecord` from. */
  runtimeModule: string;
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? "an" : "a";
}

/** Top-level fields with a default: optional in the builder's input, filled by the builder. */
function defaultedFields(model: SchemaModel, recordType: string): string[] {
  const def = model.defs[model.typeNames[recordType] as string];
  return Object.entries(def?.properties ?? {})
    .filter(([key, node]) => key !== "type" && key !== "id" && node.default !== undefined)
    .map(([key]) => key);
}

export function emitBuilders(
  model: SchemaModel,
  modules: ModuleSpecifiers,
  header: string,
): string {
  const names = model.recordTypes.map((type) => model.typeNames[type] as string);
  const out: string[] = [
    header,
    `import { RECORD_SCHEMAS } from ${JSON.stringify(modules.schemaModule)};`,
    `import { buildRecord } from ${JSON.stringify(modules.runtimeModule)};`,
    `import type { ${names.join(", ")} } from "./types.gen";`,
    "",
  ];
  for (const recordType of model.recordTypes) {
    const name = model.typeNames[recordType] as string;
    const defaulted = defaultedFields(model, recordType);
    const omitted = ["type", "id", ...defaulted].map((key) => JSON.stringify(key)).join(" | ");
    const optionalDefaults = defaulted.length
      ? ` & Partial<Pick<${name}, ${defaulted.map((key) => JSON.stringify(key)).join(" | ")}>>`
      : "";
    const a = article(recordType);
    out.push(
      `/** What \`build${name}\` accepts: ${a} ${recordType} whose \`type\`, \`id\` and defaulted fields may be left out. */`,
      `export type ${name}Input = Omit<${name}, ${omitted}>${optionalDefaults} & {`,
      `  type?: ${JSON.stringify(recordType)};`,
      "  id?: string;",
      "};",
      "",
      "/**",
      ` * Builds ${a} ${recordType} record: sets \`type\`, fills defaults, derives a deterministic id from the`,
      " * content when none is given, validates against the schema and returns the typed record.",
      " * @throws ParleyValidationError listing every problem when the input is not valid.",
      " */",
      `export function build${name}(input: ${name}Input): ${name} {`,
      `  return buildRecord(RECORD_SCHEMAS[${JSON.stringify(recordType)}], ${JSON.stringify(recordType)}, input) as ${name};`,
      "}",
      "",
    );
  }
  out.push(
    "/** The builder of each record type. */",
    "export const BUILDERS = {",
    ...model.recordTypes.map((type) => `  ${JSON.stringify(type)}: build${model.typeNames[type]},`),
    "} as const;",
    "",
  );
  return out.join("\n");
}

export function emitGuards(model: SchemaModel, modules: ModuleSpecifiers, header: string): string {
  const names = model.recordTypes.map((type) => model.typeNames[type] as string);
  const out: string[] = [
    header,
    `import { RECORD_SCHEMAS } from ${JSON.stringify(modules.schemaModule)};`,
    `import { RECORD_TYPES, type ParleyRecord, type RecordType, type ${names.join(", type ")} } from "./types.gen";`,
    "",
    "/** True when the value names a known record type in `type` (a cheap check; see isParleyRecord). */",
    "export function hasRecordType(value: unknown): value is { type: RecordType } {",
    '  if (typeof value !== "object" || value === null) return false;',
    "  const type = (value as { type?: unknown }).type;",
    '  return typeof type === "string" && (RECORD_TYPES as readonly string[]).includes(type);',
    "}",
    "",
  ];
  for (const recordType of model.recordTypes) {
    const name = model.typeNames[recordType] as string;
    out.push(
      `/** True when the value is a valid ${recordType} record (checked against the schema, not only \`type\`). */`,
      `export function is${name}(value: unknown): value is ${name} {`,
      `  return RECORD_SCHEMAS[${JSON.stringify(recordType)}].safeParse(value).success;`,
      "}",
      "",
    );
  }
  out.push(
    "/** True when the value is a valid record of any record type. */",
    "export function isParleyRecord(value: unknown): value is ParleyRecord {",
    "  return hasRecordType(value) && RECORD_SCHEMAS[value.type].safeParse(value).success;",
    "}",
    "",
  );
  return out.join("\n");
}
