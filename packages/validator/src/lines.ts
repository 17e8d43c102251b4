/**
 * Splits a byte stream into lines: the one line splitter of the packages that read NDJSON
 * outside the validator's own positioned reader (`readers/ndjson.ts`, which also tracks byte
 * offsets and skips oversized records without buffering them). `parley`'s text inputs
 * (export, stats, migrate), the findings a split file holds on disk, and the CLI's finding
 * spool all read lines through it.
 *
 * Each line comes without its "\n" (a "\r" before it stays: callers that allow CRLF drop it);
 * a last line without a newline comes too, an empty one does not. A line that continues in
 * the next chunk is joined once, from copies of its pieces: a tail never keeps a whole read
 * buffer alive.
 */
export async function* splitLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  for await (const chunk of chunks) {
    let from = 0;
    for (;;) {
      const at = chunk.indexOf(0x0a, from);
      if (at < 0) break;
      const piece = chunk.subarray(from, at);
      yield pending.length > 0 ? joined([...pending, piece], pendingBytes + piece.length) : piece;
      pending = [];
      pendingBytes = 0;
      from = at + 1;
    }
    if (from < chunk.length) {
      pending.push(chunk.slice(from));
      pendingBytes += chunk.length - from;
    }
  }
  if (pendingBytes > 0) yield joined(pending, pendingBytes);
}

function joined(pieces: readonly Uint8Array[], total: number): Uint8Array {
  if (pieces.length === 1) return pieces[0] as Uint8Array;
  const out = new Uint8Array(total);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}
