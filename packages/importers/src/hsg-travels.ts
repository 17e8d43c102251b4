import type { DatasetHeader, Event, Format, ParleyRecord, Person, Source } from "@parley/schema";
import { SCHEMA_VERSION } from "@parley/schema";
import { SaxesParser } from "saxes";
import {
  createRun,
  type ImportContext,
  ImportError,
  type ImportInput,
  type ImportOptions,
  type ImportRun,
  inputName,
  textChunks,
} from "./run";
import { surname } from "./titles";
import {
  baseName,
  collapseWhitespace,
  dayDate,
  makeId,
  mapCountry,
  tryCountry,
  type Where,
} from "./util";

/**
 * HistoryAtState travels (github.com/HistoryAtState/travels): one XML file per traveller, root
 * `<trips>`, one `<trip>` per country stop. Each trip becomes a visit event; each traveller a
 * person; the remarks a cited outcome; summit names in the remarks formats (see SUMMIT_FORMATS).
 */

export const HSG_TRAVELS_SOURCE_ID = "hsg-travels:dataset";

export const hsgTravelsHeader: DatasetHeader = {
  type: "dataset",
  schemaVersion: SCHEMA_VERSION,
  title:
    "Travels abroad of the U.S. Presidents and Secretaries of State (imported from HistoryAtState/travels)",
  publisher: "U.S. Department of State, Office of the Historian",
  license: "CC0-1.0",
};

/** The role as a title before a surname: "President Obama", "Secretary Seward". */
const ROLE_SHORT: Record<string, string> = { president: "President", secretary: "Secretary" };

/** The travel-role code table (code-tables/travel-role-codes.xml): code → role title. */
const ROLE_TITLES: Record<string, string> = {
  president: "President",
  secretary: "Secretary of State",
};

/**
 * Summit names that identify a format unambiguously. A remark links the format only when one
 * of these patterns matches literally; a "summit" the table does not cover ("Attended the
 * Summit", "Economic Summit") is not guessed at but reported as `summit-not-identified`.
 */
export const SUMMIT_FORMATS: readonly {
  key: string;
  name: string;
  kind: Format["kind"];
  pattern: RegExp;
}[] = [
  { key: "nato", name: "NATO", kind: "institutional-framework", pattern: summitOf("NATO") },
  {
    key: "nato-russia",
    name: "NATO-Russia Council",
    kind: "institutional-framework",
    pattern: summitOf("NATO-Russia"),
  },
  { key: "g7", name: "G7", kind: "named-format", pattern: summitOf("G-?7") },
  { key: "g8", name: "G8", kind: "named-format", pattern: summitOf("G-?8") },
  { key: "g20", name: "G20", kind: "named-format", pattern: summitOf("G-?20") },
  { key: "apec", name: "APEC", kind: "institutional-framework", pattern: summitOf("APEC") },
  { key: "csce", name: "CSCE", kind: "institutional-framework", pattern: summitOf("CSCE") },
  {
    key: "osce",
    name: "OSCE",
    kind: "institutional-framework",
    pattern: summitOf("OSCE|Organization for Security and Cooperation in Europe"),
  },
  {
    key: "east-asia-summit",
    name: "East Asia Summit",
    kind: "named-format",
    pattern: summitOf("East Asian?"),
  },
  {
    key: "us-asean",
    name: "U.S.-ASEAN Summit",
    kind: "named-format",
    pattern: summitOf("U\\.S\\.-ASEAN"),
  },
  {
    key: "asean",
    name: "ASEAN",
    kind: "institutional-framework",
    pattern: summitOf("(?<!U\\.S\\.-)ASEAN"),
  },
  {
    key: "us-eu",
    name: "U.S.-EU Summit",
    kind: "bilateral",
    pattern: summitOf("U\\.S\\.-(?:EU|European Union)|EU-U\\.?S\\.?"),
  },
  {
    key: "north-american-leaders",
    name: "North American Leaders’ Summit",
    kind: "named-format",
    pattern: summitOf("North American"),
  },
  { key: "quad", name: "Quad", kind: "named-format", pattern: summitOf("Quad") },
  {
    key: "us-nordic",
    name: "U.S.-Nordic Leaders’ Summit",
    kind: "named-format",
    pattern: summitOf("U\\.S\\.-Nordic"),
  },
  {
    key: "three-seas",
    name: "Three Seas Initiative",
    kind: "named-format",
    pattern: summitOf("Three Seas"),
  },
  {
    key: "summit-of-the-americas",
    name: "Summit of the Americas",
    kind: "named-format",
    pattern: /\bSummit of the Americas\b/g,
  },
  {
    key: "gcc",
    name: "Gulf Cooperation Council",
    kind: "institutional-framework",
    pattern:
      /\bSummit of the Gulf Cooperation Council\b|\b(?:GCC|Gulf Cooperation Council) Summits?\b/g,
  },
];

/** "<name> Summit", allowing the qualifiers the data uses: "G-8 Economic Summit", "G20 Leader's Summit", "East Asia Summits". */
function summitOf(name: string): RegExp {
  return new RegExp(
    `\\b(?:${name}) (?:Economic |Extraordinary |Leader[’']?s[’']? )?Summits?\\b`,
    "g",
  );
}

/** The formats a remark names, and how many of its "summit" mentions stayed unidentified. */
export function summitFormatsIn(remarks: string): { keys: string[]; unidentified: number } {
  const keys: string[] = [];
  let identified = 0;
  for (const format of SUMMIT_FORMATS) {
    const hits = remarks.match(format.pattern)?.length ?? 0;
    if (hits > 0) {
      keys.push(format.key);
      identified += hits;
    }
  }
  const mentions = remarks.match(/summit/gi)?.length ?? 0;
  return { keys, unidentified: Math.max(0, mentions - identified) };
}

interface Trip {
  attributes: Record<string, string>;
  fields: Map<string, string>;
  countryId?: string;
  line: number;
}

/** Fields of `<trip>` that the mapping uses; every other child element goes to `extensions`. */
const MAPPED_FIELDS = new Set([
  "id",
  "role",
  "name",
  "start-date",
  "end-date",
  "country",
  "locale",
  "remarks",
]);

export function importHistoryAtState(
  inputs: readonly ImportInput[],
  options?: ImportOptions,
): ImportRun {
  return createRun("hsg-travels", options, async function* (context) {
    yield datasetSource();
    const persons = new Map<string, string>();
    const formats = new Set<string>();
    const seenTrips = new Map<string, string>();
    for (const input of inputs) {
      for await (const trip of readTrips(input, context)) {
        context.summary.read();
        const records = mapTrip(context, inputName(input), trip, persons, formats, seenTrips);
        if (records.length === 0) continue;
        context.summary.imported();
        yield* records;
      }
    }
  });
}

function datasetSource(): Source {
  return {
    type: "source",
    id: HSG_TRAVELS_SOURCE_ID,
    kind: "dataset",
    title: "Travels of the President and the Secretary of State",
    titleLang: "en",
    publisher: { name: "U.S. Department of State, Office of the Historian" },
    url: "https://history.state.gov/departmenthistory/travels",
    lang: "en",
    extensions: { "hsg:repository": "https://github.com/HistoryAtState/travels" },
  };
}

/** Streams the `<trip>` elements of one traveller file. */
async function* readTrips(input: ImportInput, context: ImportContext): AsyncGenerator<Trip> {
  const file = inputName(input);
  const parser = new SaxesParser({ position: true });
  const done: Trip[] = [];
  let trip: Trip | undefined;
  let field: string | undefined;
  let text = "";
  let failure: Error | undefined;
  // A travels file is `<trips>`; anything else (the visits data's `<visits>`) is another source.
  let root: string | undefined;
  parser.on("error", (error) => {
    failure ??= new ImportError(
      file,
      `${parser.line}:${parser.column}`,
      `XML is not well-formed: ${error.message}`,
    );
  });
  parser.on("opentag", (tag) => {
    root ??= tag.name;
    if (root !== "trips") return;
    if (tag.name === "trip") {
      const attributes: Record<string, string> = {};
      for (const [name, value] of Object.entries(tag.attributes)) attributes[name] = String(value);
      trip = { attributes, fields: new Map(), line: parser.line };
    } else if (trip) {
      field = tag.name;
      text = "";
      if (tag.name === "country" && typeof tag.attributes.id === "string")
        trip.countryId = tag.attributes.id;
    }
  });
  parser.on("text", (chunk) => {
    if (field) text += chunk;
  });
  parser.on("closetag", (tag) => {
    if (tag.name === "trip" && trip) {
      done.push(trip);
      trip = undefined;
    } else if (trip && field === tag.name) {
      trip.fields.set(field, text);
      field = undefined;
    }
  });
  for await (const chunk of textChunks(input)) {
    parser.write(chunk);
    if (failure) throw failure;
    if (root !== undefined && root !== "trips") {
      context.summary.skipFile(file, `its root element is <${root}>, not <trips>`);
      return;
    }
    yield* done.splice(0);
  }
  parser.close();
  if (failure) throw failure;
  yield* done.splice(0);
}

function mapTrip(
  context: ImportContext,
  file: string,
  trip: Trip,
  persons: Map<string, string>,
  formats: Set<string>,
  seenTrips: Map<string, string>,
): ParleyRecord[] {
  const { summary } = context;
  const tripId = trip.fields.get("id")?.trim();
  const where: Where = { file, line: trip.line, ...(tripId ? { sourceId: tripId } : {}) };
  if (!tripId) {
    summary.skip("trip without an <id>");
    summary.warn({
      code: "trip-without-id",
      message: "a <trip> has no <id>; not imported",
      ...where,
    });
    return [];
  }
  const records: ParleyRecord[] = [];
  const extensions: Record<string, unknown> = { "hsg:id": tripId };

  // The traveller: a person record the first time a `who` slug is seen.
  const who = trip.attributes.who?.trim();
  const name = collapseWhitespace(trip.fields.get("name") ?? "");
  const roleCode = (trip.fields.get("role") ?? trip.attributes.role ?? "").trim();
  const roleTitle = ROLE_TITLES[roleCode];
  if (roleCode && !roleTitle) {
    summary.warn({
      code: "role-unknown",
      message: `role '${roleCode}' is not in the travel-role code table`,
      ...where,
    });
    extensions["hsg:role"] = roleCode;
  }
  let personId: string | undefined;
  if (who) {
    personId = makeId("hsg-travels", "person", who);
    const known = persons.get(who);
    if (known === undefined && name) {
      persons.set(who, name);
      const person: Person = {
        type: "person",
        id: personId,
        names: [{ value: name, lang: "en" }],
        ...(roleTitle ? { positions: [{ title: roleTitle, country: "USA" }] } : {}),
        identifiers: { other: [{ scheme: "hsg", value: who }] },
        citations: [
          { source: HSG_TRAVELS_SOURCE_ID, locator: baseName(file), certainty: "reported" },
        ],
      };
      records.push(person);
    } else if (known === undefined) {
      summary.warn({
        code: "traveller-without-name",
        message: `traveller '${who}' has no <name>`,
        ...where,
      });
      personId = undefined;
    } else if (known !== name && name) {
      summary.warn({
        code: "traveller-name-varies",
        message: `traveller '${who}' is named '${name}' here and '${known}' earlier`,
        ...where,
      });
      extensions["hsg:name"] = name;
    }
  } else {
    summary.unresolved("traveller without a who slug");
  }

  const start = dayDate(context, trip.fields.get("start-date"), where, "start-date");
  const end = dayDate(context, trip.fields.get("end-date"), where, "end-date");
  if (start && end && end.value < start.value) {
    summary.warn({
      code: "end-before-start",
      message: `trip ${tripId} ends (${end.value}) before it starts (${start.value})`,
      ...where,
    });
  }

  // Country: the label first (it names the country as it was: "U.S.S.R."), then the id slug.
  const label = collapseWhitespace(trip.fields.get("country") ?? "");
  const byLabel = tryCountry(context, label);
  const byId = trip.countryId ? tryCountry(context, trip.countryId.replace(/-/g, " ")) : undefined;
  let country = byLabel ?? byId;
  if (label) extensions["hsg:country"] = label;
  if (trip.countryId) extensions["hsg:country-id"] = trip.countryId;
  if (!byLabel && byId) {
    summary.warn({
      code: "country-from-id",
      message: `country label '${label}' not recognised; code taken from id '${trip.countryId}'`,
      ...where,
    });
  } else if (byLabel && byId && byLabel !== byId) {
    summary.warn({
      code: "country-label-id-mismatch",
      message: `country label '${label}' is ${byLabel} but id '${trip.countryId}' is ${byId}; the label is kept`,
      ...where,
    });
  } else if (!country && (label || trip.countryId)) {
    country = mapCountry(context, label || trip.countryId, where, "country");
  }
  const locale = collapseWhitespace(trip.fields.get("locale") ?? "");
  if (!locale) summary.note("trips without a locale");

  // Remarks: a cited outcome, and the formats of the summits they name.
  const remarks = collapseWhitespace(trip.fields.get("remarks") ?? "");
  const formatLinks: NonNullable<Event["formats"]> = [];
  if (remarks) {
    const found = summitFormatsIn(remarks);
    for (const key of found.keys) {
      const spec = SUMMIT_FORMATS.find((format) => format.key === key);
      if (!spec) continue;
      const formatId = makeId("hsg-travels", "format", key);
      if (!formats.has(key)) {
        formats.add(key);
        const format: Format = { type: "format", id: formatId, name: spec.name, kind: spec.kind };
        records.push(format);
      }
      formatLinks.push({ format: formatId, link: "held-in" });
    }
    if (found.unidentified > 0) {
      summary.warn({
        code: "summit-not-identified",
        message: `remarks mention a summit that names no known format: "${remarks}"`,
        ...where,
      });
    }
  }

  for (const [key, value] of trip.fields) {
    if (MAPPED_FIELDS.has(key)) continue;
    const kept = value.trim();
    if (kept) extensions[`hsg:${key}`] = kept;
    else summary.note(`empty <${key}/>`);
  }

  const citation = {
    source: HSG_TRAVELS_SOURCE_ID,
    locator: `${baseName(file)}, trip ${tripId}`,
    certainty: "reported" as const,
  };
  // "Secretary Seward visits the Danish West Indies": the role, the surname, the place as labelled.
  const place = label || locale;
  const traveller = name
    ? [ROLE_SHORT[roleCode], surname(name)].filter(Boolean).join(" ")
    : undefined;
  const title = traveller && place ? `${traveller} visits ${place}` : undefined;
  const event: Event = {
    type: "event",
    id: makeId("hsg-travels", "trip", tripId),
    kind: "visit",
    ...(title ? { title } : {}),
    ...(start ? { date: start } : {}),
    ...(end ? { endDate: end } : {}),
    ...(locale || country
      ? { location: { ...(locale ? { name: locale } : {}), ...(country ? { country } : {}) } }
      : {}),
    ...(personId
      ? {
          participants: [
            {
              person: personId,
              ...(roleTitle ? { role: roleTitle } : {}),
              side: "guest" as const,
              represents: { country: "USA" },
            },
          ],
        }
      : {}),
    ...(formatLinks.length > 0 ? { formats: formatLinks } : {}),
    ...(remarks
      ? {
          outcomes: [
            {
              text: remarks,
              kind: "other" as const,
              citations: [{ ...citation, excerpt: remarks }],
            },
          ],
        }
      : {}),
    citations: [citation],
    extensions,
  };

  // Exact duplicates under different ids (3992≡4019 in the sample) are imported, and flagged.
  const duplicateKey = JSON.stringify([
    who,
    start?.value,
    end?.value,
    trip.countryId,
    label,
    locale,
    remarks,
  ]);
  const earlier = seenTrips.get(duplicateKey);
  if (earlier !== undefined) {
    summary.warn({
      code: "duplicate-trip",
      message: `trip ${tripId} repeats trip ${earlier} field for field`,
      ...where,
    });
    extensions["hsg:duplicate-of"] = earlier;
  } else {
    seenTrips.set(duplicateKey, tripId);
  }
  records.push(event);
  return records;
}
