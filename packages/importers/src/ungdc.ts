import type { DatasetHeader, Event, Format, Quote, Source } from "@parley/schema";
import { SCHEMA_VERSION } from "@parley/schema";
import { csvRows } from "./csv";
import {
  createRun,
  type ImportContext,
  ImportError,
  type ImportInput,
  type ImportOptions,
  type ImportRun,
  inputName,
  readText,
  textChunks,
} from "./run";
import type { Participant } from "./types";
import { baseName, collapseWhitespace, makeId, mapCountry, tryCountry, type Where } from "./util";

/**
 * UN General Debate Corpus (UNGDC, Harvard Dataverse doi:10.7910/DVN/0TJX8Y): the speakers table
 * (one row per country per session) and, optionally, speech transcripts named
 * `ISO_SESSION_YEAR.txt`. Each session becomes one multilateral event, each speaker a
 * participant representing their country, each speech a transcript source.
 */

export const ungdcHeader: DatasetHeader = {
  type: "dataset",
  schemaVersion: SCHEMA_VERSION,
  title: "UN General Debate speakers and speeches (imported from the UN General Debate Corpus)",
  publisher:
    "Jankin, Baturo & Dasandi, UN General Debate Corpus (Harvard Dataverse doi:10.7910/DVN/0TJX8Y)",
  license: "CC0-1.0",
};

export const UNGDC_DATASET_SOURCE_ID = "ungdc:dataset";
export const UNGDC_FORMAT_ID = "ungdc:format:unga";

export const SPEECH_FILE_PATTERN = /^([A-Z]{2,4})_(\d{1,3})_(\d{4})\.txt$/;

export interface UngdcInputs {
  /** The speakers table, `Speakers_by_session.csv` (the CSV export of the corpus's xlsx). */
  speakers: ImportInput;
  /** Speech transcripts named `ISO_SESSION_YEAR.txt`. */
  speeches?: readonly ImportInput[];
}

export interface UngdcOptions extends ImportOptions {
  /** Import only these sessions (rows of other sessions are counted as skipped). */
  sessions?: readonly number[];
  /** Import only the sessions held in these years. */
  years?: readonly number[];
}

const COLUMNS = [
  "Year",
  "Session",
  "ISO Code",
  "Country",
  "Name of Person Speaking",
  "Post",
] as const;

interface SpeakerRow {
  cells: Record<(typeof COLUMNS)[number], string>;
  extra: string[];
  where: Where;
}

interface Speech {
  input: ImportInput;
  iso: string;
  session: string;
  year: string;
  used: boolean;
}

export function importUnGeneralDebate(inputs: UngdcInputs, options?: UngdcOptions): ImportRun {
  return createRun("ungdc", options, async function* (context) {
    const speeches = new Map<string, Speech>();
    for (const input of inputs.speeches ?? []) {
      const name = baseName(inputName(input));
      const match = SPEECH_FILE_PATTERN.exec(name);
      if (!match) {
        context.summary.read();
        context.summary.skip("speech file name is not ISO_SESSION_YEAR.txt");
        context.summary.warn({
          code: "speech-file-name",
          message: `'${name}' is not named ISO_SESSION_YEAR.txt`,
          file: inputName(input),
        });
        continue;
      }
      const [, iso = "", session = "", year = ""] = match;
      speeches.set(`${Number(session)}|${iso}`, {
        input,
        iso,
        session: String(Number(session)),
        year,
        used: false,
      });
    }

    yield datasetSource(inputName(inputs.speakers));
    const format: Format = {
      type: "format",
      id: UNGDC_FORMAT_ID,
      name: "United Nations General Assembly",
      kind: "institutional-framework",
    };
    yield format;

    let current: { session: string; rows: SpeakerRow[] } | undefined;
    const closed = new Set<string>();
    let part = new Map<string, number>();
    for await (const row of readSpeakers(inputs.speakers)) {
      context.summary.read();
      const session = row.cells.Session.trim();
      if (!/^\d+$/.test(session)) {
        context.summary.skip("row without a session number");
        context.summary.warn({
          code: "session-invalid",
          message: `Session '${row.cells.Session}' is not a number`,
          ...row.where,
        });
        continue;
      }
      const key = String(Number(session));
      if (!selected(options, Number(session), row.cells.Year.trim())) {
        context.summary.skip("session not selected (--session/--year)");
        continue;
      }
      if (current && current.session !== key) {
        yield* sessionRecords(context, current.session, current.rows, speeches, part);
        closed.add(current.session);
        current = undefined;
      }
      if (!current) {
        if (closed.has(key)) {
          // The corpus lists sessions contiguously; a session that comes back becomes a second
          // event (id suffix), flagged, rather than being merged out of order or dropped.
          context.summary.warn({
            code: "session-not-contiguous",
            message: `rows of session ${key} resume after other sessions`,
            ...row.where,
          });
          part.set(key, (part.get(key) ?? 1) + 1);
        }
        current = { session: key, rows: [] };
      }
      current.rows.push(row);
    }
    if (current) yield* sessionRecords(context, current.session, current.rows, speeches, part);
    part = new Map();

    for (const speech of speeches.values()) {
      if (speech.used) continue;
      if (!selected(options, Number(speech.session), speech.year)) {
        context.summary.read();
        context.summary.skip("session not selected (--session/--year)");
        continue;
      }
      context.summary.read();
      context.summary.imported();
      context.summary.warn({
        code: "speech-without-speaker",
        message: `no speaker row for ${speech.iso} in session ${speech.session}; the transcript is imported on its own`,
        file: inputName(speech.input),
      });
      yield (await speechSource(speech, true)).source;
    }
  });
}

function selected(options: UngdcOptions | undefined, session: number, year: string): boolean {
  if (options?.sessions?.length && !options.sessions.includes(session)) return false;
  if (options?.years?.length && !options.years.includes(Number(year))) return false;
  return true;
}

function datasetSource(file: string): Source {
  return {
    type: "source",
    id: UNGDC_DATASET_SOURCE_ID,
    kind: "dataset",
    title: "UN General Debate Corpus: speakers by session",
    titleLang: "en",
    publisher: { name: "Jankin, Baturo & Dasandi (Harvard Dataverse)" },
    url: "https://doi.org/10.7910/DVN/0TJX8Y",
    lang: "en",
    extensions: { "ungdc:file": baseName(file) },
  };
}

async function* readSpeakers(input: ImportInput): AsyncGenerator<SpeakerRow> {
  const file = inputName(input);
  const rows = csvRows(file, textChunks(input), { bom: true, relax_column_count: true });
  let header: string[] | undefined;
  for await (const { record, info } of rows) {
    if (!header) {
      header = record.map((name) => name.trim());
      const missing = COLUMNS.filter((column) => !header?.includes(column));
      if (missing.length > 0)
        throw new ImportError(
          file,
          "1",
          `speakers table lacks the column(s) ${missing.join(", ")}`,
        );
      continue;
    }
    const cells = {} as SpeakerRow["cells"];
    const extra: string[] = [];
    header.forEach((name, index) => {
      const value = record[index] ?? "";
      if ((COLUMNS as readonly string[]).includes(name))
        cells[name as (typeof COLUMNS)[number]] = value;
      else if (value !== "") extra.push(`${name || `column ${index + 1}`}=${value}`);
    });
    // `info.lines` is the line on which the record ends; cells with newlines span several.
    yield { cells, extra, where: { file, line: info.lines } };
  }
}

/**
 * A speech file as a transcript source. The text goes into the speaker's quote record; a speech
 * that no speaker row claims keeps its text in the source (`ungdc:text`), so nothing is lost.
 */
async function speechSource(
  speech: Speech,
  withText: boolean,
): Promise<{ source: Source; text: string }> {
  const text = await readText(speech.input);
  const source: Source = {
    type: "source",
    id: makeId("ungdc", "speech", `${speech.iso}_${speech.session}_${speech.year}`),
    kind: "transcript",
    lang: "en",
    publisher: { name: "United Nations" },
    extensions: {
      "ungdc:file": baseName(inputName(speech.input)),
      ...(withText ? { "ungdc:text": text } : {}),
    },
  };
  return { source, text };
}

async function* sessionRecords(
  context: ImportContext,
  session: string,
  rows: SpeakerRow[],
  speeches: Map<string, Speech>,
  parts: Map<string, number>,
): AsyncGenerator<Event | Source | Quote> {
  const { summary } = context;
  const years = [...new Set(rows.map((row) => row.cells.Year.trim()))];
  const year = years.length === 1 && /^\d{4}$/.test(years[0] ?? "") ? years[0] : undefined;
  if (!year) {
    summary.warn({
      code: "session-year-inconsistent",
      message: `session ${session} rows give the year(s) ${years.join(", ") || "(none)"}; date left absent`,
      ...(rows[0] ? rows[0].where : { file: "" }),
    });
  }
  const participants: Participant[] = [];
  const quotes: Quote[] = [];
  const part = parts.get(session);
  const eventId = makeId("ungdc", "session", part ? `${session}-part${part}` : session);
  const countriesSeen = new Map<string, Where>();
  for (const row of rows) {
    summary.imported();
    const { cells, where } = row;
    const iso = cells["ISO Code"].trim();
    const label = collapseWhitespace(cells.Country);
    const name = collapseWhitespace(cells["Name of Person Speaking"]);
    const post = collapseWhitespace(cells.Post);
    const extensions: Record<string, unknown> = {
      "ungdc:iso-code": cells["ISO Code"],
      "ungdc:country": cells.Country,
    };
    if (name !== cells["Name of Person Speaking"])
      extensions["ungdc:name"] = cells["Name of Person Speaking"];
    if (post !== cells.Post) extensions["ungdc:post"] = cells.Post;
    if (row.extra.length > 0) extensions["ungdc:extra-cells"] = row.extra;
    if (
      name !== cells["Name of Person Speaking"].trim() ||
      post !== cells.Post.trim() ||
      label !== cells.Country.trim()
    ) {
      summary.note(
        "cells with inner newlines or runs of spaces (collapsed; raw kept in extensions)",
      );
    }

    // Country: the ISO code is the corpus's key; the label is checked against it.
    const byCode = tryCountry(context, iso);
    const byLabel = tryCountry(context, label);
    let country = byCode;
    if (!byCode && byLabel) {
      country = byLabel;
      summary.warn({
        code: "country-from-label",
        message: `ISO Code '${iso}' is not a country code; country taken from the label '${label}' (${byLabel})`,
        ...where,
      });
    } else if (!byCode) {
      country = mapCountry(context, iso || label, where, "ISO Code");
    }
    if (byCode && label && !byLabel) {
      summary.warn({
        code: "country-label-unrecognised",
        message: `country label '${label}' (row coded ${iso}) is not a recognisable country name`,
        ...where,
      });
    } else if (byCode && byLabel && byCode !== byLabel) {
      summary.warn({
        code: "country-label-code-mismatch",
        message: `label '${label}' is ${byLabel} but the row is coded ${iso}`,
        ...where,
      });
    }
    // Keyed on the corpus's own code, so that the check is the corpus's (one row per code per session).
    const countryKey = iso || label;
    const earlier = countriesSeen.get(countryKey);
    if (earlier) {
      summary.warn({
        code: "country-speaks-twice",
        message: `${countryKey} has a second speaker in session ${session} (first at line ${earlier.line})`,
        ...where,
      });
    } else {
      countriesSeen.set(countryKey, where);
    }

    const citations: NonNullable<Participant["citations"]> = [
      {
        source: UNGDC_DATASET_SOURCE_ID,
        locator: `${baseName(where.file)} line ${where.line}`,
        certainty: "reported",
      },
    ];
    const speech = speeches.get(`${session}|${iso}`);
    if (!name) summary.unresolved("speaker without a name");
    else summary.unresolved("speaker known by name only");
    if (speech && !speech.used) {
      speech.used = true;
      summary.note("speeches joined to a speaker row");
      const { source, text } = await speechSource(speech, false);
      citations.push({ source: source.id, certainty: "confirmed" });
      yield source;
      // The speech as a quote: the speaker's words, said at this session's debate.
      quotes.push({
        type: "quote",
        id: makeId("ungdc", "quote", `${speech.iso}_${speech.session}_${speech.year}`),
        text: text.trim(),
        lang: "en",
        kind: "direct",
        speaker: {
          unresolved: name
            ? { name, ...(post ? { description: `${post} (${label || iso})` } : {}) }
            : { description: `the speaker for ${label || iso}` },
        },
        saidAt: eventId,
        ...(year ? { saidOn: { value: year } } : {}),
        citations: [{ source: source.id, certainty: "confirmed" }],
        extensions: { "ungdc:iso-code": iso },
      });
    }
    participants.push({
      unresolved: name ? { name } : { description: "a speaker the corpus does not name" },
      ...(post ? { role: post } : {}),
      side: "attendee",
      ...(country ? { represents: { country } } : {}),
      citations,
      extensions,
    });
  }
  const event: Event = {
    type: "event",
    id: eventId,
    kind: "meeting",
    title: `General Debate of the ${ordinalWord(Number(session))} session of the UN General Assembly`,
    ...(year ? { date: { value: year } } : {}),
    ordinal: Number(session),
    formats: [{ format: UNGDC_FORMAT_ID, link: "held-in" }],
    participants,
    citations: [
      { source: UNGDC_DATASET_SOURCE_ID, locator: `session ${session}`, certainty: "reported" },
    ],
    extensions: { "ungdc:session": session, ...(year ? {} : { "ungdc:years": years }) },
  };
  yield event;
  yield* quotes;
}

function ordinalWord(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${suffix}`;
}
