/**
 * The bench's WebAssembly string scan (bench/wasm/strings.wat, task scanWasm of
 * bench/scan-micro.mjs) is compared with the JavaScript one; that figure means something only
 * if both decide the same: the same end of string, the same escape and non-ASCII flags, and
 * malformed UTF-8 (undecided) told apart from a string that is not one (not valid). So each
 * fuzzed string (escapes, quotes, control bytes, one- to four-byte sequences, stray and
 * truncated continuation bytes) is scanned by `str` twice — in JavaScript, and with its bytes
 * in the module's memory — and the outcomes must be equal.
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: a bench module in plain JavaScript, without types
import { stringsWasm } from "../bench/wasm/strings.mjs";
import { str, tok, useWasmStrings } from "../src/scan-runtime";

interface Wasm {
  memory: WebAssembly.Memory;
  stringEnd: (j: number, end: number) => number;
  place(bytes: Uint8Array): Uint8Array;
}

function outcome(bytes: Uint8Array) {
  tok.abort = false;
  tok.ascii = true;
  const end = str(bytes, 0);
  return end < 0
    ? { end, abort: tok.abort }
    : { end, abort: tok.abort, s: tok.s, e: tok.e, escaped: tok.escaped, ascii: tok.strAscii };
}

describe("the WebAssembly string scan agrees with the JavaScript one", async () => {
  const wasm = (await stringsWasm()) as Wasm;
  afterAll(() => useWasmStrings(undefined, undefined));

  const piece = fc.oneof(
    fc.constantFrom(
      "a",
      "person:1",
      " ",
      '\\"',
      "\\\\",
      "\\n",
      "\\u0041",
      "\\",
      "\t",
      "\u0001",
      "é",
      "Министерство",
      "€",
      "😀",
      '"',
    ),
    fc.constantFrom(0x80, 0xbf, 0xc0, 0xc1, 0xc3, 0xe0, 0xed, 0xf0, 0xf4, 0xf5, 0xff),
  );
  const encoder = new TextEncoder();

  it("on fuzzed strings, JS and WebAssembly give the same outcome", () => {
    let wasmCalls = 0;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.boolean(), (pieces, closed) => {
        const parts = pieces.map((p) =>
          typeof p === "number" ? Uint8Array.of(p) : encoder.encode(p),
        );
        const body = parts.reduce((n, p) => n + p.length, 0);
        const bytes = new Uint8Array(1 + body + (closed ? 1 : 0));
        bytes[0] = 0x22;
        let at = 1;
        for (const p of parts) {
          bytes.set(p, at);
          at += p.length;
        }
        if (closed) bytes[at] = 0x22;
        useWasmStrings(undefined, undefined);
        const js = outcome(bytes);
        const view = wasm.place(bytes);
        useWasmStrings(view.buffer, (j, end) => {
          wasmCalls++;
          return wasm.stringEnd(j, end);
        });
        const inWasm = outcome(view);
        useWasmStrings(undefined, undefined);
        expect(inWasm).toEqual(js);
      }),
      { numRuns: 5000 },
    );
    // The hook is compiled in only where PARLEY_BENCH_WASM is defined (vitest.config.ts): without
    // it, both scans would be the JavaScript one and agree trivially.
    expect(wasmCalls).toBeGreaterThan(1000);
  });
});
