/**
 * Node only: the byte-level fast path checks each NDJSON line's UTF-8 with Node's native
 * `buffer.isUtf8`/`isAscii` (simdutf) instead of its portable JavaScript loop. Imported for its
 * effect by the Node entry and the worker threads.
 */
import { isAscii, isUtf8 } from "node:buffer";
import { useNativeLineChecks } from "./scan-runtime";

useNativeLineChecks(isUtf8, isAscii);
