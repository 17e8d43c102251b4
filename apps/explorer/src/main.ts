import seedUrl from "../../../examples/seed/seed.json?url";
import "./style.css";
import { DatasetClient, type LoadProgress } from "./client";
import type { ViewContext, ViewRenderer } from "./context";
import { filePicker, h, render } from "./dom";
import { parseRoute, type View } from "./logic/routes";
import type { DatasetSummary } from "./service";
import { eventsView } from "./views/events";
import { networkView } from "./views/network";
import { overviewView } from "./views/overview";
import { timelineView } from "./views/timeline";
import type { DatasetSource } from "./worker/data-protocol";

/**
 * Views that render records with the SDK (event, record, quotes) or validate with the validator
 * are loaded on first use: the page starts without evaluating either (their schemas take tens
 * of milliseconds to build), and the overview, timeline, lists and network never need them.
 */
const lazy =
  (load: () => Promise<ViewRenderer>): ViewRenderer =>
  async (ctx) =>
    (await load())(ctx);

const VIEWS: Record<View, ViewRenderer> = {
  overview: overviewView,
  timeline: timelineView,
  events: eventsView,
  event: lazy(() => import("./views/event").then((m) => m.eventView)),
  network: networkView,
  quotes: lazy(() => import("./views/quotes").then((m) => m.quotesView)),
  validate: lazy(() => import("./views/validate").then((m) => m.validateView)),
  record: lazy(() => import("./views/record").then((m) => m.recordView)),
};

const NAV: { view: View; label: string; route: string }[] = [
  { view: "overview", label: "Overview", route: "/overview" },
  { view: "timeline", label: "Timeline", route: "/timeline" },
  { view: "events", label: "Events", route: "/events" },
  { view: "network", label: "Network", route: "/network" },
  { view: "quotes", label: "Quotes", route: "/quotes" },
  { view: "validate", label: "Validate", route: "/validate" },
];

const main = document.getElementById("main") as HTMLElement;
const nav = document.getElementById("nav") as HTMLElement;
const datasetBar = document.getElementById("dataset-bar") as HTMLElement;
// The dataset lives in this worker; the page asks it for what each view shows.
const client = new DatasetClient(
  new Worker(new URL("./worker/data.worker.ts", import.meta.url), { type: "module" }),
);
let summary: DatasetSummary | undefined;
let loading: { origin: string; progress?: LoadProgress } | undefined;
let loadError: string | undefined;
/** Clean-up of the view on screen, run before the next one renders. */
const leaving: (() => void)[] = [];
/** Bumped by every render: an answer that arrives for an older render is dropped. */
let renderCount = 0;

/** Resolved when the next render that is not replaced by a later one has drawn its view. */
let drawnWaiters: (() => void)[] = [];

/** Shows `route`; resolves when its view is drawn (charts and graph included). */
function navigate(route: string): Promise<void> {
  const hash = `#${route}`;
  const drawn = new Promise<void>((resolve) => drawnWaiters.push(resolve));
  const before = location.hash;
  if (before !== hash) location.hash = hash;
  // No hashchange event comes when the hash stays as it was (the same route, or one the
  // browser spells the same): render here.
  if (location.hash === before) void show();
  return drawn;
}

function drawn(): void {
  const waiters = drawnWaiters;
  drawnWaiters = [];
  for (const resolve of waiters) resolve();
}

function formatMB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function progressText(progress: LoadProgress | undefined): string {
  if (!progress) return "starting…";
  if (progress.phase === "reading")
    return progress.totalBytes
      ? `reading ${formatMB(progress.bytes)} of ${formatMB(progress.totalBytes)}…`
      : `reading ${formatMB(progress.bytes)}…`;
  return progress.phase === "parsing"
    ? `checking the records of ${formatMB(progress.bytes)}…`
    : "counting…";
}

/**
 * Opens a dataset in the data worker: a file, or a URL. The page stays responsive while the
 * worker reads and checks it; the dataset bar shows how far it got.
 */
async function openDataset(source: DatasetSource, then = "/overview"): Promise<void> {
  const origin = "blob" in source ? source.origin : (source.origin ?? source.url);
  loading = { origin };
  loadError = undefined;
  document.documentElement.dataset.loading = "true";
  renderDatasetBar();
  const started = performance.now();
  try {
    summary = await client.load(source, (progress) => {
      if (loading) loading.progress = progress;
      renderDatasetBar();
    });
    performance.measure(`parley:load ${origin}`, { start: started, end: performance.now() });
    loading = undefined;
    renderDatasetBar();
    await navigate(then);
  } catch (error) {
    loading = undefined;
    loadError = `Cannot open ${origin}: ${error instanceof Error ? error.message : String(error)}.`;
    renderDatasetBar();
    throw error;
  } finally {
    delete document.documentElement.dataset.loading;
  }
}

function renderDatasetBar(): void {
  const input = h("input", {
    type: "file",
    id: "open-dataset",
    accept: ".json,.ndjson,.jsonl,.gz",
  });
  input.addEventListener("change", () => {
    const file = input.files?.[0];
    if (file) openDataset({ blob: file, origin: file.name }).catch(() => undefined);
  });
  const useSeed = h("button", { type: "button", class: "link-button" }, "Back to the seed");
  useSeed.addEventListener("click", () => {
    openSeed("/timeline").catch(() => undefined);
  });
  render(
    datasetBar,
    loading
      ? h(
          "span",
          { class: "current-dataset", role: "status", "data-testid": "loading" },
          `Opening ${loading.origin}: ${progressText(loading.progress)}`,
          loading.progress?.phase === "reading" && loading.progress.totalBytes
            ? h("progress", { max: loading.progress.totalBytes, value: loading.progress.bytes })
            : h("progress", null),
        )
      : h(
          "span",
          { class: "current-dataset" },
          "Dataset: ",
          h("strong", { "data-testid": "dataset-title" }, summary?.info.title ?? "loading…"),
          summary
            ? ` (${summary.info.origin}, ${summary.records.toLocaleString("en")} records)`
            : "",
        ),
    " ",
    filePicker(input, "Open dataset…"),
    summary && summary.info.origin !== "bundled seed" && !loading ? useSeed : null,
    loadError
      ? h(
          "p",
          { class: "error", role: "alert" },
          loadError,
          " ",
          h("a", { href: "#/validate" }, "Validate the file"),
          " to see what is wrong.",
        )
      : null,
    summary?.problems.count && !loading
      ? h(
          "p",
          { class: "warning load-problems", role: "status" },
          `${summary.problems.count.toLocaleString("en")} ${summary.problems.count === 1 ? "problem" : "problems"} while loading: records that do not follow the standard are not shown. `,
          h("a", { href: "#/validate" }, "Validate the file"),
          " to see each one.",
        )
      : null,
  );
}

function openSeed(then: string): Promise<void> {
  return openDataset({ url: new URL(seedUrl, location.href).href, origin: "bundled seed" }, then);
}

async function show(): Promise<void> {
  const started = performance.now();
  const route = parseRoute(location.hash);
  const hash = location.hash || "#/timeline";
  render(
    nav,
    NAV.map((item) => {
      const current =
        item.view === route.view || (item.view === "events" && route.view === "event");
      return h(
        "li",
        null,
        h("a", { href: `#${item.route}`, "aria-current": current ? "page" : null }, item.label),
      );
    }),
  );
  if (!summary) {
    render(main, h("p", null, loading ? "Opening the dataset…" : "No dataset is open."));
    drawn();
    return;
  }
  const current = ++renderCount;
  for (const cleanup of leaving.splice(0)) cleanup();
  const drawing: Promise<unknown>[] = [];
  const ctx: ViewContext = {
    client,
    summary,
    route,
    openDataset: (source) => openDataset(source),
    navigate,
    onLeave: (cleanup) => leaving.push(cleanup),
    drawing: (work) => drawing.push(work),
  };
  let view: Node;
  try {
    view = await VIEWS[route.view](ctx);
  } catch (error) {
    view = h(
      "div",
      null,
      h("h1", { tabindex: "-1", id: "view-title" }, "Something went wrong"),
      h("p", { class: "error" }, error instanceof Error ? error.message : String(error)),
    );
  }
  // Another render started while this one waited for the worker: it owns the page now.
  if (current !== renderCount) return;
  render(main, view);
  const title = main.querySelector<HTMLElement>("h1");
  document.title = `${title?.textContent ?? "Parley"} · Parley Explorer`;
  // Move focus to the new view's heading (or what the view marks as its start, such as the
  // results after applying filters) so keyboard and screen-reader users land on it.
  const start = main.querySelector<HTMLElement>("[data-focus-start]") ?? title;
  if (document.activeElement !== document.body || location.hash)
    start?.focus({ preventScroll: false });
  document.documentElement.dataset.view = route.view;
  await Promise.allSettled(drawing);
  if (current !== renderCount) return;
  // How long the view took, from the route change to drawn (charts and graph included): in
  // the browser's performance timeline, where the end-to-end tests and DevTools read it.
  performance.measure(`parley:view ${hash}`, { start: started, end: performance.now() });
  document.documentElement.dataset.rendered = hash;
  drawn();
}

window.addEventListener("hashchange", () => void show());
renderDatasetBar();
void show();

/**
 * `?dataset=<url>` opens that dataset (relative URLs from this page); otherwise the seed.
 * `data-ready` on <html> says the first view is drawn: the dataset is open and its view on the
 * page with its charts (or the page says why nothing could be opened). Tests wait for it.
 */
const wanted = new URLSearchParams(location.search).get("dataset");
const initial = wanted
  ? openDataset(
      { url: new URL(wanted, location.href).href },
      location.hash ? location.hash.slice(1) : "/overview",
    )
  : openSeed(location.hash ? location.hash.slice(1) : "/timeline");
initial
  .catch(() => undefined)
  .then(() => {
    document.documentElement.dataset.ready = "true";
  });
