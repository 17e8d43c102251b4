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

/**
 * A participant is a person, an organization or an unresolved actor. zod alone says "Invalid
 * input" for one that is none of them; the builders now choose the form the data evidently
 * meant, and word a value of no known form, exactly as the validator does. Every case below
 * is built and validated, and the two lists of messages must be the same, message for message.
 */
describe("a participant of any shape: the builder's messages are the validator's", () => {
  const cases: Array<[string, unknown]> = [
    ["an empty object", {}],
    ["only an unknown property", { foo: 1 }],
    ["a name where a form is expected", { name: "Sergey Lavrov" }],
    ["two forms at once", { person: "person:a", organization: "org:b" }],
    [
      "all three forms at once",
      { person: "person:a", organization: "org:b", unresolved: { name: "X" } },
    ],
    ["a form with a value of the wrong type", { person: 5 }],
    ["a form with null", { organization: null }],
    ["an unresolved actor with neither name nor description", { unresolved: {} }],
    ["an unresolved actor given as a string", { unresolved: "an ambassador" }],
    ["an unresolved actor with an unknown property", { unresolved: { name: "A", nick: "B" } }],
    ["a string", "person:a"],
    ["a number", 42],
    ["null", null],
    ["an array", ["person:a"]],
    ["a boolean", true],
    ["a person with a side outside the code list", { person: "person:a", side: "visitor" }],
    ["a person with an unknown property", { person: "person:a", title: "Minister" }],
    ["a person representing nobody in particular", { person: "person:a", represents: {} }],
    ["a person whose role is a number", { person: "person:a", role: 7 }],
  ];

  async function schemaMessages(record: object): Promise<string[]> {
    const text = `${JSON.stringify({ type: "dataset", schemaVersion: "1.2", title: "t" })}\n${JSON.stringify(record)}\n`;
    const { findings } = await validate(text, { file: "x.ndjson" });
    return findings
      .filter((f) => f.ruleId.startsWith("schema-"))
      .map((f) => `${f.pointer}: ${f.message.replace(/ \(did you mean '[^']*'\?\)/, "")}`)
      .sort();
  }

  function builtMessages(input: object): string[] {
    try {
      buildEvent(input as Parameters<typeof buildEvent>[0]);
    } catch (error) {
      expect(error).toBeInstanceOf(ParleyValidationError);
      return (error as ParleyValidationError).issues
        .map((issue) => `${issue.path ? `/${issue.path}` : ""}: ${issue.message}`)
        .sort();
    }
    return [];
  }

  it.each(cases)("%s", async (_name, participant) => {
    const event = {
      id: "event:x",
      kind: "meeting",
      title: "A meeting",
      participants: [participant],
    };
    const built = builtMessages(event);
    const validated = await schemaMessages({ type: "event", ...event });
    // Each case is a mistake: both must say something, and the same thing.
    expect(validated.length).toBeGreaterThan(0);
    expect(built).toEqual(validated);
  });

  it("words a participant of no known form by listing the forms", () => {
    expect(
      builtMessages({ id: "event:x", kind: "meeting", participants: [{ name: "X" }] }),
    ).toEqual([
      "/participants/0: Matches none of the allowed forms: {person} | {organization} | {unresolved}",
    ]);
    expect(builtMessages({ id: "event:x", kind: "meeting", participants: ["X"] })).toEqual([
      "/participants/0: Expected one of the forms {person} | {organization} | {unresolved}, found a string",
    ]);
  });
});
