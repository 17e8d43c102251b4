import type { DatasetService } from "../service";

/**
 * Messages between the page and the data worker, which holds the dataset being explored. The
 * page never holds a large dataset: it asks the worker questions (the DatasetService methods)
 * and gets small plain answers back (structured-clone-safe data only).
 */
export type DataMethods = Pick<
  DatasetService,
  | "summary"
  | "overview"
  | "timeline"
  | "eventsPage"
  | "filterOptions"
  | "quotesPage"
  | "record"
  | "network"
  | "networkSearch"
>;
export type DataMethod = keyof DataMethods;

export type DatasetSource = { url: string; origin?: string } | { blob: Blob; origin: string };

export type LoadPhase = "reading" | "parsing" | "indexing";

export type ToDataWorker =
  | { type: "load"; id: number; source: DatasetSource }
  | { type: "call"; id: number; method: DataMethod; args: unknown[] };

export type FromDataWorker =
  | { type: "progress"; id: number; phase: LoadPhase; bytes: number; totalBytes: number }
  | { type: "result"; id: number; value: unknown }
  | { type: "error"; id: number; message: string };
