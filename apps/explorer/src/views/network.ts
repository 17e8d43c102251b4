import { appendInTasks, nextTask, type ViewContext } from "../context";
import { h, link, render } from "../dom";
import { type Scene, type Transform, zoomAt } from "../logic/draw-graph";
import type { GraphNode, NodeKind } from "../logic/graph";
import { eventRoute, recordRoute, searchRoute } from "../logic/routes";
import {
  FULL_GRAPH_NODES,
  NEIGHBOURHOOD_NODES,
  type NetworkResult,
  type PlacedNode,
} from "../service/network";
import type { FromGraphWorker, ToGraphWorker } from "../worker/graph.worker";
import { withParams } from "./common";

const KIND_LABELS: Record<NodeKind, string> = {
  event: "Events",
  person: "Persons",
  unresolved: "Unresolved participants",
  country: "Countries",
  organization: "Organizations",
  format: "Formats",
};

function routeOf(node: GraphNode): string {
  if (node.kind === "event" && node.recordId) return eventRoute(node.recordId);
  if (node.kind === "country") return searchRoute({ country: node.id.slice("country:".length) });
  if (node.recordId) return recordRoute(node.recordId);
  return "/network";
}

const focusRoute = (id: string) => `/network?focus=${encodeURIComponent(id)}`;

function describeResult(result: NetworkResult): string {
  const total = `${result.totalNodes.toLocaleString("en")} nodes and ${result.totalEdges.toLocaleString("en")} links in all`;
  if (result.mode === "whole")
    return `The whole network: ${result.nodes.length} nodes, ${result.edges.length} links.`;
  if (result.mode === "full")
    return result.omitted > 0
      ? `The full graph on request: ${total}; the ${result.nodes.length.toLocaleString("en")} most connected nodes are drawn (${result.omitted.toLocaleString("en")} left out).`
      : `The full graph on request: ${total}.`;
  const shown = `${result.nodes.length} nodes, ${result.edges.length} links`;
  return result.omitted > 0
    ? `Neighbourhood of ${result.focus?.label ?? "?"}: ${shown}; the ${result.omitted.toLocaleString("en")} less connected nodes within two steps are left out (at most ${NEIGHBOURHOOD_NODES} are drawn). Network: ${total}.`
    : `Neighbourhood of ${result.focus?.label ?? "?"} (two steps): ${shown}. Network: ${total}.`;
}

/**
 * Persons, countries, organizations and formats linked through events. A large network is
 * shown as the bounded neighbourhood of one node (the most connected actor unless one is
 * chosen), the whole graph only on request. The layout is computed in the data worker; the page
 * draws nothing itself: a graph worker paints the canvas, so it never freezes. The same links are
 * also given as lists for keyboard and screen-reader users.
 */
export async function networkView(ctx: ViewContext): Promise<Node> {
  const params = ctx.route.params;
  const focusParam = params.get("focus") ?? undefined;
  const full = params.get("full") === "1";
  // The size the graph will have on screen (see .graph in style.css): the worker lays it out so.
  const main = document.getElementById("main");
  const width = Math.max(300, (main?.clientWidth ?? 1000) - 32);
  const height = Math.round(
    window.innerWidth < 600 ? window.innerHeight * 0.55 : Math.min(window.innerHeight * 0.6, 560),
  );
  const result = await ctx.client.call("network", {
    ...(focusParam ? { focus: focusParam } : {}),
    full,
    box: { width, height },
  });
  const container = h("div", {
    class: "graph",
    role: "img",
    "aria-label": `${describeResult(result)} The same links are listed below.`,
    "data-mode": result.mode,
  });

  ctx.drawing(drawNetwork(ctx, container, result, { width, height }));

  const searchResults = h("ul", { class: "network-search-results", "aria-live": "polite" });
  const search = h(
    "form",
    { class: "filters network-search", role: "search", "aria-label": "Centre the network on" },
    h(
      "label",
      null,
      "Centre on",
      h("input", {
        type: "search",
        name: "q",
        placeholder: "a person, country, organization, format or event",
      }),
    ),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Find")),
  );
  search.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = String(new FormData(search).get("q") ?? "");
    const found = await ctx.client.call("networkSearch", text);
    render(
      searchResults,
      found.length
        ? found.map((n) =>
            h(
              "li",
              null,
              link(focusRoute(n.id), n.label),
              ` (${KIND_LABELS[n.kind].toLowerCase()}, ${n.degree} links)`,
            ),
          )
        : h("li", null, `Nothing named “${text}”.`),
    );
  });

  const byId = new Map(result.nodes.map((n) => [n.id, n]));
  const neighbours = new Map<string, { node: PlacedNode; relation: string }[]>();
  for (const edge of result.edges) {
    for (const [from, to] of [
      [edge.source, edge.target],
      [edge.target, edge.source],
    ] as const) {
      const target = byId.get(to);
      if (!target) continue;
      const list = neighbours.get(from) ?? [];
      list.push({ node: target, relation: edge.relation });
      neighbours.set(from, list);
    }
  }
  const kinds: NodeKind[] = ["person", "unresolved", "country", "organization", "format", "event"];
  const lists = h("div", { class: "graph-lists" });
  for (const kind of kinds) {
    const nodes = result.nodes.filter((n) => n.kind === kind);
    if (nodes.length === 0) continue;
    const list = h("ul");
    lists.append(h("section", null, h("h3", null, `${KIND_LABELS[kind]} (${nodes.length})`), list));
    // A thousand nodes of the full graph are listed a batch per task.
    ctx.drawing(
      appendInTasks(list, nodes, (n) =>
        h(
          "li",
          null,
          link(routeOf(n), n.label),
          n.kind !== "unresolved" && n.id !== result.focus?.id
            ? [" ", link(focusRoute(n.id), h("span", { class: "centre" }, "centre here"))]
            : null,
          // The full graph's lists name its nodes only: its links would be tens of thousands.
          result.mode === "full"
            ? null
            : h(
                "ul",
                { class: "neighbours" },
                (neighbours.get(n.id) ?? []).map((m) =>
                  h(
                    "li",
                    null,
                    h("span", { class: "relation" }, m.relation),
                    " ",
                    link(routeOf(m.node), m.node.label),
                  ),
                ),
              ),
        ),
      ),
    );
  }
  return h(
    "section",
    { class: "view network-view" },
    h("h1", { id: "view-title", tabindex: "-1" }, "Network"),
    h(
      "p",
      { class: "hint" },
      "Actors are linked to the events (diamonds) they take part in or that concern them. Select a node to centre the network on it.",
    ),
    search,
    searchResults,
    result.missingFocus
      ? h(
          "p",
          { class: "warning" },
          `No node ${result.missingFocus} in this network; showing the most connected actor instead.`,
        )
      : null,
    h(
      "p",
      { class: "network-status", "data-testid": "network-status" },
      describeResult(result),
      " ",
      result.mode === "full"
        ? link(withParams("/network", params, { full: undefined }), "Back to a neighbourhood")
        : result.mode === "neighbourhood"
          ? link(
              withParams("/network", params, { full: "1", focus: undefined }),
              `Show the full graph (at most ${FULL_GRAPH_NODES.toLocaleString("en")} nodes)`,
            )
          : null,
    ),
    result.mode !== "whole"
      ? h(
          "p",
          { class: "hubs" },
          "Most connected: ",
          result.hubs.map((hub, index) => [index ? ", " : "", link(focusRoute(hub.id), hub.label)]),
        )
      : null,
    h(
      "ul",
      { class: "legend", "aria-label": "Legend" },
      kinds.map((k) =>
        h(
          "li",
          null,
          h("span", { class: `swatch swatch-${k}`, "aria-hidden": "true" }),
          KIND_LABELS[k],
        ),
      ),
    ),
    container,
    h("h2", null, "Links as lists"),
    lists,
  );
}

/**
 * Hands the canvas to the graph worker, which draws there; the page only forwards pointer
 * moves (pan), the wheel (zoom) and clicks (centre on the node under the pointer).
 */
async function drawNetwork(
  ctx: ViewContext,
  container: HTMLElement,
  result: NetworkResult,
  box: { width: number; height: number },
): Promise<void> {
  await nextTask();
  if (!container.isConnected) return;
  const canvas = h("canvas", { "aria-hidden": "true" });
  container.append(canvas);
  const rect = container.getBoundingClientRect();
  const size = { width: Math.max(1, rect.width), height: Math.max(1, rect.height) };
  const worker = new Worker(new URL("../worker/graph.worker.ts", import.meta.url), {
    type: "module",
  });
  ctx.onLeave(() => worker.terminate());
  const send = (message: ToGraphWorker, transfer: Transferable[] = []) =>
    worker.postMessage(message, transfer);
  const offscreen = canvas.transferControlToOffscreen();
  send({ type: "init", canvas: offscreen, ...size, ratio: window.devicePixelRatio || 1 }, [
    offscreen,
  ]);
  const index = new Map(result.nodes.map((n, i) => [n.id, i]));
  const scene: Scene = {
    nodes: result.nodes.map(({ id, label, kind, x, y }) => ({ id, label, kind, x, y })),
    edges: result.edges.flatMap((e) => {
      const a = index.get(e.source);
      const b = index.get(e.target);
      return a === undefined || b === undefined ? [] : [[a, b] as [number, number]];
    }),
    ...(result.focus ? { focus: result.focus.id } : {}),
    labels: result.mode === "full" ? "focus" : result.nodes.length <= 60 ? "all" : "actors",
  };
  // The layout was made for `box`; fit it to the container as it really is.
  const k = Math.min(size.width / box.width, size.height / box.height);
  let view: Transform = {
    k,
    x: (size.width - box.width * k) / 2,
    y: (size.height - box.height * k) / 2,
  };
  const picks = new Map<number, (node: string | undefined) => void>();
  let nextPick = 1;
  const drawn = new Promise<void>((resolve) => {
    worker.onmessage = (event: MessageEvent<FromGraphWorker>) => {
      const message = event.data;
      if (message.type === "drawn") {
        container.dataset.nodes = String(message.nodes);
        resolve();
      } else {
        picks.get(message.id)?.(message.node);
        picks.delete(message.id);
      }
    };
  });
  send({ type: "scene", scene, view });

  let drag: { x: number; y: number; moved: number } | undefined;
  canvas.addEventListener("pointerdown", (event) => {
    drag = { x: event.clientX, y: event.clientY, moved: 0 };
    canvas.setPointerCapture(event.pointerId);
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    drag = { x: event.clientX, y: event.clientY, moved: drag.moved + Math.abs(dx) + Math.abs(dy) };
    view = { ...view, x: view.x + dx, y: view.y + dy };
    send({ type: "view", view });
  });
  canvas.addEventListener("pointerup", (event) => {
    const click = drag !== undefined && drag.moved < 4;
    drag = undefined;
    if (!click) return;
    const bounds = canvas.getBoundingClientRect();
    const id = nextPick++;
    picks.set(id, (node) => {
      if (node) ctx.navigate(focusRoute(node));
    });
    send({ type: "pick", id, x: event.clientX - bounds.left, y: event.clientY - bounds.top });
  });
  canvas.addEventListener(
    "wheel",
    (event) => {
      event.preventDefault();
      const bounds = canvas.getBoundingClientRect();
      view = zoomAt(
        view,
        event.deltaY < 0 ? 1.15 : 1 / 1.15,
        event.clientX - bounds.left,
        event.clientY - bounds.top,
      );
      send({ type: "view", view });
    },
    { passive: false },
  );
  await drawn;
}
