import { nextTask, type ViewContext } from "../context";
import { h, link, render } from "../dom";
import type { GraphNode, NodeKind } from "../logic/graph";
import { eventRoute, recordRoute, searchRoute } from "../logic/routes";
import {
  FULL_GRAPH_NODES,
  NEIGHBOURHOOD_NODES,
  type NetworkResult,
  type PlacedNode,
} from "../service/network";
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

/** Elements added to cytoscape per task: each batch stays well under the 100 ms budget. */
const ELEMENTS_PER_TASK = 400;

const STYLE = [
  {
    selector: "node",
    style: {
      label: "data(label)",
      "font-size": 11,
      width: 18,
      height: 18,
      "text-wrap": "ellipsis",
      "text-max-width": "150px",
      "min-zoomed-font-size": 7,
      "background-color": "#6b7280",
      color: "#111827",
      "text-valign": "bottom",
      "text-margin-y": 3,
    },
  },
  {
    selector: 'node[kind = "event"]',
    style: { shape: "diamond", "background-color": "#b45309", width: 24, height: 24 },
  },
  { selector: 'node[kind = "person"]', style: { "background-color": "#1d4ed8" } },
  {
    selector: 'node[kind = "unresolved"]',
    style: {
      "background-color": "#fff",
      "border-width": 2,
      "border-style": "dashed",
      "border-color": "#1d4ed8",
    },
  },
  {
    selector: 'node[kind = "country"]',
    style: { shape: "round-rectangle", "background-color": "#047857" },
  },
  {
    selector: 'node[kind = "organization"]',
    style: { shape: "hexagon", "background-color": "#7c3aed" },
  },
  { selector: 'node[kind = "format"]', style: { shape: "star", "background-color": "#be123c" } },
  {
    selector: "node.focus",
    style: {
      width: 34,
      height: 34,
      "border-width": 3,
      "border-color": "#111827",
      "font-weight": "bold",
    },
  },
  { selector: "edge", style: { width: 1, "line-color": "#9ca3af", "curve-style": "haystack" } },
];

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
 * draws it with cytoscape's preset layout, in batches, so it never freezes. The same links are
 * also given as lists for keyboard and screen-reader users.
 */
export async function networkView(ctx: ViewContext): Promise<Node> {
  const params = ctx.route.params;
  const focusParam = params.get("focus") ?? undefined;
  const full = params.get("full") === "1";
  const main = document.getElementById("main");
  const width = Math.max(300, (main?.clientWidth ?? 1000) - 32);
  const height = window.innerWidth < 600 ? 420 : 560;
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

  let left = false;
  let stop: (() => void) | undefined;
  ctx.onLeave(() => {
    left = true;
    stop?.();
  });
  ctx.drawing(
    (async () => {
      // cytoscape measures its container, so it starts once the view is in the document; it
      // is loaded on first use, so other views do not download it.
      const { default: cytoscape } = await import("cytoscape");
      await nextTask();
      if (left || !container.isConnected) return;
      const cy = cytoscape({
        container,
        style: STYLE as never,
        layout: { name: "preset" },
        // Big graphs: draw a cached bitmap while panning and zooming rather than every edge.
        textureOnViewport: result.nodes.length > 500,
        hideEdgesOnViewport: result.nodes.length > 500,
        pixelRatio: result.nodes.length > 500 ? 1 : "auto",
      });
      stop = () => cy.destroy();
      const elements = [
        ...result.nodes.map((n: PlacedNode) => ({
          group: "nodes" as const,
          data: { id: n.id, label: n.label, kind: n.kind },
          position: { x: n.x, y: n.y },
          classes: n.id === result.focus?.id ? "focus" : "",
        })),
        ...result.edges.map((e) => ({
          group: "edges" as const,
          data: { id: e.id, source: e.source, target: e.target, relation: e.relation },
        })),
      ];
      for (let at = 0; at < elements.length; at += ELEMENTS_PER_TASK) {
        if (left) return;
        cy.batch(() => {
          cy.add(elements.slice(at, at + ELEMENTS_PER_TASK));
        });
        if (at + ELEMENTS_PER_TASK < elements.length) await nextTask();
      }
      // The worker laid the graph out in the container's size: draw it at about 1:1 so labels
      // keep their size (fitting a small graph would blow its labels up).
      cy.fit(undefined, 8);
      if (cy.zoom() > 1.1) {
        cy.zoom(1);
        cy.center();
      }
      cy.on("tap", "node", (event) => {
        ctx.navigate(focusRoute(event.target.id()));
      });
      container.dataset.nodes = String(cy.nodes().length);
      // Wait for the frame that paints the graph: the view is drawn when it is on screen.
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    })(),
  );

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
    h(
      "div",
      { class: "graph-lists" },
      kinds.map((kind) => {
        const nodes = result.nodes.filter((n) => n.kind === kind);
        if (nodes.length === 0) return null;
        return h(
          "section",
          null,
          h("h3", null, `${KIND_LABELS[kind]} (${nodes.length})`),
          h(
            "ul",
            null,
            nodes.map((n) =>
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
          ),
        );
      }),
    ),
  );
}
