/**
 * The WebAssembly string scan (strings.wat): compiled from its committed text with wabt when
 * the bench starts. `stringsWasm(bytes)` → { memory, stringEnd, place(bytes) }: `place` copies
 * bytes into the module's memory (growing it, 16 spare bytes after them) and returns their view.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import wabt from "wabt";

const here = dirname(fileURLToPath(import.meta.url));
const PAGE = 65536;

export async function stringsWasm() {
  const toolkit = await wabt();
  const parsed = toolkit.parseWat("strings.wat", readFileSync(join(here, "strings.wat"), "utf8"));
  let binary;
  try {
    parsed.validate();
    binary = parsed.toBinary({}).buffer;
  } finally {
    parsed.destroy();
  }
  const instance = new WebAssembly.Instance(new WebAssembly.Module(binary), {});
  const { memory, stringEnd } = instance.exports;
  return {
    memory,
    stringEnd,
    /** Copies `bytes` to the start of the memory; their view there. */
    place(bytes) {
      const needed = bytes.length + 16;
      if (needed > memory.buffer.byteLength)
        memory.grow(Math.ceil((needed - memory.buffer.byteLength) / PAGE));
      const view = new Uint8Array(memory.buffer, 0, bytes.length);
      view.set(bytes);
      return view;
    },
  };
}
