import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { adjacency, buildGraph, type GraphEvent } from "../../src/logic/graph";

const seed = JSON.parse(
  readFileSync(new URL("../../../../examples/seed/seed.json", import.meta.url), "utf8"),
) as {
  records: (GraphEvent & { type: string; names?: { value: string }[]; name?: string })[];
};
const events = seed.records.filter((r) => r.type === "event");
const labels = {
  record: (id: string) => {
    const r = seed.records.find((x) => x.id === id);
    return r?.names?.[0]?.value ?? r?.name ?? r?.title ?? id;
  },
  country: (code: string) => code,
};

describe("buildGraph on the seed", () => {
  const graph = buildGraph(events, labels);
  const count = (kind: string) => graph.nodes.filter((n) => n.kind === kind).length;

  it("has one node per person, country, organization and format the events mention", () => {
    expect(count("event")).toBe(3);
    // Lavrov, once although he is in two events, and (since the 1.2 seed) the interview's host.
    expect(count("person")).toBe(2);
    expect(count("unresolved")).toBe(5); // the five ambassadors stay distinct
    expect(count("country")).toBe(6); // RUS + the five Central Asian countries
    expect(count("organization")).toBe(6); // Russian MFA (represented), CIS, EAEU, CSTO, SCO, EU
    expect(count("format")).toBe(1);
  });

  it("links Lavrov to both events he took part in and to the country he represents", () => {
    const links = adjacency(graph).get("person:person:sergey-lavrov") ?? [];
    expect(links.map((l) => l.node.id).sort()).toEqual(
      [
        "country:RUS",
        "event:event:moscow-meeting",
        "event:event:zarubin-interview",
        "organization:org:russian-mfa",
      ].sort(),
    );
  });

  it("links the format to both events, with how each event relates to it", () => {
    const links = adjacency(graph).get("format:format:central-asia-russia") ?? [];
    expect(links.map((l) => `${l.relation} ${l.node.id}`).sort()).toEqual([
      "format discussed event:event:moscow-meeting",
      "format held-in event:event:astana-summit-2022",
    ]);
  });

  it("never duplicates an edge, and every edge joins existing nodes", () => {
    const ids = new Set(graph.nodes.map((n) => n.id));
    expect(new Set(graph.edges.map((e) => e.id)).size).toBe(graph.edges.length);
    for (const e of graph.edges) {
      expect(ids.has(e.source)).toBe(true);
      expect(ids.has(e.target)).toBe(true);
    }
  });
});

it("labels a dangling reference with its id instead of failing", () => {
  const graph = buildGraph(
    [{ id: "e", kind: "meeting", participants: [{ person: "person:ghost" }] }],
    labels,
  );
  expect(graph.nodes.find((n) => n.kind === "person")?.label).toBe("person:ghost");
});
