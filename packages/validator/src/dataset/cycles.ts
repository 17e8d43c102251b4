/**
 * Rule `reference-cycle` (standard 1.2): sources that report each other in a cycle (A cites B
 * derives from A) and organizations that are their own ancestors. A cycle can only be seen
 * once every record of it is read, so the links are kept — only for the records that have
 * them (sources with `reports`, organizations with `parent`), as id strings and the position of
 * the link — and checked at the end of the input. Worker parts hand their links to the merger,
 * which checks them as one pass would. A record pointing at itself is `self-reference`, found
 * per record; it is not a cycle here.
 */
import type { RecordHandle } from "../record-cursor";
import type { CycleLink } from "./merge-state";
import type { DatasetRuleSink } from "./sink";
import { isObject } from "./values";

const WHAT = {
  reports: (ids: string[]) => `Sources report each other in a cycle: ${ids.join(" → ")}`,
  parent: (ids: string[]) => `Organizations are each other's parent: ${ids.join(" → ")}`,
};

export class ReferenceCycles {
  private links: CycleLink[] = [];

  /** Notes the links of one record (only sources and organizations have any). */
  note(record: Record<string, unknown>, type: string, handle: RecordHandle): void {
    const from = record.id;
    if (typeof from !== "string") return;
    if (type === "source" && Array.isArray(record.reports)) {
      record.reports.forEach((link, i) => {
        if (!isObject(link) || typeof link.source !== "string" || link.source === from) return;
        const pointer = `/reports/${i}/source`;
        this.links.push({
          kind: "reports",
          from,
          to: link.source,
          pointer,
          recordIndex: handle.index,
          position: handle.locate(pointer),
        });
      });
    } else if (
      type === "organization" &&
      typeof record.parent === "string" &&
      record.parent !== from
    ) {
      this.links.push({
        kind: "parent",
        from,
        to: record.parent,
        pointer: "/parent",
        recordIndex: handle.index,
        position: handle.locate("/parent"),
      });
    }
  }

  /** A part's links, for the merger. */
  exportState(): CycleLink[] {
    return this.links;
  }

  /** Merger: a part's links, shifted to the whole input's lines and records (parts in order). */
  importState(links: readonly CycleLink[], lineOffset: number, recordOffset: number): void {
    for (const link of links)
      this.links.push({
        ...link,
        recordIndex: link.recordIndex + recordOffset,
        position: { ...link.position, line: link.position.line + lineOffset },
      });
  }

  /**
   * End of input: every cycle once, reported at the link that closes it — the last of its links
   * in input order — so that the finding points at the record that completed the cycle.
   */
  finish(sink: DatasetRuleSink): void {
    for (const kind of ["reports", "parent"] as const) {
      const links = this.links.filter((link) => link.kind === kind);
      const out = new Map<string, CycleLink[]>();
      for (const link of links) {
        const list = out.get(link.from) ?? [];
        list.push(link);
        out.set(link.from, list);
      }
      // Iterative depth-first search with colours: 1 on the current path, 2 done.
      const colour = new Map<string, 1 | 2>();
      const cycles: CycleLink[][] = [];
      for (const start of out.keys()) {
        if (colour.has(start)) continue;
        const path: CycleLink[] = [];
        const stack: Array<{ id: string; next: number }> = [{ id: start, next: 0 }];
        colour.set(start, 1);
        while (stack.length > 0) {
          const top = stack[stack.length - 1] as { id: string; next: number };
          const edges = out.get(top.id) ?? [];
          if (top.next >= edges.length) {
            colour.set(top.id, 2);
            stack.pop();
            path.pop();
            continue;
          }
          const link = edges[top.next++] as CycleLink;
          const state = colour.get(link.to);
          if (state === 1) {
            // A back link: the cycle is the path from link.to to here, closed by `link`.
            const at = path.findIndex((step) => step.from === link.to);
            cycles.push([...path.slice(at < 0 ? path.length : at), link]);
          } else if (state === undefined) {
            colour.set(link.to, 1);
            path.push(link);
            stack.push({ id: link.to, next: 0 });
          }
        }
      }
      for (const cycle of cycles) {
        const closing = cycle.reduce((a, b) => (b.recordIndex > a.recordIndex ? b : a));
        const ids = [...cycle.map((link) => link.from), cycle[0]?.from as string];
        sink.report({
          ruleId: "reference-cycle",
          message: WHAT[kind](ids),
          pointer: closing.pointer,
          position: closing.position,
          recordIndex: closing.recordIndex,
          recordId: closing.from,
        });
      }
    }
    this.links = [];
  }
}
