/**
 * What an import did, counted. Every row or record the importer read ends up in exactly one of
 * `imported` (it became at least one Parley record) or `skipped` (by reason), so nothing the
 * source held can vanish without a count; `warnings` list what was imported but looks wrong in
 * the source (duplicates, contradictory dates, label/code mismatches, mojibake).
 */
export interface ImportWarning {
  /** A stable code, e.g. `duplicate-trip`, `country-unmapped`, `placeholder-date`. */
  code: string;
  message: string;
  /** The input file and, when known, the line or the source's own id. */
  file?: string;
  line?: number;
  sourceId?: string;
}

export interface ImportSummary {
  /** The importer's format name: `hsg-travels`, `plover`, `gdelt`, `ungdc`. */
  format: string;
  /** Source items read (trips, JSON records, TSV rows, CSV rows, speech files). */
  read: number;
  /** Source items that became records. */
  imported: number;
  /** Source items not imported, by reason. */
  skipped: Record<string, number>;
  /** Records written, by record type. */
  records: Record<string, number>;
  /** Warnings by code (count), and the first few of each in `examples`. */
  warnings: Record<string, number>;
  examples: ImportWarning[];
  /** Country labels or codes the normaliser could not map, with how often each occurred. */
  unmappedCountries: Record<string, number>;
  /** Actors kept as unresolved (name or description only), by kind of actor. */
  unresolved: Record<string, number>;
  /** Free-form counters specific to one importer (mentions matched, speech files joined, …). */
  notes: Record<string, number>;
  /**
   * Each input file read, with what was detected about it (delimiter, header row), and each
   * file skipped because it is not of the source's shape (with why): never read as data.
   */
  files: InputFileReport[];
}

export interface InputFileReport {
  file: string;
  /** Source items read from the file (0 for a skipped file). */
  read: number;
  /** What was detected about the file: "comma-separated, header row". */
  detected?: string;
  /** Why the file was skipped (not of the source's shape). */
  skipped?: string;
}

/** How many examples of each warning code the summary keeps. The counts are always complete. */
export const EXAMPLES_PER_WARNING = 5;

export class SummaryBuilder {
  readonly summary: ImportSummary;

  constructor(format: string) {
    this.summary = {
      format,
      read: 0,
      imported: 0,
      skipped: {},
      records: {},
      warnings: {},
      examples: [],
      unmappedCountries: {},
      unresolved: {},
      notes: {},
      files: [],
    };
  }

  read(n = 1): void {
    this.summary.read += n;
  }

  imported(n = 1): void {
    this.summary.imported += n;
  }

  skip(reason: string, n = 1): void {
    bump(this.summary.skipped, reason, n);
  }

  record(type: string): void {
    bump(this.summary.records, type);
  }

  warn(warning: ImportWarning): void {
    const seen = this.summary.warnings[warning.code] ?? 0;
    bump(this.summary.warnings, warning.code);
    if (seen < EXAMPLES_PER_WARNING) this.summary.examples.push(warning);
  }

  unmappedCountry(label: string): void {
    bump(this.summary.unmappedCountries, label);
  }

  unresolved(kind: string, n = 1): void {
    bump(this.summary.unresolved, kind, n);
  }

  /** An input read, with what was detected about it. */
  file(file: string, read: number, detected?: string): void {
    this.summary.files.push({ file, read, ...(detected ? { detected } : {}) });
  }

  /** An input that is not of the source's shape: skipped whole, with a warning. */
  skipFile(file: string, reason: string): void {
    this.summary.files.push({ file, read: 0, skipped: reason });
    this.warn({
      code: "not-source-shape",
      message: `${file} is not of this source's shape: ${reason}; skipped, not read as data`,
      file,
    });
  }

  note(name: string, n = 1): void {
    bump(this.summary.notes, name, n);
  }
}

function bump(counts: Record<string, number>, key: string, n = 1): void {
  counts[key] = (counts[key] ?? 0) + n;
}

function lines(title: string, counts: Record<string, number>): string[] {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (entries.length === 0) return [];
  return [`${title}:`, ...entries.map(([key, n]) => `  ${String(n).padStart(7)}  ${key}`)];
}

function fileLines(summary: ImportSummary): string[] {
  const notable = summary.files.filter((file) => file.detected || file.skipped);
  if (notable.length === 0) return [];
  return [
    "inputs:",
    ...notable.map((file) =>
      file.skipped
        ? `  skipped  ${file.file}: ${file.skipped}`
        : `  ${String(file.read).padStart(7)}  ${file.file} (${file.detected})`,
    ),
  ];
}

/** The total of items skipped, by every reason. */
export function skippedTotal(summary: ImportSummary): number {
  return Object.values(summary.skipped).reduce((a, b) => a + b, 0);
}

/** The summary as the CLI prints it (and as the importer docs quote it). */
export function formatSummary(summary: ImportSummary): string {
  const skippedTotal = Object.values(summary.skipped).reduce((a, b) => a + b, 0);
  const out = [
    `${summary.format}: read ${summary.read}, imported ${summary.imported}, skipped ${skippedTotal}`,
    ...lines("skipped by reason", summary.skipped),
    ...lines("records written", summary.records),
    ...lines("warnings", summary.warnings),
    ...lines("countries not mapped", summary.unmappedCountries),
    ...lines("unresolved actors", summary.unresolved),
    ...lines("notes", summary.notes),
    ...fileLines(summary),
  ];
  return out.join("\n");
}
