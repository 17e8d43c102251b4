import { describe, expect, it } from "vitest";
import { groupRenderings, segmentQuote } from "../../src/logic/quotes";

describe("segmentQuote", () => {
  it("marks the seed's editorial insertion [Russia] and keeps every other character", () => {
    const text =
      "The European Union isn’t hiding its intentions to restrain [Russia] in every possible way";
    const { segments, unmatched } = segmentQuote(text, [{ text: "[Russia]" }]);
    expect(segments).toEqual([
      { text: "The European Union isn’t hiding its intentions to restrain ", insertion: false },
      { text: "[Russia]", insertion: true },
      { text: " in every possible way", insertion: false },
    ]);
    expect(segments.map((s) => s.text).join("")).toBe(text);
    expect(unmatched).toEqual([]);
  });

  it("locates an insertion by occurrence when its text appears twice", () => {
    // The first "[it]" is the speaker's (inside a title); the editor's is the second one.
    const { segments } = segmentQuote("[it] said [it] was", [
      { text: "[it]", occurrence: 2, replaces: "Russia" },
    ]);
    expect(segments).toEqual([
      { text: "[it] said ", insertion: false },
      { text: "[it]", insertion: true, replaces: "Russia" },
      { text: " was", insertion: false },
    ]);
  });

  it("reports an insertion missing from the text instead of dropping it silently", () => {
    const { segments, unmatched } = segmentQuote("no brackets here", [{ text: "[Russia]" }]);
    expect(segments).toEqual([{ text: "no brackets here", insertion: false }]);
    expect(unmatched).toEqual([{ text: "[Russia]" }]);
  });

  it("does not let overlapping insertions double-count text", () => {
    const { segments, unmatched } = segmentQuote("a [b c] d", [{ text: "[b c]" }, { text: "c]" }]);
    expect(segments.map((s) => s.text).join("")).toBe("a [b c] d");
    expect(unmatched).toEqual([{ text: "c]" }]);
  });
});

describe("groupRenderings", () => {
  it("groups the seed's variant and paraphrase under the quote they render", () => {
    const quotes = [
      {
        id: "quote:eu-drive-russia-out",
        rendering: { of: "quote:eu-restrain-russia", kind: "paraphrase" },
      },
      {
        id: "quote:bloc-failing",
        rendering: { of: "quote:historically-present", kind: "paraphrase" },
      },
      { id: "quote:eu-restrain-russia" },
      { id: "quote:historically-present" },
      {
        id: "quote:historically-present-variant",
        rendering: { of: "quote:historically-present", kind: "variant" },
      },
    ];
    const groups = groupRenderings(quotes).map((g) => [g.root.id, g.renderings.map((r) => r.id)]);
    expect(groups).toEqual([
      ["quote:eu-restrain-russia", ["quote:eu-drive-russia-out"]],
      ["quote:historically-present", ["quote:bloc-failing", "quote:historically-present-variant"]],
    ]);
  });

  it("follows chains and keeps renderings of missing quotes and cycles visible", () => {
    const quotes = [
      { id: "c", rendering: { of: "b", kind: "translation" } },
      { id: "b", rendering: { of: "a", kind: "variant" } },
      { id: "a" },
      { id: "orphan", rendering: { of: "not-in-dataset", kind: "variant" } },
      { id: "x", rendering: { of: "y", kind: "variant" } },
      { id: "y", rendering: { of: "x", kind: "variant" } },
    ];
    const groups = groupRenderings(quotes);
    expect(groups.map((g) => [g.root.id, g.renderings.map((r) => r.id)])).toEqual([
      ["a", ["c", "b"]],
      ["orphan", []],
      ["x", []],
      ["y", []],
    ]);
    // Every quote appears exactly once.
    expect(groups.flatMap((g) => [g.root, ...g.renderings]).length).toBe(quotes.length);
  });
});
