import seedUrl from "../../../examples/seed/seed.json?url";
import "./style.css";
import type { ViewContext, ViewRenderer } from "./context";
import { ExplorerData } from "./data";
import { filePicker, h, readFileText, render } from "./dom";
import { parseRoute, type View } from "./logic/routes";
import { eventView } from "./views/event";
import { eventsView } from "./views/events";
import { networkView } from "./views/network";
import { quotesView } from "./views/quotes";
import { recordView } from "./views/record";
import { timelineView } from "./views/timeline";
import { validateView } from "./views/validate";

const VIEWS: Record<View, ViewRenderer> = {
  timeline: timelineView,
  events: eventsView,
  event: eventView,
  network: networkView,
  quotes: quotesView,
  validate: validateView,
  record: recordView,
};

const NAV: { view: View; label: string; route: string }[] = [
  { view: "timeline", label: "Timeline", route: "/timeline" },
  { view: "events", label: "Events", route: "/events" },
  { view: "network", label: "Network", route: "/network" },
  { view: "quotes", label: "Quotes", route: "/quotes" },
  { view: "validate", label: "Validate", route: "/validate" },
];

const main = document.getElementById("main") as HTMLElement;
const nav = document.getElementById("nav") as HTMLElement;
const datasetBar = document.getElementById("dataset-bar") as HTMLElement;
let data: ExplorerData | undefined;
/** Clean-up of the view on screen, run before the next one renders. */
const leaving: (() => void)[] = [];

function navigate(route: string): void {
  const hash = `#${route}`;
  if (location.hash === hash) void show();
  else location.hash = hash;
}

function setData(next: ExplorerData): void {
  data = next;
  renderDatasetBar();
}

function renderDatasetBar(): void {
  const input = h("input", {
    type: "file",
    id: "open-dataset",
    accept: ".json,.ndjson,.jsonl,.gz",
  });
  input.addEventListener("change", async () => {
    const file = input.files?.[0];
    if (!file) return;
    try {
      setData(ExplorerData.fromText(await readFileText(file), file.name));
      navigate("/timeline");
    } catch (error) {
      render(
        datasetBar,
        h(
          "p",
          { class: "error", role: "alert" },
          `Cannot open ${file.name}: ${error instanceof Error ? error.message : String(error)}. Use Validate to see what is wrong.`,
        ),
        filePicker(input, "Open another…"),
      );
    }
  });
  const useSeed = h("button", { type: "button", class: "link-button" }, "Back to the seed");
  useSeed.addEventListener("click", async () => {
    setData(await loadSeed());
    navigate("/timeline");
  });
  render(
    datasetBar,
    h(
      "span",
      { class: "current-dataset" },
      "Dataset: ",
      h("strong", { "data-testid": "dataset-title" }, data?.info.title ?? "loading…"),
      data ? ` (${data.info.origin}, ${data.records.length} records)` : "",
    ),
    " ",
    filePicker(input, "Open dataset…"),
    data && data.info.origin !== "bundled seed" ? useSeed : null,
    data?.problems.length
      ? h(
          "p",
          { class: "warning load-problems", role: "status" },
          `${data.problems.length} ${data.problems.length === 1 ? "problem" : "problems"} while loading: records that do not follow the standard are not shown. `,
          h("a", { href: "#/validate" }, "Validate the file"),
          " to see each one.",
        )
      : null,
  );
}

async function loadSeed(): Promise<ExplorerData> {
  const response = await fetch(seedUrl);
  return ExplorerData.fromText(await response.text(), "bundled seed");
}

async function show(): Promise<void> {
  const route = parseRoute(location.hash);
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
  if (!data) {
    render(main, h("p", null, "Loading the seed dataset…"));
    return;
  }
  for (const cleanup of leaving.splice(0)) cleanup();
  const ctx: ViewContext = {
    data,
    route,
    setData,
    navigate,
    onLeave: (cleanup) => leaving.push(cleanup),
  };
  try {
    render(main, await VIEWS[route.view](ctx));
  } catch (error) {
    render(
      main,
      h("h1", { tabindex: "-1", id: "view-title" }, "Something went wrong"),
      h("p", { class: "error" }, error instanceof Error ? error.message : String(error)),
    );
  }
  const title = main.querySelector<HTMLElement>("h1");
  document.title = `${title?.textContent ?? "Parley"} · Parley Explorer`;
  // Move focus to the new view's heading (or what the view marks as its start, such as the
  // results after applying filters) so keyboard and screen-reader users land on it.
  const start = main.querySelector<HTMLElement>("[data-focus-start]") ?? title;
  if (document.activeElement !== document.body || location.hash)
    start?.focus({ preventScroll: false });
  document.documentElement.dataset.view = route.view;
}

window.addEventListener("hashchange", () => void show());
renderDatasetBar();
void show();
loadSeed()
  .then((seed) => {
    setData(seed);
    return show();
  })
  .then(() => {
    document.documentElement.dataset.ready = "true";
  })
  .catch((error) => {
    render(
      main,
      h("p", { class: "error", role: "alert" }, `Cannot load the seed dataset: ${String(error)}`),
    );
  });
