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
    // Since 1.2 every citation can say `via`, outcomes name what they are `about`, and posts and
    // coders are records too.
    expect(edges("event")).toEqual([
      "citations/*/source -> source",
      "citations/*/via -> source",
      "coding/coder/person -> person",
      "coding/coder/organization -> organization",
      "participants/*/person -> person",
      "participants/*/represents/organization -> organization",
      "participants/*/post -> post",
      "participants/*/citations/*/source -> source",
      "participants/*/citations/*/via -> source",
      "participants/*/organization -> organization",
      "formats/*/format -> format",
      "formats/*/citations/*/source -> source",
      "formats/*/citations/*/via -> source",
      "organizations/* -> organization",
      "outcomes/*/attributedTo/*/person -> person",
      "outcomes/*/attributedTo/*/organization -> organization",
      "outcomes/*/attributedTo/*/post -> post",
      "outcomes/*/about/*/person -> person",
      "outcomes/*/about/*/organization -> organization",
      "outcomes/*/about/*/post -> post",
      "outcomes/*/citations/*/source -> source",
      "outcomes/*/citations/*/via -> source",
      "relations/*/event -> event",
      "relations/*/citations/*/source -> source",
      "relations/*/citations/*/via -> source",
      "codings/*/coding/coder/person -> person",
      "codings/*/coding/coder/organization -> organization",
    ]);
  });

  it("lists the chain of reporting and the quote variant links", () => {
    expect(edges("source")).toContain("reports/*/source -> source");
    expect(edges("source")).toContain("reports/*/citations/*/via -> source");
    expect(edges("quote")).toEqual([
      "citations/*/source -> source",
      "citations/*/via -> source",
      "coding/coder/person -> person",
      "coding/coder/organization -> organization",
      "speaker/person -> person",
      "speaker/organization -> organization",
      "speaker/post -> post",
      "saidAt -> event",
      "rendering/of -> quote",
      "rendering/citations/*/source -> source",
      "rendering/citations/*/via -> source",
      "about/*/person -> person",
      "about/*/organization -> organization",
      "about/*/post -> post",
      "codings/*/coding/coder/person -> person",
      "codings/*/coding/coder/organization -> organization",
    ]);
  });

  it("marks every citation's source and via as declared in Citation, and nothing else", () => {
    const citationEdges = REFERENCE_GRAPH.filter((field) => field.declaredIn === "Citation");
    expect(
      citationEdges.every(
        (field) =>
          ["source", "via"].includes(field.path.at(-1) as string) &&
          field.path.at(-3) === "citations",
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
      "reports/0/citations/0/source=source:seed-article",
    ]);
  });
});
