import { describe, expect, it } from "vitest";
import { eventTitle } from "../../src/logic/titles";

const names: Record<string, string> = { FRA: "France" };
const countryName = (code: string) => names[code] ?? code;

describe("eventTitle", () => {
  it("keeps a title the dataset gives", () => {
    expect(eventTitle({ id: "event:x", title: "Summit", kind: "summit" }, countryName)).toBe(
      "Summit",
    );
  });

  // A trip table has no titles: the id would tell a reader nothing.
  it("says kind, place and date when there is no title", () => {
    expect(
      eventTitle(
        {
          id: "event:hsg-1",
          kind: "visit",
          date: { value: "1905-05-22" },
          location: { name: "Paris", country: "FRA" },
        },
        countryName,
      ),
    ).toBe("visit · Paris · 1905-05-22");
  });

  it("names the country when the place has no name, and leaves out what is missing", () => {
    expect(
      eventTitle({ id: "event:y", kind: "visit", location: { country: "FRA" } }, countryName),
    ).toBe("visit · France");
    expect(eventTitle({ id: "event:z", kind: "meeting", title: "  " }, countryName)).toBe(
      "meeting",
    );
  });

  it("falls back to the id only when there is nothing else to say", () => {
    expect(eventTitle({ id: "event:bare" }, countryName)).toBe("event:bare");
  });
});
