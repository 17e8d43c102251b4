import { buildEvent, ParleyValidationError } from "@parley/sdk";
import { describe, expect, it } from "vitest";
import { validate } from "../src/index";

/**
 * The SDK's builders and the validator word the same mistake the same way (one message source,
 * @parley/sdk's messages module): a developer who builds a record and a newsroom that validates
 * a file read the field, the value and the allowed values alike.
 */

async function validatorMessages(record: object): Promise<Map<string, string>> {
  const text = `${JSON.stringify({ type: "dataset", schemaVersion: "1.1", title: "t" })}\n${JSON.stringify(record)}\n`;
  const { findings } = await validate(text, { file: "x.ndjson" });
  return new Map(findings.map((f) => [f.pointer, f.message]));
}

function builderMessages(input: object): Map<string, string> {
  try {
    buildEvent(input as Parameters<typeof buildEvent>[0]);
  } catch (error) {
    expect(error).toBeInstanceOf(ParleyValidationError);
    return new Map(
      (error as ParleyValidationError).issues.map((issue) => [
        issue.path ? `/${issue.path}` : "",
        issue.message,
      ]),
    );
  }
  throw new Error("the builder accepted an invalid event");
}

describe("builders and validator: one wording", () => {
  it("names the value and the allowed values of a code list, inside a union too", async () => {
    const event = {
      id: "event:x",
      kind: "meeting",
      title: "A meeting",
      participants: [{ unresolved: { name: "An ambassador" }, side: "visitor" }],
    };
    const built = builderMessages(event);
    const validated = await validatorMessages({ type: "event", ...event });
    // Before: "participants/0: Invalid input".
    expect(built.get("/participants/0/side")).toBe(
      '"visitor" is not in the code list; allowed: host, guest, mediator, attendee',
    );
    expect(validated.get("/participants/0/side")).toBe(built.get("/participants/0/side"));
  });

  it("names an unknown property as the validator does", async () => {
    const event = { id: "event:x", kind: "meeting", title: "A meeting", venue: "Moscow" };
    const built = builderMessages(event);
    const validated = await validatorMessages({ type: "event", ...event });
    // The validator may add a "did you mean"; the words around it are the same.
    expect(built.get("/venue")).toBe(
      "Unknown property \"venue\"; third-party data belongs in 'extensions'",
    );
    expect(validated.get("/venue")?.replace(/ \(did you mean '[^']*'\?\)/, "")).toBe(
      built.get("/venue"),
    );
  });
});
