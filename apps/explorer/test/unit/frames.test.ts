import { describe, expect, it } from "vitest";
import { frameReads, lineFromWindow, windowIn } from "../../src/logic/frames";

const encode = (s: string) => new TextEncoder().encode(s);

describe("lineFromWindow", () => {
  it("finds the finding's line and column among its neighbours", () => {
    const text = 'line one\n{"id": 42, "kind": "meting"}\r\nline three\n';
    const offset = encode(text.slice(0, text.indexOf('"meting"'))).length;
    expect(lineFromWindow(encode(text), 0, offset)).toEqual({
      text: '{"id": 42, "kind": "meting"}',
      column: 20,
      cut: false,
    });
  });

  it("counts the column in UTF-16 units, not bytes, after non-ASCII text", () => {
    // Validator positions are byte offsets; columns are what editors and SARIF count.
    const text = '{"title": "Казахстан", "x": 1}';
    const offset = encode(text.slice(0, text.indexOf('"x"'))).length;
    const line = lineFromWindow(encode(text), 0, offset);
    expect(line.column).toBe(text.indexOf('"x"') + 1);
    expect(line.text[line.column - 1]).toBe('"');
  });

  it("says when the window cut a very long line, keeping the column right inside the window", () => {
    const long = `${"a".repeat(5000)}X${"b".repeat(5000)}`;
    const windowStart = 4000;
    const line = lineFromWindow(encode(long).subarray(windowStart, 6000), windowStart, 5000);
    expect(line.cut).toBe(true);
    expect(line.text.length).toBe(2000);
    expect(line.text[line.column - 1]).toBe("X");
  });
});

describe("frameReads", () => {
  // The Validate view cuts up to 5,000 code frames out of a file that may be gigabytes: a read
  // per finding was slower than the validation itself, one read of the whole file is too big.
  it("merges nearby windows into one read and keeps far ones apart, serving every finding", () => {
    const offsets = [10_000, 200, 5_000, 900_000, 3_000];
    const reads = frameReads(offsets, 1_000_000, { window: 100, maxGap: 4_000, maxRead: 50_000 });
    expect(reads).toEqual([
      { start: 100, end: 5_100, findings: [1, 4, 2] },
      { start: 9_900, end: 10_100, findings: [0] },
      { start: 899_900, end: 900_100, findings: [3] },
    ]);
  });

  it("never makes a read longer than maxRead, and clamps windows to the file", () => {
    const offsets = Array.from({ length: 100 }, (_, i) => i * 150);
    const reads = frameReads(offsets, 14_900, { window: 100, maxGap: 1_000, maxRead: 2_000 });
    expect(reads.length).toBeGreaterThan(1);
    for (const read of reads) expect(read.end - read.start).toBeLessThanOrEqual(2_000);
    expect(reads[0]?.start).toBe(0);
    expect(reads.at(-1)?.end).toBe(14_900);
    expect(reads.flatMap((r) => r.findings).sort((a, b) => a - b)).toEqual(
      offsets.map((_, i) => i),
    );
  });

  it("gives each finding the same line from a merged read as from a read of its own window", () => {
    const lines = Array.from(
      { length: 400 },
      (_, i) => `{"id": "r-${i}", "kind": "${"x".repeat(i % 37)}"}`,
    );
    const bytes = encode(`${lines.join("\n")}\n`);
    const offsets = [5, 777, 778, 4_000, 9_999, bytes.length - 3];
    for (const read of frameReads(offsets, bytes.length, { window: 64 })) {
      const readBytes = bytes.subarray(read.start, read.end);
      for (const i of read.findings) {
        const offset = offsets[i] as number;
        const own = Math.max(0, offset - 64);
        const window = windowIn({ start: read.start, bytes: readBytes }, offset, 64);
        expect(lineFromWindow(window.bytes, window.start, offset)).toEqual(
          lineFromWindow(bytes.subarray(own, offset + 64), own, offset),
        );
      }
    }
  });
});
