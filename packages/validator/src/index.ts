/**
 * @parley/validator — isomorphic core (Node and browsers; no Node built-ins here).
 *
 * - `validate(input, options)` → `{ findings, summary }`
 * - `validateStream(chunks, options)` → an async iterable of findings with a `summary` promise
 * - `RULES` / `getRule(id)` — the rule catalogue (`parley explain <rule>` prints from it)
 * - `SUPPORTED_SCHEMA_VERSIONS` — the versions of the standard this build checks against
 *
 * Worker threads and file byte-ranges for `--jobs` live in the Node-only entry
 * `@parley/validator/node`.
 */
export * from "./finding";
export { FindingCaps } from "./findings-collector";
export { splitLines } from "./lines";
export * from "./options";
export { validateCsvTables } from "./readers/csv-tables";
export { closingQuote } from "./record-cursor";
export * from "./reporters";
export type { RuleCategory, RuleDefinition, RuleId } from "./rules";
export { getRule, RULES, resolveSeverities, validateRulesConfig } from "./rules";
export { didYouMean } from "./suggest";
export { SUPPORTED_SCHEMA_VERSIONS, validate, validateStream } from "./validate";
