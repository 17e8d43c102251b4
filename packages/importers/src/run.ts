import { type ParleyRecord, SCHEMA_VERSION } from "@parley/schema";
import { type CountryNormaliser, defaultCountryNormaliser } from "./countries";
import { type ImportSummary, SummaryBuilder } from "./summary";
import type { CodingProvenance } from "./types";

/**
 * One input of an import: a file path (read as a stream), or a named stream of text or bytes
 * (for callers that do not read from disk). The name is what warnings and errors point at.
 */
export type ImportInput = string | NamedInput;

export interface NamedInput {
  name: string;
  content: string | AsyncIterable<string | Uint8Array>;
}

export interface ImportOptions {
  /** Maps country labels and codes to ISO 3166-1 alpha-3. Default: the SDK's normaliser. */
  countries?: CountryNormaliser;
}

/**
 * A running import: iterate it for the records (each is yielded as soon as it is built, so an
 * input of any size streams through), then read `summary`, complete once iteration has ended.
 * An import runs once; iterating it a second time throws.
 */
export interface ImportRun extends AsyncIterable<ParleyRecord> {
  readonly summary: ImportSummary;
}

export interface ImportContext {
  summary: SummaryBuilder;
  countries: CountryNormaliser;
}

/** Thrown for input that cannot be read at all; it names the file, the position and the problem. */
export class ImportError extends Error {
  constructor(
    readonly file: string,
    readonly position: string | undefined,
    problem: string,
  ) {
    super(`${file}${position ? `:${position}` : ""}: ${problem}`);
    this.name = "ImportError";
  }
}

export function createRun(
  format: string,
  options: ImportOptions | undefined,
  body: (context: ImportContext) => AsyncGenerator<ParleyRecord>,
): ImportRun {
  const builder = new SummaryBuilder(format);
  const context: ImportContext = {
    summary: builder,
    countries: options?.countries ?? defaultCountryNormaliser,
  };
  let started = false;
  return {
    summary: builder.summary,
    async *[Symbol.asyncIterator]() {
      if (started) throw new Error(`This ${format} import has already run; start a new one.`);
      started = true;
      // Coding provenance on every record (standard 1.2): made by this importer, unreviewed.
      // A record that says more (a PLOVER coder) keeps its own.
      const coding: CodingProvenance = {
        method: "automated",
        tool: `@parley/importers ${format}`,
        codebook: `Parley ${SCHEMA_VERSION}`,
      };
      for await (const record of body(context)) {
        builder.record(record.type);
        yield record.coding ? record : { ...record, coding };
      }
    },
  };
}

/** Collects a run into an array (for tests and small inputs). */
export async function collect(run: ImportRun): Promise<ParleyRecord[]> {
  const records: ParleyRecord[] = [];
  for await (const record of run) records.push(record);
  return records;
}

export function inputName(input: ImportInput): string {
  return typeof input === "string" ? input : input.name;
}

/** The text of an input, chunk by chunk, decoded as UTF-8. */
export async function* textChunks(input: ImportInput): AsyncGenerator<string> {
  if (typeof input === "string") {
    const { createReadStream } = await import("node:fs");
    const stream = createReadStream(input, { encoding: "utf8" });
    for await (const chunk of stream) yield chunk as string;
    return;
  }
  if (typeof input.content === "string") {
    yield input.content;
    return;
  }
  const decoder = new TextDecoder("utf-8");
  for await (const chunk of input.content) {
    yield typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** The lines of an input (without their line ends), numbered from 1. */
export async function* textLines(
  input: ImportInput,
): AsyncGenerator<{ line: number; text: string }> {
  let buffered = "";
  let line = 0;
  for await (const chunk of textChunks(input)) {
    buffered += chunk;
    let start = 0;
    let newline = buffered.indexOf("\n", start);
    while (newline !== -1) {
      const text = buffered.slice(start, newline);
      start = newline + 1;
      line += 1;
      yield { line, text: text.endsWith("\r") ? text.slice(0, -1) : text };
      newline = buffered.indexOf("\n", start);
    }
    buffered = buffered.slice(start);
  }
  if (buffered.length > 0) {
    line += 1;
    yield { line, text: buffered.endsWith("\r") ? buffered.slice(0, -1) : buffered };
  }
}

/** Reads a whole small input (a speech transcript) as text. */
export async function readText(input: ImportInput): Promise<string> {
  let text = "";
  for await (const chunk of textChunks(input)) text += chunk;
  return text;
}
