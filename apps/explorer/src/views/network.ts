import type { ViewContext } from "../context";
import { h, link } from "../dom";
import { adjacency, buildGraph, type GraphNode, type NodeKind } from "../logic/graph";
import { eventRoute, recordRoute, searchRoute } from "../logic/routes";
import { countryLabel } from "./common";

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

/**
 * Persons, countries, organizations and formats linked through events, drawn by cytoscape.
 * The picture is a canvas, so the same graph is also given as lists of links for keyboard and
 * screen-reader users.
 */
export function networkView(ctx: ViewContext): Node {
  const { data } = ctx;
  const graph = buildGraph(data.ofType("event"), {
    record: (id) => data.label(id),
    country: (code) => countryLabel(data, code),
  });
  const container = h("div", {
    class: "graph",
    role: "img",
    "aria-label": `Network of ${graph.nodes.length} actors and events; the same links are listed below.`,
  });
  // cytoscape measures its container, so it starts once the view is in the document.
  // The library is loaded on first use, so the other views do not download it.
  let left = false;
  let stop: (() => void) | undefined;
  ctx.onLeave(() => {
    left = true;
    stop?.();
  });
  const start = async () => {
    if (left) return;
    if (!container.isConnected) return requestAnimationFrame(() => void start());
    const { default: cytoscape } = await import("cytoscape");
    if (left) return;
    const cy = cytoscape({
      container,
      elements: [
        ...graph.nodes.map((n) => ({ data: { id: n.id, label: n.label, kind: n.kind } })),
        ...graph.edges.map((e) => ({
          data: { id: e.id, source: e.source, target: e.target, relation: e.relation },
        })),
      ],
      style: [
        {
          selector: "node",
          style: {
            label: "data(label)",
            "font-size": 11,
            width: 18,
            height: 18,
            "text-wrap": "wrap",
            "text-max-width": "150px",
            "background-color": "#6b7280",
            color: "#111827",
            "text-valign": "bottom",
            "text-margin-y": 3,
          },
        },
        {
          selector: 'node[kind = "event"]',
          style: { shape: "diamond", "background-color": "#b45309", width: 28, height: 28 },
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
        {
          selector: 'node[kind = "format"]',
          style: { shape: "star", "background-color": "#be123c" },
        },
        { selector: "edge", style: { width: 1, "line-color": "#9ca3af", "curve-style": "bezier" } },
      ],
      layout: {
        name: "cose",
        animate: false,
        randomize: false,
        nodeDimensionsIncludeLabels: true,
        padding: 24,
        // Lay out in the container's own shape, so the fitted drawing fills it rather than
        // shrinking a tall layout into a wide box (or the reverse on a phone).
        boundingBox: { x1: 0, y1: 0, w: container.clientWidth, h: container.clientHeight },
        idealEdgeLength: () => 90,
        nodeRepulsion: () => 20000,
        gravity: 0.4,
        numIter: 2500,
        componentSpacing: 60,
      },
    });
    cy.on("tap", "node", (event) => {
      const node = graph.nodes.find((n) => n.id === event.target.id());
      if (node) ctx.navigate(routeOf(node));
    });
    container.dataset.nodes = String(cy.nodes().length);
    // A detached cytoscape keeps drawing into a missing container; stop it with the view.
    stop = () => cy.destroy();
  };
  requestAnimationFrame(() => void start());

  const neighbours = adjacency(graph);
  const kinds: NodeKind[] = ["person", "unresolved", "country", "organization", "format", "event"];
  return h(
    "section",
    { class: "view network-view" },
    h("h1", { id: "view-title", tabindex: "-1" }, "Network"),
    h(
      "p",
      { class: "hint" },
      "Actors are linked to the events (diamonds) they take part in or that concern them. Select a node to open it.",
    ),
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
        const nodes = graph.nodes.filter((n) => n.kind === kind);
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
                h(
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
