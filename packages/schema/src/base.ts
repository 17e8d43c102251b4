/**
 * @parley/schema/base — the standard's plain parts, without the zod model: version numbers,
 * code lists (country codes from ISO 3166-1 and 3166-3) and the calendar rule of partial dates.
 * Importing it loads neither zod nor the JSON Schemas, so a tool that only checks data (the
 * validator, `parley validate`) starts without building the model. Everything here is also
 * exported by the package's main entry.
 */
export * from "./codelists";
export { daysInMonth, isRealPartialDate, PARTIAL_DATE_PATTERN } from "./partial-date";
export { SCHEMA_ID_BASE, SCHEMA_VERSION, schemaId } from "./version";
export {
  compareSchemaVersions,
  parseSchemaVersion,
  type SchemaVersionNumber,
} from "./version-numbers";
