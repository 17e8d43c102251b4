import type { ExplorerData } from "./data";
import type { Route } from "./logic/routes";

/** What every view gets: the dataset being explored, the route, and a way to swap the dataset. */
export interface ViewContext {
  data: ExplorerData;
  route: Route;
  setData(data: ExplorerData): void;
  navigate(route: string): void;
  /** Registers clean-up to run when the view is replaced (stop a graph, a timer). */
  onLeave(cleanup: () => void): void;
}

export type ViewRenderer = (ctx: ViewContext) => Node | Promise<Node>;
