/**
 * The network picture: persons, countries, organizations and formats, each linked to the events
 * they take part in or that concern them. Events are nodes too, so every link says through
 * which event two actors are connected. Pure data: the data worker lays it out and the graph worker draws it.
 */
export type NodeKind = "event" | "person" | "country" | "organization" | "format" | "unresolved";

export interface GraphNode {
  id: string;
  label: string;
  kind: NodeKind;
  /** The record the node stands for, when there is one (countries have none). */
  recordId?: string;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  /** How the actor relates to the event: participant, represented, format, organization. */
  relation: string;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** The minimal shape of an event the graph needs (the schema's Event satisfies it). */
export interface GraphEvent {
  id: string;
  title?: string;
  kind: string;
  participants?: ReadonlyArray<{
    person?: string;
    organization?: string;
    unresolved?: { name?: string; description?: string };
    represents?: { country?: string; organization?: string };
    role?: string;
  }>;
  formats?: ReadonlyArray<{ format: string; link: string }>;
  organizations?: readonly string[];
  location?: { country?: string };
}

export interface GraphLabels {
  /** Display name of a record id (falls back to the id). */
  record(id: string): string;
  country(code: string): string;
}

export function buildGraph(events: readonly GraphEvent[], labels: GraphLabels): Graph {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const node = (id: string, kind: NodeKind, label: string, recordId?: string) => {
    if (!nodes.has(id))
      nodes.set(id, recordId ? { id, kind, label, recordId } : { id, kind, label });
    return id;
  };
  const edge = (source: string, target: string, relation: string) => {
    const id = `${source}->${target}:${relation}`;
    if (!edges.has(id)) edges.set(id, { id, source, target, relation });
  };
  const recordNode = (kind: NodeKind, recordId: string) =>
    node(`${kind}:${recordId}`, kind, labels.record(recordId), recordId);
  const countryNode = (code: string) => node(`country:${code}`, "country", labels.country(code));

  for (const event of events) {
    // The record label, so an event without a title gets the same readable stand-in everywhere.
    const eventNode = node(`event:${event.id}`, "event", labels.record(event.id), event.id);
    (event.participants ?? []).forEach((participant, index) => {
      let actor: string | undefined;
      if (participant.person) actor = recordNode("person", participant.person);
      else if (participant.organization)
        actor = recordNode("organization", participant.organization);
      else if (participant.unresolved) {
        const label =
          participant.unresolved.name ?? participant.unresolved.description ?? "unresolved";
        actor = node(`unresolved:${event.id}#${index}`, "unresolved", label);
      }
      if (actor) edge(actor, eventNode, "participant");
      const represents = participant.represents;
      if (represents?.country) {
        const country = countryNode(represents.country);
        if (actor) edge(actor, country, "represents");
        edge(country, eventNode, "represented");
      }
      if (represents?.organization) {
        const organization = recordNode("organization", represents.organization);
        if (actor) edge(actor, organization, "represents");
      }
    });
    for (const link of event.formats ?? [])
      edge(recordNode("format", link.format), eventNode, `format ${link.link}`);
    for (const organization of event.organizations ?? [])
      edge(recordNode("organization", organization), eventNode, "organization");
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/** Neighbours of each node, for the keyboard-usable list beside the picture. */
export function adjacency(graph: Graph): Map<string, { node: GraphNode; relation: string }[]> {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const result = new Map<string, { node: GraphNode; relation: string }[]>();
  const add = (from: string, to: string, relation: string) => {
    const target = byId.get(to);
    if (!target) return;
    const list = result.get(from) ?? [];
    list.push({ node: target, relation });
    result.set(from, list);
  };
  for (const e of graph.edges) {
    add(e.source, e.target, e.relation);
    add(e.target, e.source, e.relation);
  }
  return result;
}
