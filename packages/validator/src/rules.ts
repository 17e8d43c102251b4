import { compareSchemaVersions } from "@parley/schema/base";
import type { Severity } from "./finding";
import type { RuleSetting, RulesConfig } from "./options";
import { didYouMean } from "./suggest";
import { SUPPORTED_SCHEMA_VERSIONS } from "./versions";

export type RuleCategory = "input" | "json" | "version" | "structure" | "codelist" | "dataset";

/**
 * One entry of the rule catalogue. `parley explain <id>` prints it; the CLI's config file
 * addresses rules by `id`. Ids are stable: a rule is never renamed, only deprecated.
 */
export interface RuleDefinition<Id extends string = string> {
  id: Id;
  category: RuleCategory;
  defaultSeverity: Severity;
  /** One line: what the rule finds. */
  title: string;
  /** Why it matters, in a short paragraph. */
  description: string;
  /** Standard versions the rule applies to; `"*"` for every version (input and JSON checks). */
  schemaVersions: "*" | readonly string[];
  /**
   * For a check added after a version was released: the first version on which it reports at
   * `defaultSeverity`. Datasets that declare an older version get a warning instead, so that
   * data which passed yesterday does not fail a pinned build today (docs/standard-1.2.md).
   */
  defaultSeveritySince?: string;
  /** A small NDJSON dataset that passes the rule. */
  validExample: string;
  /** A small NDJSON dataset that breaks it (for byte-level rules, see `invalidExampleHex`). */
  invalidExample: string;
  /** For rules about bytes that text cannot show (bad UTF-8, corrupt gzip): the invalid input as hex. */
  invalidExampleHex?: string;
}

const H = '{"type":"dataset","schemaVersion":"1.0","title":"Example"}';
const SRC = '{"type":"source","id":"src:1","kind":"article","published":{"value":"2022-11-18"}}';
const EV =
  '{"type":"event","id":"ev:1","kind":"meeting","date":{"value":"2022-11-17"},"citations":[{"source":"src:1","certainty":"reported"}]}';
/** The rules of the standard's first major hold in each of its minor versions (1.0, 1.1, …). */
const V1: readonly string[] = SUPPORTED_SCHEMA_VERSIONS.filter((version) =>
  version.startsWith("1."),
);
const H12 = '{"type":"dataset","schemaVersion":"1.2","title":"Example"}';
/** A 1.2 dataset: for rules about fields 1.2 added. */
function ds12(...lines: string[]): string {
  return `${[H12, ...lines].join("\n")}\n`;
}
const P = '{"type":"person","id":"p:1","names":[{"value":"Sergey Lavrov"}]}';

function ds(...lines: string[]): string {
  return `${[H, ...lines].join("\n")}\n`;
}

/**
 * The catalogue, with each id kept as a literal type: `RuleId` is the union of them, and code
 * that reports a finding names its rule as a `RuleId`, so an id missing from the catalogue is a
 * compile error rather than a finding silently dropped (unknown ids have no severity).
 */
const CATALOGUE = [
  {
    id: "input-empty",
    category: "input",
    defaultSeverity: "error",
    title: "The input is empty or holds only whitespace",
    description:
      "An empty file is almost always a failed export or a wrong path. A dataset with a header and no records is fine; zero bytes is not.",
    schemaVersions: "*",
    validExample: ds(SRC),
    invalidExample: "",
  },
  {
    id: "input-bom",
    category: "input",
    defaultSeverity: "warning",
    title: "The input starts with a UTF-8 byte order mark",
    description:
      "RFC 8259 forbids a BOM in JSON sent between systems and many NDJSON readers choke on it. The validator skips it and reports it so that the producer can stop writing it.",
    schemaVersions: "*",
    validExample: ds(SRC),
    invalidExample: ds(SRC),
    invalidExampleHex: `efbbbf${hex(ds(SRC))}`,
  },
  {
    id: "input-encoding",
    category: "input",
    defaultSeverity: "error",
    title: "The bytes are not valid UTF-8",
    description:
      "JSON text is UTF-8. Invalid bytes usually mean a Latin-1 or Windows-1252 export; decoding them leniently would silently change names. In NDJSON the validator reports the line and goes on with the next one.",
    schemaVersions: "*",
    validExample: ds('{"type":"source","id":"src:1","title":"Москва"}'),
    invalidExample: ds('{"type":"source","id":"src:1","title":"Caf\\xe9"}'),
    invalidExampleHex: `${hex(`${H}\n{"type":"source","id":"src:1","title":"Caf`)}e9${hex('"}\n')}`,
  },
  {
    id: "input-gzip-corrupt",
    category: "input",
    defaultSeverity: "error",
    title: "The gzip stream is corrupt or truncated",
    description:
      "A gzip file that cannot be decompressed to its end has lost data. Everything read before the damage is validated; the finding gives the byte offset reached.",
    schemaVersions: "*",
    validExample: ds(SRC),
    invalidExample: "(gzip magic bytes followed by garbage)",
    invalidExampleHex: "1f8b0800000000000003ffffffffffffffff",
  },
  {
    id: "json-syntax",
    category: "json",
    defaultSeverity: "error",
    title: "The text is not valid JSON",
    description:
      "The position is the first character the JSON grammar does not allow. In NDJSON only that line is lost: reading resumes at the next line. In a JSON document nothing after the error can be trusted, so reading stops there.",
    schemaVersions: "*",
    validExample: ds(SRC),
    invalidExample: ds('{"type":"source","id":"src:1",}'),
  },
  {
    id: "json-duplicate-key",
    category: "json",
    defaultSeverity: "error",
    title: "An object has the same key twice",
    description:
      "JSON.parse keeps the last value and silently drops the others, so two tools can read different data from the same file. The finding points at the second occurrence.",
    schemaVersions: "*",
    validExample: ds(SRC),
    invalidExample: ds('{"type":"source","id":"src:1","id":"src:2"}'),
  },
  {
    id: "json-lone-surrogate",
    category: "json",
    defaultSeverity: "error",
    title: "A string holds a lone surrogate (\\uD800–\\uDFFF without its pair)",
    description:
      "JSON lets an escape name half of a UTF-16 surrogate pair, but such a string is not Unicode text: UTF-8 cannot encode it, so a CSV export, a database or another language's parser turns it into U+FFFD or refuses the file, and the value changes silently on its way. Write the character itself, or both halves of the pair (\\uD83D\\uDE00).",
    schemaVersions: "*",
    validExample: ds(
      '{"type":"source","id":"src:1","kind":"article","published":{"value":"2022-11-18"},"title":"\\ud83d\\ude00"}',
    ),
    invalidExample: ds(
      '{"type":"source","id":"src:1","kind":"article","published":{"value":"2022-11-18"},"title":"\\ud800"}',
    ),
  },
  {
    id: "json-depth-limit",
    category: "json",
    defaultSeverity: "error",
    title: "Nesting is deeper than the limit (default 64)",
    description:
      "No Parley record nests deeper than about ten levels; a deeper one is either machine garbage or an attempt to exhaust a parser's stack. The record is not parsed further. Configure with `limits.maxDepth`.",
    schemaVersions: "*",
    validExample: ds(SRC),
    invalidExample: ds(
      `{"type":"source","id":"src:1","extensions":{"x":${"[".repeat(70)}${"]".repeat(70)}}}`,
    ),
  },
  {
    id: "json-size-limit",
    category: "json",
    defaultSeverity: "error",
    title: "A record is larger than the limit (default 16 MiB)",
    description:
      "A single record of many megabytes is a runaway export (an embedded file, a concatenation gone wrong). The record is skipped without being buffered whole, so memory stays bounded. Configure with `limits.maxRecordBytes`.",
    schemaVersions: "*",
    validExample: ds(SRC),
    invalidExample: ds('{"type":"source","id":"src:1","title":"… 20 MB of text …"}'),
  },
  {
    id: "json-prototype-key",
    category: "json",
    defaultSeverity: "warning",
    title: "A key is named __proto__, constructor or prototype",
    description:
      "Such keys are kept as plain data by the validator (they never reach an object prototype), but a consumer that merges records into objects naively can be polluted by them. Rename the key.",
    schemaVersions: "*",
    validExample: ds('{"type":"source","id":"src:1","extensions":{"x:proto":1}}'),
    invalidExample: ds('{"type":"source","id":"src:1","extensions":{"__proto__":{"admin":true}}}'),
  },
  {
    id: "dataset-structure",
    category: "version",
    defaultSeverity: "error",
    title: "The dataset's outer structure is wrong",
    description:
      "A JSON document must be an object with a `records` array; an NDJSON line must be an object; the NDJSON header (`type: dataset`) may only be the first line. Metadata fields are checked against the dataset JSON Schema of the version.",
    schemaVersions: "*",
    validExample: ds(SRC),
    invalidExample: `${SRC}\n${H}\n`,
  },
  {
    id: "schema-version-missing",
    category: "version",
    defaultSeverity: "error",
    title: "The dataset does not say which version of the standard it follows",
    description:
      "`schemaVersion` is required in the JSON document and in the NDJSON header (or, without a header, on records). Without it a reader cannot know which rules apply; the validator then checks against the latest version it knows and says so.",
    schemaVersions: "*",
    validExample: ds(SRC),
    invalidExample: `${SRC}\n`,
  },
  {
    id: "schema-version-unknown",
    category: "version",
    defaultSeverity: "error",
    title: "The declared schemaVersion is not one this validator knows",
    description:
      "Records are only checked for JSON well-formedness, because checking them against another version's rules would report false problems. Upgrade the validator, or fix the version.",
    schemaVersions: "*",
    validExample: ds(SRC),
    invalidExample: `{"type":"dataset","schemaVersion":"9.0","title":"Example"}\n${SRC}\n`,
  },
  {
    id: "schema-version-mismatch",
    category: "version",
    defaultSeverity: "warning",
    title: "A record's schemaVersion differs from the dataset's",
    description:
      "A dataset follows one version; a record that claims another was probably pasted from elsewhere. The record is checked against its own version when that is known.",
    schemaVersions: "*",
    validExample: ds(SRC),
    invalidExample: ds('{"type":"source","id":"src:1","schemaVersion":"1.1"}'),
  },
  {
    id: "schema-type",
    category: "structure",
    defaultSeverity: "error",
    title: "A value has the wrong JSON type",
    description:
      "A string where a number is required, an object where an array is required, and so on.",
    schemaVersions: V1,
    validExample: ds(SRC),
    invalidExample: ds('{"type":"event","id":"ev:1","kind":"meeting","topics":"trade"}'),
  },
  {
    id: "schema-required",
    category: "structure",
    defaultSeverity: "error",
    title: "A required property is missing",
    description: "The finding points at the object that lacks the property and names it.",
    schemaVersions: V1,
    validExample: ds(SRC),
    invalidExample: ds('{"type":"event","id":"ev:1"}'),
  },
  {
    id: "schema-additional-property",
    category: "structure",
    defaultSeverity: "error",
    title: "A property the standard does not define",
    description:
      "Parley objects are closed so that typos ('partcipants') do not pass silently. Third-party data belongs in the `extensions` object, which is kept verbatim. A close known name is suggested.",
    schemaVersions: V1,
    validExample: ds(
      '{"type":"event","id":"ev:1","kind":"meeting","extensions":{"gdelt:NumMentions":4}}',
    ),
    invalidExample: ds('{"type":"event","id":"ev:1","kind":"meeting","partcipants":[]}'),
  },
  {
    id: "record-type-unknown",
    category: "structure",
    defaultSeverity: "error",
    title: "A record's `type` is not a record type of the standard",
    description:
      "`type` decides which rules apply to the record: event, person, organization, format, quote or source. A close known type is suggested.",
    schemaVersions: V1,
    validExample: ds(SRC),
    invalidExample: ds('{"type":"evnt","id":"ev:1","kind":"meeting"}'),
  },
  {
    id: "record-type-missing",
    category: "structure",
    defaultSeverity: "error",
    title: "A record has no `type`",
    description:
      "Without `type` nothing says which rules apply, so the record is checked for JSON well-formedness and dataset rules only.",
    schemaVersions: V1,
    validExample: ds(SRC),
    invalidExample: ds('{"id":"ev:1","kind":"meeting"}'),
  },
  {
    id: "schema-union",
    category: "structure",
    defaultSeverity: "error",
    title: "A value matches none of the forms its field allows",
    description:
      "Some fields take exactly one of several forms: a participant is a person OR an organization OR an unresolved actor, never two. The finding lists the forms; when one form is clearly meant, its own problems are reported instead.",
    schemaVersions: V1,
    validExample: ds(
      '{"type":"event","id":"ev:1","kind":"meeting","participants":[{"unresolved":{"description":"the ambassador of Kazakhstan"}}]}',
    ),
    invalidExample: ds(
      '{"type":"event","id":"ev:1","kind":"meeting","participants":[{"role":"Ambassador"}]}',
    ),
  },
  {
    id: "schema-pattern",
    category: "structure",
    defaultSeverity: "error",
    title: "A string does not have the required shape",
    description:
      "Ids, language tags, dates, Wikidata and GeoNames ids have fixed shapes ('Q42', 'ru-Latn', '2022-11').",
    schemaVersions: V1,
    validExample: ds(SRC),
    invalidExample: ds('{"type":"source","id":"src:1","lang":"Russian"}'),
  },
  {
    id: "schema-min-length",
    category: "structure",
    defaultSeverity: "error",
    title: "A string is empty where text is required",
    description:
      "Empty strings carry no information and hide missing data; omit the optional field instead.",
    schemaVersions: V1,
    validExample: ds(SRC),
    invalidExample: ds('{"type":"source","id":"src:1","title":""}'),
  },
  {
    id: "schema-min-items",
    category: "structure",
    defaultSeverity: "error",
    title: "An array has fewer items than required",
    description:
      "A person needs at least one name; omit optional arrays rather than writing them empty where a minimum applies.",
    schemaVersions: V1,
    validExample: ds(
      '{"type":"person","id":"p:1","names":[{"value":"Sergey Lavrov","lang":"en"}]}',
    ),
    invalidExample: ds('{"type":"person","id":"p:1","names":[]}'),
  },
  {
    id: "schema-range",
    category: "structure",
    defaultSeverity: "error",
    title: "A number is out of range",
    description:
      "Latitudes lie in [-90, 90], longitudes in [-180, 180]; ordinals are positive (a fraction is a schema-type finding).",
    schemaVersions: V1,
    validExample: ds(
      '{"type":"event","id":"ev:1","kind":"meeting","location":{"coordinates":{"latitude":55.75,"longitude":37.62}}}',
    ),
    invalidExample: ds(
      '{"type":"event","id":"ev:1","kind":"meeting","location":{"coordinates":{"latitude":155.75,"longitude":37.62}}}',
    ),
  },
  {
    id: "schema-format",
    category: "structure",
    defaultSeverity: "error",
    title: "A URL or a date is malformed",
    description: "URLs must be absolute; dataset `created` dates are YYYY-MM-DD.",
    schemaVersions: V1,
    validExample: ds('{"type":"source","id":"src:1","url":"https://mid.ru/en/"}'),
    invalidExample: ds('{"type":"source","id":"src:1","url":"mid.ru/en"}'),
  },
  {
    id: "schema-enum",
    category: "codelist",
    defaultSeverity: "error",
    title: "A value is not in the field's code list",
    description:
      "Event kinds, modes, topics, sides, certainties and the other code lists of the standard are controlled vocabularies, so that datasets can be compared. The closest code is suggested ('did you mean'). Free keywords go in `tags`.",
    schemaVersions: V1,
    validExample: ds('{"type":"event","id":"ev:1","kind":"meeting","topics":["trade"]}'),
    invalidExample: ds('{"type":"event","id":"ev:1","kind":"meting","topics":["trades"]}'),
  },
  {
    id: "country-code-unknown",
    category: "codelist",
    defaultSeverity: "error",
    title:
      "A country code has the right shape but is not an ISO 3166-1 alpha-3 (or ISO 3166-3 historical) code",
    description:
      "Country codes are upper-case alpha-3 ('RUS', 'KAZ'), or a former code such as 'SUN' for events of countries that no longer exist. Near misses get a suggestion; codes of the wrong shape ('RU', 'rus') are schema-pattern findings, also with a suggestion.",
    schemaVersions: V1,
    validExample: ds('{"type":"event","id":"ev:1","kind":"meeting","location":{"country":"RUS"}}'),
    invalidExample: ds(
      '{"type":"event","id":"ev:1","kind":"meeting","location":{"country":"XYZ"}}',
    ),
  },
  {
    id: "date-impossible",
    category: "structure",
    defaultSeverity: "error",
    title: "A date has the right shape but does not exist",
    description:
      "2022-02-30 or 2023-02-29 match YYYY-MM-DD but are not days. JSON Schema cannot say this; the standard's model can, and so does the validator.",
    schemaVersions: V1,
    validExample: ds('{"type":"event","id":"ev:1","kind":"meeting","date":{"value":"2024-02-29"}}'),
    invalidExample: ds(
      '{"type":"event","id":"ev:1","kind":"meeting","date":{"value":"2022-02-30"}}',
    ),
  },
  {
    id: "id-duplicate",
    category: "dataset",
    defaultSeverity: "error",
    title: "Two records have the same id",
    description:
      "Ids identify records within a dataset; references to a duplicated id are ambiguous. The finding points at the later record and names the line of the first.",
    schemaVersions: V1,
    validExample: ds(SRC),
    invalidExample: ds(SRC, '{"type":"source","id":"src:1","kind":"broadcast"}'),
  },
  {
    id: "ref-dangling",
    category: "dataset",
    defaultSeverity: "error",
    title: "A reference names an id that no record of the dataset has",
    description:
      "References (citations' sources, participants' persons, quotes' speakers…) must resolve within the dataset, so that the data can be followed. A close existing id of the right type is suggested.",
    schemaVersions: V1,
    validExample: ds(SRC, EV),
    invalidExample: ds(EV),
  },
  {
    id: "ref-wrong-type",
    category: "dataset",
    defaultSeverity: "error",
    title: "A reference resolves to a record of the wrong type",
    description:
      "A citation's `source` must name a source record, a participant's `person` a person record, and so on.",
    schemaVersions: V1,
    validExample: ds(SRC, EV),
    invalidExample: ds(
      SRC,
      EV,
      '{"type":"event","id":"ev:2","kind":"meeting","citations":[{"source":"ev:1","certainty":"reported"}]}',
    ),
  },
  {
    id: "event-end-before-start",
    category: "dataset",
    defaultSeverity: "error",
    title: "An event ends before it starts",
    description:
      "`endDate` is the last day of a multi-day event and cannot come before `date`. Partial dates are compared at their common precision: 2022-11 does not end before 2022-11-17.",
    schemaVersions: V1,
    validExample: ds(
      '{"type":"event","id":"ev:1","kind":"summit","date":{"value":"2022-10-13"},"endDate":{"value":"2022-10-14"}}',
    ),
    invalidExample: ds(
      '{"type":"event","id":"ev:1","kind":"summit","date":{"value":"2022-10-14"},"endDate":{"value":"2022-10-13"}}',
    ),
  },
  {
    id: "period-end-before-start",
    category: "dataset",
    defaultSeverity: "error",
    title: "A position, a membership or an event's date bounds end before they start",
    description:
      "A position's `end` cannot precede its `start`, nor a membership's `until` its `since`, nor (since 1.1) an event's `notAfter` its `notBefore`: such bounds leave no day for the event.",
    schemaVersions: V1,
    validExample: ds(
      '{"type":"person","id":"p:1","names":[{"value":"Sergey Lavrov"}],"positions":[{"title":"Minister of Foreign Affairs","start":{"value":"2004-03-09"}}]}',
    ),
    invalidExample: ds(
      '{"type":"person","id":"p:1","names":[{"value":"Sergey Lavrov"}],"positions":[{"title":"Minister of Foreign Affairs","start":{"value":"2004"},"end":{"value":"2003"}}]}',
    ),
  },
  {
    id: "source-published-before-event",
    category: "dataset",
    defaultSeverity: "error",
    title: "An event cites a source published before the event took place",
    description:
      "A source cannot report an event that had not happened yet; usually one of the two dates has a wrong year (often an inferred one). Partial dates count only when they are certainly in the wrong order.",
    schemaVersions: V1,
    validExample: ds(SRC, EV),
    invalidExample: ds('{"type":"source","id":"src:1","published":{"value":"2021-11-18"}}', EV),
  },
  {
    id: "quote-insertion-not-found",
    category: "dataset",
    defaultSeverity: "error",
    title: "An editorial insertion does not occur in the quote's text",
    description:
      "Insertions are located by their text (and `occurrence`), so that removing them recovers the words as spoken. An insertion whose text is not in the quote (often the brackets were dropped from `text`) cannot be located.",
    schemaVersions: V1,
    validExample: ds(
      '{"type":"person","id":"p:1","names":[{"value":"Sergey Lavrov"}]}',
      '{"type":"quote","id":"q:1","text":"These attempts against [Russia] are futile.","lang":"en","kind":"direct","speaker":{"person":"p:1"},"insertions":[{"text":"[Russia]"}]}',
    ),
    invalidExample: ds(
      '{"type":"quote","id":"q:1","text":"These attempts are futile.","lang":"en","kind":"direct","speaker":{"unresolved":{"name":"Sergey Lavrov"}},"insertions":[{"text":"[Russia]"}]}',
    ),
  },
  {
    id: "quote-speaker-unresolved",
    category: "dataset",
    defaultSeverity: "info",
    title: "A quote's speaker is known only by name or description",
    description:
      "Legitimate when the source does not identify the speaker ('an ambassador said'), but worth linking to a person record when it can be done: unresolved speakers cannot be followed across quotes.",
    schemaVersions: V1,
    validExample: ds(
      '{"type":"person","id":"p:1","names":[{"value":"Sergey Lavrov"}]}',
      '{"type":"quote","id":"q:1","text":"We agreed.","lang":"en","kind":"direct","speaker":{"person":"p:1"}}',
    ),
    invalidExample: ds(
      '{"type":"quote","id":"q:1","text":"We agreed.","lang":"en","kind":"direct","speaker":{"unresolved":{"name":"S. Lavrov"}}}',
    ),
  },
  {
    id: "format-members-participants",
    category: "dataset",
    defaultSeverity: "warning",
    title: "An event held in a format has participants from outside the format's members",
    description:
      "When an event is `held-in` a format whose members are listed, a participant representing a country that is not a member suggests a wrong format link or an incomplete member list. Guests do happen, hence a warning.",
    schemaVersions: V1,
    validExample: ds(
      '{"type":"format","id":"fmt:1","name":"Central Asia + Russia","kind":"named-format","members":[{"country":"RUS"},{"country":"KAZ"}]}',
      '{"type":"event","id":"ev:1","kind":"meeting","formats":[{"format":"fmt:1","link":"held-in"}],"participants":[{"unresolved":{"description":"the ambassador"},"represents":{"country":"KAZ"}}]}',
    ),
    invalidExample: ds(
      '{"type":"format","id":"fmt:1","name":"Central Asia + Russia","kind":"named-format","members":[{"country":"RUS"},{"country":"KAZ"}]}',
      '{"type":"event","id":"ev:1","kind":"meeting","formats":[{"format":"fmt:1","link":"held-in"}],"participants":[{"unresolved":{"description":"the ambassador"},"represents":{"country":"FRA"}}]}',
    ),
  },
  // --- added with standard 1.2 (issue #14: what 1.1 let through) -------------------------------
  {
    id: "date-outside-bounds",
    category: "dataset",
    defaultSeverity: "error",
    title: "A date lies outside the record's own notBefore/notAfter bounds",
    description:
      "An event's `date` (a quote's `saidOn`, a source's `published`) cannot be before its own `notBefore` or after its own `notAfter`, nor can an event's `endDate` end after its `notAfter`: one of them is wrong, often an inferred year. Partial dates count only when they are certainly outside. An error wherever the bounds exist (events since 1.1, quotes and sources since 1.2): the record contradicts itself in its own version's terms.",
    schemaVersions: V1,
    validExample: ds12(
      '{"type":"event","id":"ev:1","kind":"meeting","date":{"value":"2022-11-10"},"notAfter":{"value":"2022-11-12"}}',
      '{"type":"event","id":"ev:2","kind":"summit","date":{"value":"2022-11-10"},"endDate":{"value":"2022-11-12"},"notAfter":{"value":"2022-11-12"}}',
    ),
    invalidExample: ds12(
      '{"type":"event","id":"ev:1","kind":"meeting","date":{"value":"2022-11-17"},"notAfter":{"value":"2022-11-12"}}',
      '{"type":"event","id":"ev:2","kind":"summit","date":{"value":"2022-11-10"},"endDate":{"value":"2022-11-14"},"notAfter":{"value":"2022-11-12"}}',
    ),
  },
  {
    id: "date-inferred-finer-than-precision",
    category: "dataset",
    defaultSeverity: "error",
    defaultSeveritySince: "1.2",
    title: "A date marks as inferred a part it does not have",
    description:
      "`inferred: [\"day\"]` on '2022' or '2022-11' says a day was inferred that the date does not give: either the value lost its day or the wrong part is marked. Warning on 1.0 and 1.1 datasets, error from 1.2.",
    schemaVersions: V1,
    validExample: ds12(
      '{"type":"event","id":"ev:1","kind":"meeting","date":{"value":"2022-11","inferred":["year"]}}',
    ),
    invalidExample: ds12(
      '{"type":"event","id":"ev:1","kind":"meeting","date":{"value":"2022","inferred":["day"]}}',
    ),
  },
  {
    id: "event-end-without-start",
    category: "dataset",
    defaultSeverity: "error",
    defaultSeveritySince: "1.2",
    title: "An event has an endDate but no date",
    description:
      "`endDate` is the last day of an event that starts on `date`; without `date` nothing says when it started, and readers that sort by `date` lose the event. Give the start, or bound it with `notBefore`. Warning on 1.0 and 1.1 datasets, error from 1.2.",
    schemaVersions: V1,
    validExample: ds12(
      '{"type":"event","id":"ev:1","kind":"summit","date":{"value":"2022-10-13"},"endDate":{"value":"2022-10-14"}}',
    ),
    invalidExample: ds12(
      '{"type":"event","id":"ev:1","kind":"summit","endDate":{"value":"2022-10-14"}}',
    ),
  },
  {
    id: "participant-duplicate",
    category: "dataset",
    defaultSeverity: "error",
    defaultSeveritySince: "1.2",
    title: "The same person or organization takes part twice in one event",
    description:
      "Each participant is listed once, with one role and side; a second entry double-counts them in every query by participant. Merge the two entries. Warning on 1.0 and 1.1 datasets, error from 1.2.",
    schemaVersions: V1,
    validExample: ds12(
      P,
      '{"type":"event","id":"ev:1","kind":"meeting","participants":[{"person":"p:1","side":"host"}]}',
    ),
    invalidExample: ds12(
      P,
      '{"type":"event","id":"ev:1","kind":"meeting","participants":[{"person":"p:1","side":"host"},{"person":"p:1","role":"Minister"}]}',
    ),
  },
  {
    id: "self-reference",
    category: "dataset",
    defaultSeverity: "error",
    defaultSeveritySince: "1.2",
    title: "A record points at itself where that cannot be meant",
    description:
      "An event related to itself, a quote that renders itself, a source that reports (cites, derives from…) itself, an organization that is its own parent, a citation whose `via` is its own `source`: each is a copy-paste slip of an id. Warning on 1.0 and 1.1 datasets, error from 1.2.",
    schemaVersions: V1,
    validExample: ds12(
      '{"type":"organization","id":"org:1","names":[{"value":"Tajik Foreign Ministry"}],"kind":"ministry"}',
      '{"type":"organization","id":"org:2","names":[{"value":"Information Department"}],"kind":"government-body","parent":"org:1"}',
    ),
    invalidExample: ds12(
      '{"type":"organization","id":"org:2","names":[{"value":"Information Department"}],"kind":"government-body","parent":"org:2"}',
    ),
  },
  {
    id: "reference-cycle",
    category: "dataset",
    defaultSeverity: "error",
    defaultSeveritySince: "1.2",
    title: "Sources report each other in a cycle, or organizations are each other's parent",
    description:
      "The chain of reporting runs from later sources to earlier ones, so A reporting B reporting A (at any length) means one link points the wrong way; an organization that is its own ancestor has no place in a hierarchy. Reported once per cycle, at the link that closes it in input order. Warning on 1.0 and 1.1 datasets, error from 1.2.",
    schemaVersions: V1,
    validExample: ds12(
      '{"type":"source","id":"src:a","reports":[{"source":"src:b","relation":"cites"}]}',
      '{"type":"source","id":"src:b"}',
    ),
    invalidExample: ds12(
      '{"type":"source","id":"src:a","reports":[{"source":"src:b","relation":"cites"}]}',
      '{"type":"source","id":"src:b","reports":[{"source":"src:a","relation":"cites"}]}',
    ),
  },
  {
    id: "quote-original-lang-same",
    category: "dataset",
    defaultSeverity: "warning",
    title: "A quote's originalLang is the same as its lang",
    description:
      "`originalLang` says the words were spoken in another language than `text` is in; the same language twice says nothing, and usually one of the two is wrong (an English text tagged with the speaker's language). Omit `originalLang` when the words are quoted in the language they were spoken in.",
    schemaVersions: V1,
    validExample: ds12(
      P,
      '{"type":"quote","id":"q:1","text":"These attempts are futile.","lang":"en","originalLang":"ru","kind":"direct","speaker":{"person":"p:1"}}',
    ),
    invalidExample: ds12(
      P,
      '{"type":"quote","id":"q:1","text":"These attempts are futile.","lang":"en","originalLang":"en","kind":"direct","speaker":{"person":"p:1"}}',
    ),
  },
  {
    id: "outcome-attributed-to-non-participant",
    category: "dataset",
    defaultSeverity: "warning",
    title: "An outcome is attributed to someone who is not a participant of its event",
    description:
      "An outcome's `attributedTo` names who holds or states it at the event; a person, organization, post or country that no participant is (or represents) is usually a missing participant or an outcome attached to the wrong event. Events without participants are not checked. A warning: a government can state a position on an event it did not attend.",
    schemaVersions: V1,
    validExample: ds12(
      P,
      '{"type":"event","id":"ev:1","kind":"meeting","participants":[{"person":"p:1"}],"outcomes":[{"text":"He welcomed the talks.","kind":"stance","attributedTo":[{"person":"p:1"}]}]}',
    ),
    invalidExample: ds12(
      P,
      '{"type":"person","id":"p:2","names":[{"value":"Pavel Zarubin"}]}',
      '{"type":"event","id":"ev:1","kind":"meeting","participants":[{"person":"p:1"}],"outcomes":[{"text":"He welcomed the talks.","kind":"stance","attributedTo":[{"person":"p:2"}]}]}',
    ),
  },
  {
    id: "quote-rendering-kind-mismatch",
    category: "dataset",
    defaultSeverity: "warning",
    title: "A quote's kind contradicts how it renders another quote",
    description:
      "A quote that is a `paraphrase` rendering of another is a paraphrase itself, and a `direct` or `indirect` quote renders the other's words (a `variant`), it does not summarise them: since 1.2, indirect speech gives back the words when person and tense are undone, and anything looser is a paraphrase. Translations may be of any kind.",
    schemaVersions: V1,
    validExample: ds12(
      P,
      '{"type":"quote","id":"q:1","text":"These attempts are futile.","lang":"en","kind":"direct","speaker":{"person":"p:1"}}',
      '{"type":"quote","id":"q:2","text":"the bloc was failing","lang":"en","kind":"paraphrase","speaker":{"person":"p:1"},"rendering":{"of":"q:1","kind":"paraphrase"}}',
    ),
    invalidExample: ds12(
      P,
      '{"type":"quote","id":"q:1","text":"These attempts are futile.","lang":"en","kind":"direct","speaker":{"person":"p:1"}}',
      '{"type":"quote","id":"q:2","text":"the bloc was failing","lang":"en","kind":"indirect","speaker":{"person":"p:1"},"rendering":{"of":"q:1","kind":"paraphrase"}}',
    ),
  },
  {
    id: "codes-not-in-codings",
    category: "dataset",
    defaultSeverity: "warning",
    title: "A record's codes are missing from its codings",
    description:
      "Since 1.2 `codings` holds every CAMEO and PLOVER code of a record; a record that also keeps 1.0's single-valued `codes` (for older readers) repeats them there. A code only in `codes` is invisible to readers of `codings`.",
    schemaVersions: V1,
    validExample: ds12(
      '{"type":"event","id":"ev:1","kind":"meeting","codes":{"cameo":"040"},"codings":[{"scheme":"cameo","code":"040"},{"scheme":"cameo","code":"043"}]}',
    ),
    invalidExample: ds12(
      '{"type":"event","id":"ev:1","kind":"meeting","codes":{"cameo":"040"},"codings":[{"scheme":"cameo","code":"043"}]}',
    ),
  },
] as const satisfies readonly RuleDefinition[];

/** The id of a rule of the catalogue. */
export type RuleId = (typeof CATALOGUE)[number]["id"];

export const RULES: readonly RuleDefinition<RuleId>[] = CATALOGUE;

function hex(text: string): string {
  let out = "";
  for (const byte of new TextEncoder().encode(text)) out += byte.toString(16).padStart(2, "0");
  return out;
}

const RULES_BY_ID: ReadonlyMap<string, RuleDefinition> = new Map(
  RULES.map((rule) => [rule.id, rule]),
);

/** The catalogue entry of a rule, or undefined. */
export function getRule(id: string): RuleDefinition | undefined {
  return RULES_BY_ID.get(id);
}

/** Problems of a rules config (unknown ids, bad settings), as messages; empty when it is fine. */
export function validateRulesConfig(config: unknown): string[] {
  if (config === undefined) return [];
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    return ["`rules` must be an object mapping rule ids to 'off', 'error', 'warning' or 'info'"];
  }
  const problems: string[] = [];
  for (const [id, setting] of Object.entries(config)) {
    if (!RULES_BY_ID.has(id)) {
      const near = didYouMean(id, RULES_BY_ID.keys());
      problems.push(`unknown rule '${id}'${near ? ` (did you mean '${near}'?)` : ""}`);
      continue;
    }
    const severity =
      typeof setting === "object" && setting !== null
        ? (setting as { severity?: unknown }).severity
        : setting;
    if (!["off", "error", "warning", "info"].includes(severity as string)) {
      problems.push(`rule '${id}': setting must be 'off', 'error', 'warning' or 'info'`);
    }
  }
  return problems;
}

/**
 * Effective severity of every rule under a config; absent = off. With `version` (the dataset's
 * declared version), a rule newer than that version reports a warning unless configured.
 */
export function resolveSeverities(
  config: RulesConfig | undefined,
  version?: string | null,
): Map<string, Severity> {
  const out = new Map<string, Severity>();
  for (const rule of RULES) {
    const setting: RuleSetting | undefined = config?.[rule.id];
    const level =
      setting === undefined
        ? defaultSeverityFor(rule, version)
        : typeof setting === "object"
          ? setting.severity
          : setting;
    if (level !== "off") out.set(rule.id, level);
  }
  return out;
}

/** A rule's default severity on a dataset of `version` (see `defaultSeveritySince`). */
export function defaultSeverityFor(rule: RuleDefinition, version?: string | null): Severity {
  const since = rule.defaultSeveritySince;
  if (since === undefined || !version || !/^\d+\.\d+$/.test(version)) return rule.defaultSeverity;
  return compareSchemaVersions(version, since) < 0 ? "warning" : rule.defaultSeverity;
}
