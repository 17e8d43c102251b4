/**
 * The strings the byte-level scanner made for the record it accepted last (the projection's
 * strings: ids, references, codes, dates, texts), each with the offset of its opening quote in
 * the record's bytes. A rule that keeps a forward reference pending wants that reference's
 * position in case it dangles; the scanner has just read the string there, so it is noted as
 * the string is made instead of being searched for in the record afterwards (two searches of
 * the line per pending reference: ~5 % of a clean run).
 *
 * Two arrays reused from record to record (nothing allocated per string); `serial` tells a
 * record cursor whether the log is still its record's.
 */
export const scanStrings = {
  /** Incremented as each record's scan begins. */
  serial: 0,
  count: 0,
  values: [] as string[],
  quotes: [] as number[],
};

/** Starts the log of a record's scan. */
export function beginScanStrings(): void {
  scanStrings.serial++;
  scanStrings.count = 0;
}

/** Notes a string made from the bytes between the quote at `quote` and its closing one. */
export function noteScanString(value: string, quote: number): void {
  const n = scanStrings.count++;
  scanStrings.values[n] = value;
  scanStrings.quotes[n] = quote;
}

/**
 * The offset of the opening quote of `value`, when the scan of record `serial` made that string
 * once and only once; -1 otherwise (not made, made twice, or another record's log).
 */
export function scanStringQuote(value: string, serial: number): number {
  if (serial !== scanStrings.serial) return -1;
  let at = -1;
  for (let k = 0; k < scanStrings.count; k++) {
    if (scanStrings.values[k] === value) {
      if (at >= 0) return -1;
      at = scanStrings.quotes[k] as number;
    }
  }
  return at;
}
