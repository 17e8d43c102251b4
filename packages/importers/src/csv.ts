import { Readable } from "node:stream";
import { type Options, parse } from "csv-parse";
import { ImportError } from "./run";

export interface CsvRow {
  record: string[];
  /** csv-parse's position: `lines` is the line on which the record ends. */
  info: { lines: number };
}

/**
 * CSV rows from text chunks, with csv-parse. A failure to read the input (a missing file) is
 * passed on to the parser, so that iterating throws instead of waiting forever; any failure
 * becomes an ImportError naming the file and, for a CSV syntax error, the line.
 */
export async function* csvRows(
  file: string,
  chunks: AsyncIterable<string>,
  options: Options,
): AsyncGenerator<CsvRow> {
  const parser = parse({ ...options, info: true });
  const source = Readable.from(chunks);
  source.on("error", (error) => parser.destroy(error));
  source.pipe(parser);
  try {
    for await (const row of parser as AsyncIterable<CsvRow>) yield row;
  } catch (error) {
    if (error instanceof ImportError) throw error;
    const lines = (error as { lines?: unknown }).lines;
    const message = error instanceof Error ? error.message : String(error);
    throw new ImportError(
      file,
      typeof lines === "number" ? String(lines) : undefined,
      `cannot be read as CSV: ${message}`,
    );
  }
}
