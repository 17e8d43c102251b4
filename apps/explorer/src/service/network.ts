import type { ExplorerData } from "../data";
import { adjacency, buildGraph, type Graph, type GraphEdge, type GraphNode } from "../logic/graph";
import { fitToBox, forceLayout, type Position } from "../logic/layout";

/**
 * The network at any size: never the whole graph of a large dataset by default, but the
 * bounded neighbourhood of one node (a person, country, organization, format or event): the
 * node, what it links to, and what those link to, up to a fixed number of nodes, the most
 * connected first. The whole graph is drawn on request, and past a size only its most
 * connected nodes, said so on the page.
 */
export interface NetworkQuery {
  /** A graph node id: "person:…", "country:KAZ", "format:…", "organization:…", "event:…". */
  focus?: string;
  full?: boolean;
  box: { width: number; height: number };
}

export type PlacedNode = GraphNode & Position & { degree: number };

export interface NetworkResult {
  mode: "whole" | "neighbourhood" | "full";
  totalNodes: number;
  totalEdges: number;
  focus?: GraphNode;
  nodes: PlacedNode[];
  edges: GraphEdge[];
  /** Nodes of the neighbourhood (or of the full graph) left out to keep the picture bounded. */
  omitted: number;
  /** The most connected actors: starting points offered on the page. */
  hubs: (GraphNode & { degree: number })[];
  /** The focus asked for is not in the graph (a stale link): said on the page. */
  missingFocus?: string;
  layoutMs: number;
}

/** The bounded neighbourhood holds at most this many nodes; so does a dataset drawn whole. */
export const NEIGHBOURHOOD_NODES = 150;
/** The full graph, on request, draws at most this many nodes (the most connected). */
export const FULL_GRAPH_NODES = 1000;

const ACTOR_KINDS = new Set(["person", "country", "organization", "format"]);

export class NetworkIndex {
  #graph: Graph | undefined;
  #byId = new Map<string, GraphNode>();
  #neighbours = new Map<string, { node: GraphNode; relation: string }[]>();
  /** Each node's links (each link under both its ends): links among chosen nodes without a scan of all. */
  #edgesByNode = new Map<string, GraphEdge[]>();
  /** The full graph's most connected nodes, laid out once (box-free, fitted to each request). */
  #full: { nodes: GraphNode[]; edges: GraphEdge[]; positions: Map<string, Position> } | undefined;

  constructor(readonly data: ExplorerData) {}

  get graph(): Graph {
    if (!this.#graph) {
      const data = this.data;
      this.#graph = buildGraph(data.ofType("event"), {
        record: (id) => data.label(id),
        country: (code) => {
          const name = data.countryName(code);
          return name === code ? code : `${name} (${code})`;
        },
      });
      this.#byId = new Map(this.#graph.nodes.map((n) => [n.id, n]));
      this.#neighbours = adjacency(this.#graph);
      for (const edge of this.#graph.edges)
        for (const end of [edge.source, edge.target]) {
          const list = this.#edgesByNode.get(end) ?? [];
          list.push(edge);
          this.#edgesByNode.set(end, list);
        }
    }
    return this.#graph;
  }

  degree(id: string): number {
    return this.#neighbours.get(id)?.length ?? 0;
  }

  /** Actors (not events) by number of links, most first; ties by label. */
  hubs(limit: number): (GraphNode & { degree: number })[] {
    return this.graph.nodes
      .filter((n) => ACTOR_KINDS.has(n.kind))
      .map((n) => ({ ...n, degree: this.degree(n.id) }))
      .sort((a, b) => b.degree - a.degree || a.label.localeCompare(b.label))
      .slice(0, limit);
  }

  /** Nodes whose label or id contains the text, most connected first. */
  search(text: string, limit = 20): (GraphNode & { degree: number })[] {
    const needle = text.trim().toLowerCase();
    if (!needle) return [];
    const found: (GraphNode & { degree: number })[] = [];
    for (const node of this.graph.nodes) {
      if (node.kind === "unresolved") continue;
      if (node.label.toLowerCase().includes(needle) || node.id.toLowerCase().includes(needle))
        found.push({ ...node, degree: this.degree(node.id) });
    }
    return found
      .sort((a, b) => b.degree - a.degree || a.label.localeCompare(b.label))
      .slice(0, limit);
  }

  query(query: NetworkQuery): NetworkResult {
    const graph = this.graph;
    const hubs = this.hubs(12);
    const base = { totalNodes: graph.nodes.length, totalEdges: graph.edges.length, hubs };
    let mode: "whole" | "neighbourhood";
    let chosen: GraphNode[];
    let omitted = 0;
    let focus: GraphNode | undefined;
    let missingFocus: string | undefined;
    if (query.full) {
      const full = this.full();
      const started = performance.now();
      const positions = fitToBox(
        full.nodes.map((n) => ({ id: n.id, ...(full.positions.get(n.id) ?? { x: 0, y: 0 }) })),
        query.box,
      );
      return {
        ...base,
        mode: "full",
        nodes: full.nodes.map((n) => ({
          ...n,
          ...(positions.get(n.id) ?? { x: 0, y: 0 }),
          degree: this.degree(n.id),
        })),
        edges: full.edges,
        omitted: graph.nodes.length - full.nodes.length,
        layoutMs: performance.now() - started,
      };
    } else if (!query.focus && graph.nodes.length <= NEIGHBOURHOOD_NODES) {
      mode = "whole";
      chosen = graph.nodes;
    } else {
      mode = "neighbourhood";
      focus = query.focus ? this.#byId.get(query.focus) : undefined;
      if (query.focus && !focus) missingFocus = query.focus;
      focus ??= hubs[0] ? this.#byId.get(hubs[0].id) : graph.nodes[0];
      const found = focus ? this.neighbourhood(focus.id, NEIGHBOURHOOD_NODES) : undefined;
      chosen = found?.nodes ?? [];
      omitted = found?.omitted ?? 0;
    }
    const ids = new Set(chosen.map((n) => n.id));
    const edges = this.#edgesAmong(ids);
    const started = performance.now();
    const positions = forceLayout(chosen, edges, query.box);
    const layoutMs = performance.now() - started;
    return {
      ...base,
      mode,
      ...(focus ? { focus } : {}),
      ...(missingFocus ? { missingFocus } : {}),
      nodes: chosen.map((n) => ({
        ...n,
        ...(positions.get(n.id) ?? { x: 0, y: 0 }),
        degree: this.degree(n.id),
      })),
      edges,
      omitted,
      layoutMs,
    };
  }

  /**
   * Breadth first from the focus, two steps (actor → its events → their other actors), each
   * step taking the most connected nodes first until the bound is reached. `omitted` counts
   * the nodes within two steps that did not fit.
   */
  neighbourhood(focusId: string, limit: number): { nodes: GraphNode[]; omitted: number } {
    this.graph;
    const focus = this.#byId.get(focusId);
    if (!focus) return { nodes: [], omitted: 0 };
    const chosen = new Map<string, GraphNode>([[focus.id, focus]]);
    const seen = new Set<string>([focus.id]);
    let frontier = [focus];
    let omitted = 0;
    for (let depth = 0; depth < 2 && frontier.length > 0; depth++) {
      const next: GraphNode[] = [];
      for (const node of frontier)
        for (const { node: neighbour } of this.#neighbours.get(node.id) ?? []) {
          if (seen.has(neighbour.id)) continue;
          seen.add(neighbour.id);
          next.push(neighbour);
        }
      next.sort((a, b) => this.degree(b.id) - this.degree(a.id) || a.label.localeCompare(b.label));
      const room = Math.max(0, limit - chosen.size);
      for (const node of next.slice(0, room)) chosen.set(node.id, node);
      omitted += Math.max(0, next.length - room);
      frontier = next.slice(0, room);
    }
    return { nodes: [...chosen.values()], omitted };
  }

  /**
   * The full graph's most connected nodes and their links, laid out on first request (the
   * data worker does it while loading a dataset, so the request itself is quick).
   */
  full(): { nodes: GraphNode[]; edges: GraphEdge[]; positions: Map<string, Position> } {
    if (!this.#full) {
      const graph = this.graph;
      const nodes =
        graph.nodes.length <= FULL_GRAPH_NODES
          ? graph.nodes
          : [...graph.nodes]
              .sort((a, b) => this.degree(b.id) - this.degree(a.id) || (a.id < b.id ? -1 : 1))
              .slice(0, FULL_GRAPH_NODES);
      const edges = this.#edgesAmong(new Set(nodes.map((n) => n.id)));
      this.#full = {
        nodes,
        edges,
        positions: forceLayout(nodes, edges, { width: 1600, height: 900 }),
      };
    }
    return this.#full;
  }

  #edgesAmong(ids: ReadonlySet<string>): GraphEdge[] {
    const edges: GraphEdge[] = [];
    // Each link once: from its source's list.
    for (const id of ids)
      for (const edge of this.#edgesByNode.get(id) ?? [])
        if (edge.source === id && ids.has(edge.target)) edges.push(edge);
    return edges;
  }
}
