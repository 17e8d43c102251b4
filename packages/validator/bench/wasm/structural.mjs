/**
 * The WebAssembly structural scanner (structural.wat): compiled from its committed text with
 * wabt (the WebAssembly Binary Toolkit's own parser, built for JavaScript) when the bench or its
 * test starts, then driven over a file's chunks: each chunk's complete lines are copied into
 * the module's memory and checked there; a partial last line waits for the next chunk.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import wabt from "wabt";

const here = dirname(fileURLToPath(import.meta.url));
/** Where lines are copied (below: the depth stack and the line count, see the .wat). */
const INPUT = 65536;
const PAGE = 65536;

/** The compiled module's bytes. */
export async function structuralWasm() {
  const toolkit = await wabt();
  const text = readFileSync(join(here, "structural.wat"), "utf8");
  const parsed = toolkit.parseWat("structural.wat", text);
  try {
    parsed.validate();
    return parsed.toBinary({}).buffer;
  } finally {
    parsed.destroy();
  }
}

/** A checker of NDJSON bytes: `lines(bytes)` → { lines, wellFormed } for complete lines. */
export async function structuralScanner(maxDepth = 64) {
  const { instance } = await WebAssembly.instantiate(await structuralWasm());
  const { memory, lines } = instance.exports;
  let view = new Uint8Array(memory.buffer);
  return {
    /** Checks the lines of `bytes` (complete lines; a last one without '\n' counts too). */
    check(bytes) {
      const needed = INPUT + bytes.length + 8;
      if (needed > memory.buffer.byteLength) {
        memory.grow(Math.ceil((needed - memory.buffer.byteLength) / PAGE));
        view = new Uint8Array(memory.buffer);
      }
      view.set(bytes, INPUT);
      const wellFormed = lines(INPUT, bytes.length, maxDepth);
      const count = new DataView(memory.buffer).getInt32(1024, true);
      return { lines: count, wellFormed };
    },
  };
}
