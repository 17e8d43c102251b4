/**
 * Reads a Chromium trace (categories `toplevel` and `blink.user_timing`) for what the page's
 * own threads did. A task's wall time (`dur`) grows with whatever else the machine runs; its
 * thread time (`tdur`) is the CPU the page itself spent. On a shared, loaded machine only the
 * second says whether the page would freeze; both are reported.
 */
export const TRACE_CATEGORIES = ["toplevel", "blink.user_timing", "__metadata"];

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

export interface TaskFigures {
  /** Longest task on the page's main thread: wall and thread (CPU) time, in ms. */
  longestWallMs: number;
  longestCpuMs: number;
  /** CPU time of the page's main thread and its workers, in ms. */
  cpuMs: number;
}

export interface TraceSummary {
  /** From the first event on (the whole traced session). */
  all: TaskFigures;
  /** Per `parley:view <route>` measure, in the order they were taken. */
  views: ({ route: string; wallMs: number } & TaskFigures)[];
}

export function summarizeTrace(buffer: Buffer): TraceSummary {
  const events = (JSON.parse(buffer.toString("utf8")) as { traceEvents: TraceEvent[] }).traceEvents;
  const threadNames = new Map<string, string>();
  for (const e of events)
    if (e.ph === "M" && e.name === "thread_name")
      threadNames.set(`${e.pid}:${e.tid}`, e.args?.name ?? "");
  // The page's renderer: the process whose main thread recorded the app's measures.
  const measures = events.filter(
    (e) => e.cat === "blink.user_timing" && e.name.startsWith("parley:view "),
  );
  const pid = measures[0]?.pid;
  const tasks = events.filter(
    (e) =>
      e.pid === pid &&
      e.ph === "X" &&
      e.name === "ThreadControllerImpl::RunTask" &&
      e.dur !== undefined,
  );
  const thread = (e: TraceEvent) => threadNames.get(`${e.pid}:${e.tid}`) ?? "";
  const main = tasks.filter((e) => thread(e) === "CrRendererMain");
  const own = tasks.filter(
    (e) => thread(e) === "CrRendererMain" || thread(e) === "DedicatedWorker thread",
  );
  const figures = (from: number, to: number): TaskFigures => {
    const inWindow = (e: TraceEvent) => e.ts >= from && e.ts < to;
    const mainTasks = main.filter(inWindow);
    return {
      longestWallMs: Math.max(0, ...mainTasks.map((e) => (e.dur ?? 0) / 1000)),
      longestCpuMs: Math.max(0, ...mainTasks.map((e) => (e.tdur ?? e.dur ?? 0) / 1000)),
      cpuMs: own.filter(inWindow).reduce((sum, e) => sum + (e.tdur ?? e.dur ?? 0) / 1000, 0),
    };
  };
  const begins = new Map<string, TraceEvent>();
  const views: TraceSummary["views"] = [];
  for (const e of measures) {
    const key = JSON.stringify((e as unknown as { id2?: unknown }).id2 ?? e.name);
    if (e.ph === "b") begins.set(key, e);
    else if (e.ph === "e") {
      const begin = begins.get(key);
      if (!begin) continue;
      views.push({
        route: e.name.slice("parley:view ".length),
        wallMs: (e.ts - begin.ts) / 1000,
        ...figures(begin.ts, e.ts),
      });
    }
  }
  return { all: figures(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY), views };
}
