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

  unresolved(kind: string): void {
    bump(this.summary.unresolved, kind);
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
  ];
  return out.join("\n");
}
