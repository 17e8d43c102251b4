/**
 * Draws the network picture on a canvas: a few hundred lines of 2D drawing that run in a worker
 * on an OffscreenCanvas, so the page's own thread never spends time on the graph however big it
 * is (a graph library drawing on the page froze it for seconds on a large dataset). Pure functions of
 * a scene and a view transform; the hit test finds the node under the pointer the same way.
 */
export type SceneKind = "event" | "person" | "country" | "organization" | "format" | "unresolved";

export interface SceneNode {
  id: string;
  label: string;
  kind: SceneKind;
  x: number;
  y: number;
}

export interface Scene {
  nodes: SceneNode[];
  /** Pairs of node indexes. */
  edges: [number, number][];
  focus?: string;
  /**
   * Which labels to draw: all (small graphs), the actors' (a neighbourhood: events are many and
   * their names long), or the focus only (the full graph). Zoomed in, every label is drawn.
   */
  labels: "all" | "actors" | "focus";
}

/** Screen = world × k + (x, y). */
export interface Transform {
  x: number;
  y: number;
  k: number;
}

export const KIND_COLOURS: Record<SceneKind, string> = {
  person: "#1d4ed8",
  unresolved: "#1d4ed8",
  event: "#b45309",
  country: "#047857",
  organization: "#7c3aed",
  format: "#be123c",
};

const RADIUS = 8;
const MAX_LABEL = 28;

export function nodeRadius(node: SceneNode, focus?: string): number {
  if (node.id === focus) return RADIUS * 1.6;
  return node.kind === "event" ? RADIUS * 1.1 : RADIUS;
}

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

function shape(ctx: Context2D, kind: SceneKind, x: number, y: number, r: number): void {
  ctx.beginPath();
  switch (kind) {
    case "event":
      ctx.moveTo(x, y - r);
      ctx.lineTo(x + r, y);
      ctx.lineTo(x, y + r);
      ctx.lineTo(x - r, y);
      ctx.closePath();
      return;
    case "country":
      ctx.roundRect(x - r, y - r * 0.8, 2 * r, 1.6 * r, r * 0.35);
      return;
    case "organization":
      for (let i = 0; i < 6; i++) {
        const a = (Math.PI / 3) * i;
        const px = x + r * Math.cos(a);
        const py = y + r * Math.sin(a);
        if (i === 0) ctx.moveTo(px, py);
        else ctx.lineTo(px, py);
      }
      ctx.closePath();
      return;
    case "format":
      for (let i = 0; i < 10; i++) {
        const a = -Math.PI / 2 + (Math.PI / 5) * i;
        const rr = i % 2 === 0 ? r * 1.2 : r * 0.5;
        const px = x + rr * Math.cos(a);
        const py = y + rr * Math.sin(a);
        if (i === 0) ctx.moveTo(px, py);
        else ctx.lineTo(px, py);
      }
      ctx.closePath();
      return;
    default:
      ctx.arc(x, y, r, 0, Math.PI * 2);
  }
}

function labelled(scene: Scene, node: SceneNode, view: Transform): boolean {
  if (scene.labels === "all" || node.id === scene.focus || view.k >= 2.5) return true;
  return scene.labels === "actors" && node.kind !== "event" && node.kind !== "unresolved";
}

export function truncate(label: string): string {
  return label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label;
}

export function drawScene(
  ctx: Context2D,
  scene: Scene,
  view: Transform,
  size: { width: number; height: number },
): void {
  ctx.save();
  ctx.clearRect(0, 0, size.width, size.height);
  ctx.fillStyle = "#f9fafb";
  ctx.fillRect(0, 0, size.width, size.height);
  const sx = (n: SceneNode) => n.x * view.k + view.x;
  const sy = (n: SceneNode) => n.y * view.k + view.y;
  ctx.strokeStyle = "rgba(107, 114, 128, 0.55)";
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const [a, b] of scene.edges) {
    const from = scene.nodes[a];
    const to = scene.nodes[b];
    if (!from || !to) continue;
    ctx.moveTo(sx(from), sy(from));
    ctx.lineTo(sx(to), sy(to));
  }
  ctx.stroke();
  const scale = Math.min(1.6, Math.max(0.5, view.k));
  for (const node of scene.nodes) {
    const r = nodeRadius(node, scene.focus) * scale;
    const x = sx(node);
    const y = sy(node);
    if (x < -r || y < -r || x > size.width + r || y > size.height + r) continue;
    shape(ctx, node.kind, x, y, r);
    if (node.kind === "unresolved") {
      ctx.fillStyle = "#ffffff";
      ctx.fill();
      ctx.setLineDash([3, 2]);
      ctx.strokeStyle = KIND_COLOURS.unresolved;
      ctx.lineWidth = 2;
      ctx.stroke();
      ctx.setLineDash([]);
    } else {
      ctx.fillStyle = KIND_COLOURS[node.kind];
      ctx.fill();
    }
    if (node.id === scene.focus) {
      ctx.strokeStyle = "#111827";
      ctx.lineWidth = 3;
      ctx.stroke();
    }
  }
  ctx.font = `${Math.round(11 * scale)}px system-ui, sans-serif`;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.fillStyle = "#111827";
  ctx.strokeStyle = "rgba(255, 255, 255, 0.85)";
  ctx.lineWidth = 3;
  for (const node of scene.nodes) {
    if (!labelled(scene, node, view)) continue;
    const x = sx(node);
    const y = sy(node) + nodeRadius(node, scene.focus) * scale + 2;
    if (x < -100 || y < -20 || x > size.width + 100 || y > size.height + 20) continue;
    const text = truncate(node.label);
    ctx.strokeText(text, x, y);
    ctx.fillText(text, x, y);
  }
  ctx.restore();
}

/** The node under a screen point (the one drawn last wins, as on screen), if any. */
export function nodeAt(scene: Scene, view: Transform, x: number, y: number): SceneNode | undefined {
  const scale = Math.min(1.6, Math.max(0.5, view.k));
  for (let i = scene.nodes.length - 1; i >= 0; i--) {
    const node = scene.nodes[i] as SceneNode;
    const r = nodeRadius(node, scene.focus) * scale + 3;
    const dx = node.x * view.k + view.x - x;
    const dy = node.y * view.k + view.y - y;
    if (dx * dx + dy * dy <= r * r) return node;
  }
  return undefined;
}

/** Zooms by `factor` about a screen point, keeping that point still. */
export function zoomAt(view: Transform, factor: number, x: number, y: number): Transform {
  const k = Math.min(8, Math.max(0.2, view.k * factor));
  const applied = k / view.k;
  return { k, x: x - (x - view.x) * applied, y: y - (y - view.y) * applied };
}
