import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { compareFindings, type Finding } from "@parley/validator";
import { describe, expect, it } from "vitest";
import { FindingSpool } from "../src/finding-spool";
import { LineExcerptReader } from "../src/source-lines";
import { tempDir } from "./helpers";

function finding(offset: number, ruleId: string, message = `at ${offset}`): Finding {
  return {
    ruleId,
    severity: "error",
    message,
    file: "d.ndjson",
    line: 1 + Math.floor(offset / 10),
    column: 1 + (offset % 10),
    offset,
    pointer: "",
    recordIndex: null,
  };
}

describe("FindingSpool", () => {
  // The report's order must not depend on how many findings there were (in memory or spilled
  // to disk in runs): the merge of the runs must give exactly what one stable sort gives.
  it("gives the findings in report order whether they stayed in memory or went to disk", async () => {
    const findings: Finding[] = [];
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let k = 0; k < 2_500; k++) {
      // Many ties (same offset and rule) whose order of arrival must be kept, odd strings too.
      findings.push(
        finding(
          Math.floor(random() * 400),
          random() < 0.5 ? "a-rule" : "b-rule",
          // Cyrillic of varying length: runs of 1,000 span several reads of the spool file,
          // cutting lines and two-byte characters between reads.
          `#${k} \ud800 "\n ${"ж".repeat(k % 97)}`,
        ),
      );
    }
    const expected = [...findings].sort(compareFindings);
    for (const runSize of [100_000, 1_000, 64, 7]) {
      const spool = new FindingSpool(runSize);
      await spool.addAll(findings);
      const first: Finding[] = [];
      for await (const f of spool.sorted()) first.push(f);
      expect(first).toEqual(expected);
      // A second pass (the caps are counted in a first one) reads the same.
      const second: Finding[] = [];
      for await (const f of spool.sorted()) second.push(f);
      expect(second).toEqual(expected);
      expect(spool.count).toBe(findings.length);
      await spool.dispose();
    }
  });

  // Findings are spooled as arrays of their fields (no member names), the input's name written
  // once: every field must come back, optional ones only where they were, in the order the
  // validator makes them (a report copies them out by name, but a finding is plain data).
  it("gives back every field of a finding, optional ones only where they were", async () => {
    const plain = finding(5, "r");
    const full: Finding = {
      ...finding(3, "s", "with 'quotes', \\ and \u2028"),
      recordIndex: 0,
      recordId: "event:1",
      suggestion: "meeting",
      emitted: [40, 2],
    };
    const other: Finding = { ...finding(4, "t"), file: "other/file.ndjson", recordId: "" };
    for (const runSize of [100, 1]) {
      const spool = new FindingSpool(runSize);
      await spool.addAll([plain, full, other]);
      const back: Finding[] = [];
      for await (const f of spool.sorted()) back.push(f);
      expect(back).toStrictEqual([full, other, plain]);
      expect(back.map((f) => Object.keys(f))).toEqual([full, other, plain].map(Object.keys));
      await spool.dispose();
    }
  });

  it("removes its temporary folder when disposed", async () => {
    const spool = new FindingSpool(2);
    await spool.addAll([finding(3, "r"), finding(1, "r"), finding(2, "r")]);
    const directory = (spool as unknown as { directory: string }).directory;
    expect(existsSync(directory)).toBe(true);
    await spool.dispose();
    expect(existsSync(directory)).toBe(false);
  });
});

describe("LineExcerptReader", () => {
  // Excerpts are read in one forward pass: each must match what the whole line says, for long
  // lines, multi-byte characters (columns are UTF-16 units), CRLF endings and gzip input.
  const lines = [
    '{"a":1}',
    `{"long":"${"x".repeat(3000)}","bad":"é🙂é","tail":"${"y".repeat(2000)}"}`,
    "",
    '{"crlf":true}\r',
    `${"€".repeat(70_000)}END`,
    "last line without newline",
  ];
  const text = lines.join("\n");

  async function check(path: string, gzip: boolean) {
    const reader = new LineExcerptReader(path, gzip);
    const requests: Array<[number, number]> = [
      [1, 2],
      [2, 5],
      [2, 3010],
      [2, 3015],
      [2, 5000],
      [4, 3],
      [5, 69_000],
      [5, 70_001],
      [6, 6],
    ];
    for (const [line, column] of requests) {
      const excerpt = await reader.excerpt(line, column);
      const full = (lines[line - 1] as string).replace(/\r$/, "");
      expect(excerpt, `${line}:${column}`).toBeDefined();
      if (!excerpt) continue;
      const start = excerpt.startColumn - 1;
      expect(excerpt.text).toBe(full.slice(start, start + excerpt.text.length));
      // The column itself and the characters around it are in the excerpt.
      expect(start).toBeLessThanOrEqual(column - 1);
      expect(start + excerpt.text.length).toBeGreaterThanOrEqual(
        Math.min(column + 40, full.length),
      );
      // A cut line says so (a length past the excerpt); a whole one gives its exact length.
      if (start + excerpt.text.length < full.length) {
        expect(excerpt.lineLength).toBeGreaterThan(start + excerpt.text.length);
      } else {
        expect(excerpt.lineLength).toBe(full.length);
      }
    }
    // Behind the reading position or past the end: no excerpt rather than a wrong one.
    expect(await reader.excerpt(2, 1)).toBeUndefined();
    expect(await reader.excerpt(99, 1)).toBeUndefined();
    await reader.close();
  }

  // Most data lines are ASCII, and a whole ASCII line in one read is copied, not decoded: the
  // excerpts must be those of the decoder, on lines cut by the 1 MiB reads, lines with other
  // characters between them, empty lines and CRLF endings, read forward through the file.
  // A broken byte that starts a line and ends a 1 MiB read yields no text yet: the line's next
  // piece, ASCII, must still go through the decoder, or its U+FFFD would land after the text.
  it("keeps a partial character held across reads before the line's ASCII text", async () => {
    const first = "x".repeat((1 << 20) - 2);
    const path = join(tempDir(), "split-lead.ndjson");
    writeFileSync(
      path,
      Buffer.concat([Buffer.from(`${first}\n`), Buffer.from([0xe2]), Buffer.from("abc\n")]),
    );
    const reader = new LineExcerptReader(path, false);
    const excerpt = await reader.excerpt(2, 1);
    expect(excerpt?.text).toBe(new TextDecoder().decode(Buffer.from([0xe2, 0x61, 0x62, 0x63])));
    expect(excerpt?.text).toBe("\uFFFDabc");
    await reader.close();
  });

  it("gives the decoder's excerpts for ASCII lines, whole or cut between reads", async () => {
    const rows = Array.from({ length: 9_000 }, (_, k) =>
      k % 11 === 3
        ? `{"k":${k},"name":"Ïñtérñâtiônàl"}`
        : k % 13 === 5
          ? ""
          : `{"k":${k},"pad":"${"a".repeat((k * 37) % 700)}","v":${k}}${k % 7 === 1 ? "\r" : ""}`,
    );
    const path = join(tempDir(), "ascii.ndjson");
    writeFileSync(path, `${rows.join("\n")}\n`);
    const reader = new LineExcerptReader(path, false);
    for (let line = 1; line <= rows.length; line += 3) {
      const full = (rows[line - 1] as string).replace(/\r$/, "");
      for (const column of [1, Math.max(1, full.length - 5)]) {
        const excerpt = await reader.excerpt(line, column);
        expect(excerpt, `${line}:${column}`).toBeDefined();
        if (!excerpt) continue;
        const start = excerpt.startColumn - 1;
        expect(excerpt.text, `${line}:${column}`).toBe(full.slice(start, column - 1 + 240));
        expect(start).toBe(Math.min(Math.max(0, column - 1 - 240), full.length));
        expect(excerpt.lineLength).toBe(full.length);
      }
    }
    await reader.close();
  });

  // A large file with a few findings far apart: the reader jumps to each finding's line by its
  // byte offset instead of reading the whole file again, and must give exactly the excerpts a
  // forward pass gives. An offset that does not agree with the line and column (not the
  // validator's) must not move it to a wrong line: it reads forward as before.
  it("jumps far ahead by a finding's offset, to the same excerpts as a forward pass", async () => {
    const row = (k: number) => `{"n":${k},"name":"Ïñtérñâtiônàl ${"z".repeat(k % 500)}","v":${k}}`;
    const rows = Array.from({ length: 60_000 }, (_, k) => row(k));
    const path = join(tempDir(), "far.ndjson");
    writeFileSync(path, `${rows.join("\n")}\n`);
    const starts: number[] = [];
    let at = 0;
    for (const r of rows) {
      starts.push(at);
      at += Buffer.byteLength(r) + 1;
    }
    // Findings at the value of "v" on lines far apart (and two on one line, and one close by).
    const requests = [2, 9_000, 9_000, 9_001, 30_000, 59_999, 60_000].map((line) => {
      const text = rows[line - 1] as string;
      const index = text.indexOf('"v"');
      const offset = (starts[line - 1] as number) + Buffer.byteLength(text.slice(0, index));
      return { line, column: index + 1, offset };
    });
    const forward = new LineExcerptReader(path, false);
    const jumping = new LineExcerptReader(path, false);
    const misled = new LineExcerptReader(path, false);
    try {
      for (const { line, column, offset } of requests) {
        const expected = await forward.excerpt(line, column);
        expect(expected?.text).toContain('"v"');
        expect(await jumping.excerpt(line, column, offset), `line ${line}`).toEqual(expected);
        // Lines 30,000 and 59,999 are each over 4 MiB past the request before: each one is a
        // jump, a stream opened at its line that has read about one block (reading forward
        // from the request before would have read ~6 and ~8 MB).
        if (line === 30_000 || line === 59_999)
          expect(
            (jumping as unknown as { file: { bytesRead: number } }).file.bytesRead,
            `jumped to ${line}`,
          ).toBeLessThan(2 << 20);
        // An offset 3 lines further on: its column does not match, so no jump there.
        const wrong = (starts[Math.min(line + 2, rows.length - 1)] as number) + column - 1;
        expect(await misled.excerpt(line, column, wrong), `misled ${line}`).toEqual(expected);
      }
      // It did jump: it never read the bytes in between (a forward pass reads them all).
      expect((jumping as unknown as { file: { bytesRead: number } }).file.bytesRead).toBeLessThan(
        at / 2,
      );
      // Behind the reading position: no excerpt, after a jump as before.
      expect(await jumping.excerpt(100, 1, 0)).toBeUndefined();
    } finally {
      await Promise.all([forward.close(), jumping.close(), misled.close()]);
    }
  });

  it("reads the excerpts of a plain file", async () => {
    const path = join(tempDir(), "lines.ndjson");
    writeFileSync(path, text);
    await check(path, false);
  });

  it("reads the excerpts of a gzip file", async () => {
    const path = join(tempDir(), "lines.ndjson.gz");
    writeFileSync(path, gzipSync(text));
    await check(path, true);
  });
});
