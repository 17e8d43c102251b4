import { describe, expect, it } from "vitest";
import { eventRoute, parseRoute, searchRoute } from "../../src/logic/routes";

describe("routes", () => {
  it("round-trips an event id with characters that need escaping", () => {
    const id = "event:moscow/2022?x#y";
    const route = parseRoute(`#${eventRoute(id)}`);
    expect(route.view).toBe("event");
    expect(route.id).toBe(id);
  });

  it("keeps filters in the query string and drops empty ones", () => {
    const route = parseRoute(`#${searchRoute({ country: "KAZ", person: "", from: "2022-11" })}`);
    expect(route.view).toBe("events");
    expect(Object.fromEntries(route.params)).toEqual({ country: "KAZ", from: "2022-11" });
  });

  it("falls back to the timeline for unknown views and for an event route without id", () => {
    expect(parseRoute("#/nowhere").view).toBe("timeline");
    expect(parseRoute("#/event/").view).toBe("timeline");
    expect(parseRoute("").view).toBe("timeline");
  });
});
