import { describe, expect, it } from "vitest";
import { nodeAt, type Scene, zoomAt } from "../../src/logic/draw-graph";
import { fitToBox } from "../../src/logic/layout";

const scene: Scene = {
  nodes: [
    { id: "a", label: "A", kind: "person", x: 100, y: 100 },
    { id: "b", label: "B", kind: "event", x: 300, y: 100 },
  ],
  edges: [[0, 1]],
  labels: "all",
};

describe("the graph canvas", () => {
  // A click on the canvas must open the node drawn there, whatever the pan and zoom.
  it("finds the node under a point, through the view's pan and zoom", () => {
    expect(nodeAt(scene, { x: 0, y: 0, k: 1 }, 102, 98)?.id).toBe("a");
    expect(nodeAt(scene, { x: 0, y: 0, k: 1 }, 200, 100)).toBeUndefined();
    const view = { x: -100, y: 50, k: 2 };
    expect(nodeAt(scene, view, 300 * 2 - 100, 100 * 2 + 50)?.id).toBe("b");
  });

  it("zooms about the pointer: the point under it stays put", () => {
    const view = zoomAt({ x: 10, y: 20, k: 1 }, 2, 110, 120);
    // World point under (110, 120) before: (100, 100); after: still at (110, 120).
    expect(100 * view.k + view.x).toBeCloseTo(110);
    expect(100 * view.k + view.y).toBeCloseTo(120);
  });

  it("stretches a layout to fill the box, less the margin for labels", () => {
    const placed = fitToBox(
      [
        { id: "a", x: -5, y: 0 },
        { id: "b", x: 5, y: 2 },
      ],
      { width: 500, height: 300 },
      40,
    );
    expect(placed.get("a")).toEqual({ x: 40, y: 40 });
    expect(placed.get("b")).toEqual({ x: 460, y: 260 });
  });
});
