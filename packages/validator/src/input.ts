/**
 * Byte input: whatever the caller has (bytes, text, a stream, an async iterable) becomes an
 * async iterable of Uint8Array chunks; gzip is detected by its magic bytes and inflated with
 * the platform's DecompressionStream (Node 18+, every current browser), so the core needs no
 * Node built-in and no extra dependency.
 */
import type { ParsedDataset, ValidationInput } from "./options";

/**
 * A parsed dataset, told from the byte inputs: a plain object (no stream or iterator), or an
 * array whose items are not byte chunks.
 */
function isParsedDataset(input: ValidationInput): input is ParsedDataset {
  if (typeof input !== "object" || input === null) return false;
  if (Array.isArray(input)) return input.length > 0 && !(input[0] instanceof Uint8Array);
  return (
    !(Symbol.asyncIterator in input) &&
    !(Symbol.iterator in input) &&
    typeof (input as { getReader?: unknown }).getReader !== "function"
  );
}

/**
 * The JSON text a parsed dataset stands for, two-space indented, so findings have lines and
 * columns to point at (and a lone surrogate stays visible as its escape).
 */
function parsedAsText(input: ParsedDataset): string {
  try {
    return JSON.stringify(input, null, 2);
  } catch (error) {
    // A cycle, a BigInt, or nesting beyond the stack: no JSON text stands for it.
    throw new TypeError(
      `The object cannot be validated: it has no JSON form (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

export async function* toChunks(input: ValidationInput): AsyncGenerator<Uint8Array> {
  if (typeof input === "string") {
    yield new TextEncoder().encode(input);
    return;
  }
  if (input instanceof Uint8Array) {
    yield input;
    return;
  }
  if (isParsedDataset(input)) {
    yield new TextEncoder().encode(parsedAsText(input));
    return;
  }
  if (typeof (input as ReadableStream<Uint8Array>).getReader === "function") {
    const reader = (input as ReadableStream<Uint8Array>).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        if (value.length) yield value;
      }
    } finally {
      reader.releaseLock();
    }
  }
  for await (const chunk of input as AsyncIterable<Uint8Array>) {
    if (chunk.length) yield chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk);
  }
}

export class GzipError extends Error {
  constructor(
    message: string,
    /** Decompressed bytes produced before the damage. */
    readonly decompressedBytes: number,
    /** Compressed bytes consumed when the damage was found (approximate: a chunk boundary). */
    readonly compressedBytes: number,
  ) {
    super(message);
  }
}

export interface Decoded {
  chunks: AsyncGenerator<Uint8Array>;
  compressed: boolean;
  /** Compressed bytes read so far (gzip only). */
  compressedBytes(): number;
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/** Whether bytes start as a gzip stream does (its two magic bytes). */
export function hasGzipMagic(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1;
}

/** Detects gzip (or obeys `compression`) and returns the decompressed chunks. */
export async function decompress(
  source: AsyncGenerator<Uint8Array>,
  compression: "gzip" | "none" | "auto",
): Promise<Decoded> {
  const first = await source.next();
  if (first.done) return { chunks: empty(), compressed: false, compressedBytes: () => 0 };
  let head = first.value;
  // One byte is not enough to tell; gzip needs both magic bytes.
  if (head.length === 1) {
    const second = await source.next();
    if (!second.done) head = concat(head, second.value);
  }
  const isGzip = compression === "gzip" || (compression === "auto" && hasGzipMagic(head));
  if (!isGzip) {
    return { chunks: prepend(head, source), compressed: false, compressedBytes: () => 0 };
  }
  let compressedBytes = 0;
  const counted = (async function* () {
    for await (const chunk of prepend(head, source)) {
      compressedBytes += chunk.length;
      yield chunk;
    }
  })();
  return {
    chunks: gunzip(counted, () => compressedBytes),
    compressed: true,
    compressedBytes: () => compressedBytes,
  };
}

async function* gunzip(
  source: AsyncGenerator<Uint8Array>,
  consumed: () => number,
): AsyncGenerator<Uint8Array> {
  const stream = new DecompressionStream("gzip");
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  let produced = 0;
  // Feed the compressed bytes concurrently; a failure surfaces on the reading side.
  const pump = (async () => {
    try {
      for await (const chunk of source) await writer.write(chunk as Uint8Array<ArrayBuffer>);
      await writer.close();
    } catch {
      // The reader reports the error with its position.
    }
  })();
  try {
    for (;;) {
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch (error) {
        throw new GzipError(
          `The gzip data is corrupt or truncated (${error instanceof Error ? error.message : String(error)})`,
          produced,
          consumed(),
        );
      }
      if (result.done) break;
      produced += result.value.length;
      yield result.value;
    }
  } finally {
    reader.cancel().catch(() => {});
    await pump;
  }
}

async function* empty(): AsyncGenerator<Uint8Array> {}

async function* prepend(
  head: Uint8Array,
  rest: AsyncGenerator<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  yield head;
  yield* rest;
}

export function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * Index of the first byte of the first invalid UTF-8 sequence in `bytes`, or -1. Used only
 * after the fatal TextDecoder refused a line, to say exactly where.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}
