import type { DatasetClient } from "./client";
import type { Route } from "./logic/routes";
import type { DatasetSummary } from "./service";
import type { DatasetSource } from "./worker/data-protocol";

/**
 * What every view gets: the route, the dataset's summary, and the client of the data worker
 * where the dataset lives (views ask it for what they show: pages, counts, slices).
 */
export interface ViewContext {
  client: DatasetClient;
  summary: DatasetSummary;
  route: Route;
  /** Opens another dataset (a file, a URL) in the worker and shows its overview. */
  openDataset(source: DatasetSource): Promise<void>;
  navigate(route: string): void;
  /** Registers clean-up to run when the view is replaced (stop a graph, a timer). */
  onLeave(cleanup: () => void): void;
  /**
   * Registers drawing that goes on after the view is in the document (charts, the graph);
   * the view counts as rendered when it has settled (the timing the end-to-end tests read).
   */
  drawing(work: Promise<unknown>): void;
}

export type ViewRenderer = (ctx: ViewContext) => Node | Promise<Node>;

/** Gives the page's thread back to the browser (input, paint) between pieces of drawing. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Appends children built from items, a batch per task, so that a long list never blocks the
 * page; the first batch goes in at once (a short list is complete when the view is returned).
 */
export async function appendInTasks<T>(
  parent: Element,
  items: readonly T[],
  build: (item: T) => Node,
  perTask = 60,
): Promise<void> {
  for (let at = 0; at < items.length; at += perTask) {
    if (at > 0) {
      await nextTask();
      if (!parent.isConnected) return;
    }
    const batch = document.createDocumentFragment();
    for (const item of items.slice(at, at + perTask)) batch.append(build(item));
    parent.append(batch);
  }
}
