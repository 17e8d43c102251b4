import {
  forceCollide,
  forceLink,
  forceManyBody,
  forceSimulation,
  forceX,
  forceY,
  type SimulationLinkDatum,
  type SimulationNodeDatum,
} from "d3-force";

/**
 * Node positions for the network picture, computed where it cannot freeze the page (the data
 * worker) by d3-force's Barnes-Hut simulation (n log n per step, where a force layout that
 * compares every pair is n²). The graph worker then draws at these positions.
 * d3-force seeds its own random source, so the same graph always gets the same picture.
 */
export interface LayoutNode {
  id: string;
}
export interface LayoutEdge {
  source: string;
  target: string;
}
export interface Position {
  x: number;
  y: number;
}

export function forceLayout(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
  box: { width: number; height: number },
): Map<string, Position> {
  type Datum = SimulationNodeDatum & { id: string };
  const data: Datum[] = nodes.map((n) => ({ id: n.id }));
  const known = new Set(data.map((d) => d.id));
  const links: SimulationLinkDatum<Datum>[] = edges
    .filter((e) => known.has(e.source) && known.has(e.target))
    .map((e) => ({ source: e.source, target: e.target }));
  // Wider than tall boxes stay so: the pull toward the centre is weaker along the long side.
  const aspect = Math.max(0.3, Math.min(3, box.width / Math.max(1, box.height)));
  // Fewer steps for big graphs (the picture settles early and the worker answers sooner); the
  // cooling rate is set so the simulation still reaches its resting temperature in them.
  const steps = data.length > 500 ? 80 : 160;
  const simulation = forceSimulation(data)
    .alphaDecay(1 - 0.001 ** (1 / steps))
    .force(
      "link",
      forceLink<Datum, SimulationLinkDatum<Datum>>(links)
        .id((d) => d.id)
        .distance(50),
    )
    .force("charge", forceManyBody<Datum>().strength(-140).theta(0.9).distanceMax(400))
    .force("x", forceX<Datum>(0).strength(0.06 / aspect))
    .force("y", forceY<Datum>(0).strength(0.06 * aspect));
  // Keeping labelled nodes apart is worth its cost in a neighbourhood, not in a full graph.
  if (data.length <= 500) simulation.force("collide", forceCollide<Datum>(14));
  simulation.stop().tick(steps);
  return fitToBox(
    data.map((d) => ({ id: d.id, x: d.x ?? 0, y: d.y ?? 0 })),
    box,
  );
}

/**
 * Stretches positions to fill the box (less a margin for labels), so that the page draws the
 * graph at about 1:1 and labels keep their size, whether the simulation came out small or large.
 */
export function fitToBox(
  points: readonly ({ id: string } & Position)[],
  box: { width: number; height: number },
  margin = 40,
): Map<string, Position> {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const p of points) {
    minX = Math.min(minX, p.x);
    maxX = Math.max(maxX, p.x);
    minY = Math.min(minY, p.y);
    maxY = Math.max(maxY, p.y);
  }
  const width = Math.max(1, box.width - 2 * margin);
  const height = Math.max(1, box.height - 2 * margin);
  const spanX = maxX - minX;
  const spanY = maxY - minY;
  const place = (value: number, min: number, span: number, size: number) =>
    span > 0 ? margin + ((value - min) / span) * size : margin + size / 2;
  return new Map(
    points.map((p) => [
      p.id,
      { x: place(p.x, minX, spanX, width), y: place(p.y, minY, spanY, height) },
    ]),
  );
}
