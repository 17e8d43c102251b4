/// <reference lib="webworker" />
import { drawScene, nodeAt, type Scene, type Transform } from "../logic/draw-graph";

/**
 * Draws the network on an OffscreenCanvas the page handed over: drawing a thousand nodes and
 * their links takes the page's thread no time at all. The page sends the scene, then view
 * changes (pan, zoom, resize) and picks (which node is under the pointer).
 */
declare const self: DedicatedWorkerGlobalScope;

export type ToGraphWorker =
  | { type: "init"; canvas: OffscreenCanvas; width: number; height: number; ratio: number }
  | { type: "scene"; scene: Scene; view: Transform }
  | { type: "view"; view: Transform }
  | { type: "resize"; width: number; height: number }
  | { type: "pick"; id: number; x: number; y: number };

export type FromGraphWorker =
  | { type: "drawn"; nodes: number }
  | { type: "picked"; id: number; node?: string };

let canvas: OffscreenCanvas | undefined;
let context: OffscreenCanvasRenderingContext2D | undefined;
let size = { width: 0, height: 0 };
let ratio = 1;
let scene: Scene | undefined;
let view: Transform = { x: 0, y: 0, k: 1 };
let pending = false;

function draw(): void {
  if (!context || !scene) return;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  drawScene(context, scene, view, size);
}

/** Many view changes between two frames make one drawing. */
function schedule(): void {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    draw();
  });
}

self.onmessage = (event: MessageEvent<ToGraphWorker>) => {
  const message = event.data;
  switch (message.type) {
    case "init":
      canvas = message.canvas;
      ratio = message.ratio;
      size = { width: message.width, height: message.height };
      canvas.width = Math.round(size.width * ratio);
      canvas.height = Math.round(size.height * ratio);
      context = canvas.getContext("2d") ?? undefined;
      return;
    case "scene":
      scene = message.scene;
      view = message.view;
      draw();
      self.postMessage({ type: "drawn", nodes: scene.nodes.length } satisfies FromGraphWorker);
      return;
    case "view":
      view = message.view;
      schedule();
      return;
    case "resize":
      size = { width: message.width, height: message.height };
      if (canvas) {
        canvas.width = Math.round(size.width * ratio);
        canvas.height = Math.round(size.height * ratio);
      }
      schedule();
      return;
    case "pick": {
      const node = scene ? nodeAt(scene, view, message.x, message.y) : undefined;
      self.postMessage({
        type: "picked",
        id: message.id,
        ...(node ? { node: node.id } : {}),
      } satisfies FromGraphWorker);
      return;
    }
  }
};
