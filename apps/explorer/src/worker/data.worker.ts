/// <reference lib="webworker" />
import { ExplorerData } from "../data";
import { DatasetService } from "../service";
import type { DatasetSource, FromDataWorker, LoadPhase, ToDataWorker } from "./data-protocol";

/**
 * The dataset lives here, off the page's thread: reading (a file or a URL, gzip or not),
 * parsing and checking 100,000 records, and every index the views need, take seconds on a large
 * dataset, and none of it may freeze the page. The page asks questions by message.
 */
declare const self: DedicatedWorkerGlobalScope;

let service: DatasetService | undefined;

const post = (message: FromDataWorker) => self.postMessage(message);

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function readBytes(
  source: DatasetSource,
  progress: (phase: LoadPhase, bytes: number, total: number) => void,
): Promise<Blob> {
  let stream: ReadableStream<Uint8Array>;
  let total: number;
  if ("blob" in source) {
    stream = source.blob.stream() as ReadableStream<Uint8Array>;
    total = source.blob.size;
  } else {
    let response: Response;
    try {
      response = await fetch(source.url);
    } catch (error) {
      throw new Error(
        `cannot fetch it (${describe(error)}); a server on another site must allow it with CORS headers`,
      );
    }
    if (!response.ok)
      throw new Error(`the server answered ${response.status} ${response.statusText}`.trim());
    if (!response.body) throw new Error("the server sent no content");
    stream = response.body;
    total = Number(response.headers.get("content-length")) || 0;
  }
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    bytes += value.byteLength;
    progress("reading", bytes, total);
  }
  return new Blob(chunks as BlobPart[]);
}

/** The text inside, gzip undone when the first bytes say gzip (not by the name). */
async function textOf(blob: Blob): Promise<string> {
  const head = new Uint8Array(await blob.slice(0, 2).arrayBuffer());
  if (head[0] !== 0x1f || head[1] !== 0x8b) return blob.text();
  const inflated = (blob.stream() as ReadableStream<Uint8Array>).pipeThrough(
    new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>,
  );
  return new Response(inflated).text();
}

async function load(id: number, source: DatasetSource): Promise<void> {
  const started = performance.now();
  let lastPost = 0;
  const progress = (phase: LoadPhase, bytes: number, totalBytes: number, force = false) => {
    const now = performance.now();
    if (!force && now - lastPost < 100) return;
    lastPost = now;
    post({ type: "progress", id, phase, bytes, totalBytes });
  };
  const origin = "blob" in source ? source.origin : (source.origin ?? source.url);
  const blob = await readBytes(source, progress);
  progress("parsing", blob.size, blob.size, true);
  const text = await textOf(blob);
  const data = ExplorerData.fromText(text, origin);
  progress("indexing", blob.size, blob.size, true);
  const next = new DatasetService(data);
  next.warm();
  next.loadMs = performance.now() - started;
  service = next;
  post({ type: "result", id, value: service.summary() });
}

self.onmessage = (event: MessageEvent<ToDataWorker>) => {
  const message = event.data;
  if (message.type === "load") {
    load(message.id, message.source).catch((error) =>
      post({ type: "error", id: message.id, message: describe(error) }),
    );
    return;
  }
  try {
    if (!service) throw new Error("No dataset is loaded yet");
    const method = service[message.method] as (...args: unknown[]) => unknown;
    post({ type: "result", id: message.id, value: method.apply(service, message.args) });
  } catch (error) {
    post({ type: "error", id: message.id, message: describe(error) });
  }
};
