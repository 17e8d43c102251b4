import { describe, expect, it } from "vitest";
import { REFERENCE_GRAPH, REFERENCES_BY_RECORD_TYPE, referencesOf } from "../src/index";
import { seedJsonText } from "./seed-helpers";

const seedRecords: Array<{ id: string; type: string }> = JSON.parse(seedJsonText()).records;

function edges(recordType: string): string[] {
  return REFERENCE_GRAPH.filter((field) => field.recordType === recordType).map(
    (field) => `${field.path.join("/")} -> ${field.target}`,
  );
}

describe("the generated reference graph", () => {
  it("lists an event's references through arrays and unions", () => {
    // Participant is a union (person | organization | unresolved); Represents and ActorRef too.
    expect(edges("event")).toEqual([
      "citations/*/source -> source",
      "participants/*/person -> person",
      "participants/*/represents/organization -> organization",
      "participants/*/citations/*/source -> source",
      "participants/*/organization -> organization",
      "formats/*/format -> format",
      "organizations/* -> organization",
      "outcomes/*/attributedTo/*/person -> person",
      "outcomes/*/attributedTo/*/organization -> organization",
      "outcomes/*/citations/*/source -> source",
      "relations/*/event -> event",
      "relations/*/citations/*/source -> source",
    ]);
  });

  it("lists the chain of reporting and the quote variant links", () => {
    expect(edges("source")).toContain("reports/*/source -> source");
    expect(edges("quote")).toEqual([
      "citations/*/source -> source",
      "speaker/person -> person",
      "speaker/organization -> organization",
      "saidAt -> event",
      "rendering/of -> quote",
    ]);
  });

  it("marks every citation's source as declared in Citation, and nothing else", () => {
    const citationEdges = REFERENCE_GRAPH.filter((field) => field.declaredIn === "Citation");
    expect(
      citationEdges.every(
        (field) => field.path.at(-1) === "source" && field.path.at(-3) === "citations",
      ),
    ).toBe(true);
    expect(
      REFERENCE_GRAPH.filter(
        (field) => field.path.at(-2) === "*" && field.path.at(-3) === "citations",
      ),
    ).toEqual(citationEdges);
  });

  it("is split by record type", () => {
    expect(Object.values(REFERENCES_BY_RECORD_TYPE).flat()).toHaveLength(REFERENCE_GRAPH.length);
  });

  it("finds the concrete references of a seed record", () => {
    const source = seedRecords.find((record) => record.id === "source:tajik-mfa-report") as {
      type: string;
    };
    expect(referencesOf(source).map((found) => `${found.path}=${found.id}`)).toEqual([
      "citations/0/source=source:seed-article",
      "publisher/organization=org:tajik-mfa-information-department",
      "reports/0/source=source:russian-mfa-website",
    ]);
  });
});
