import type * as schema from "@parley/schema";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import {
  BUILDERS,
  buildEvent,
  buildPerson,
  buildQuote,
  type Event,
  type Format,
  isEvent,
  isParleyRecord,
  isPerson,
  type Organization,
  ParleyValidationError,
  type Person,
  type Post,
  type Quote,
  RECORD_TYPES,
  type Source,
} from "../src/index";
import { seedJsonText } from "./seed-helpers";

const seedRecords: Array<{ id: string; type: string }> = JSON.parse(seedJsonText()).records;
const seedMeeting = seedRecords.find((record) => record.id === "event:moscow-meeting") as Event;

describe("generated types", () => {
  it("are the schema's own types (zod's inference), field for field", () => {
    // Checked by `tsc --noEmit`: a field added to the schema and not regenerated fails here.
    expectTypeOf<Event>().toEqualTypeOf<z.output<typeof schema.Event>>();
    expectTypeOf<Person>().toEqualTypeOf<z.output<typeof schema.Person>>();
    expectTypeOf<Organization>().toEqualTypeOf<z.output<typeof schema.Organization>>();
    expectTypeOf<Format>().toEqualTypeOf<z.output<typeof schema.Format>>();
    expectTypeOf<Quote>().toEqualTypeOf<z.output<typeof schema.Quote>>();
    expectTypeOf<Source>().toEqualTypeOf<z.output<typeof schema.Source>>();
    expectTypeOf<Post>().toEqualTypeOf<z.output<typeof schema.Post>>();
    expect(RECORD_TYPES).toEqual([
      "event",
      "person",
      "organization",
      "format",
      "quote",
      "source",
      "post",
    ]);
  });
});

describe("builders", () => {
  it("build the seed's meeting from its fields: the same record as in the seed", () => {
    const { type: _type, ...fields } = seedMeeting;
    expect(buildEvent(fields)).toEqual(seedMeeting);
  });

  it("derive a deterministic id from the content when none is given", () => {
    const { type: _type, id: _id, ...fields } = seedMeeting;
    const first = buildEvent(fields);
    expect(first.id).toMatch(/^event:[0-9a-f]{16}$/);
    // The same content in another key order gives the same id: the id is of the content.
    const reordered = Object.fromEntries(Object.entries(fields).reverse()) as typeof fields;
    expect(buildEvent(reordered).id).toBe(first.id);
    expect(buildEvent({ ...fields, title: "Another title" }).id).not.toBe(first.id);
    // Two record types with the same fields get different ids.
    const lavrov = { names: [{ value: "Sergey Lavrov", lang: "en" }] };
    expect(buildPerson(lavrov).id).toMatch(/^person:[0-9a-f]{16}$/);
    expect(buildPerson(lavrov).id).toBe(buildPerson({ ...lavrov }).id);
  });

  it("throw one error listing every problem, with paths", () => {
    let thrown: unknown;
    try {
      buildQuote({
        text: "",
        lang: "English",
        kind: "direct",
        speaker: { person: "Sergey Lavrov" },
        // @ts-expect-error: not a field of a quote
        saidBy: "Lavrov",
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ParleyValidationError);
    const error = thrown as ParleyValidationError;
    expect(error.recordType).toBe("quote");
    expect(error.issues.map((issue) => issue.path).sort()).toEqual([
      "",
      "lang",
      "speaker/person",
      "text",
    ]);
    expect(error.message).toMatch(/^Invalid quote 'quote:[0-9a-f]{16}': 4 problems\n/);
    expect(error.message).toContain('Unrecognized key: "saidBy"');
  });

  it("a builder refuses a record of another type", () => {
    // @ts-expect-error: the type is fixed by the builder
    expect(() => buildPerson({ type: "event", names: [{ value: "X" }] })).toThrow(
      ParleyValidationError,
    );
  });

  it("has one builder per record type", () => {
    expect(Object.keys(BUILDERS)).toEqual([...RECORD_TYPES]);
  });
});

describe("guards", () => {
  it("check the whole record against the schema, not only its type", () => {
    expect(isEvent(seedMeeting)).toBe(true);
    expect(isEvent({ ...seedMeeting, kind: "banquet" })).toBe(false);
    expect(isPerson(seedMeeting)).toBe(false);
    expect(seedRecords.every(isParleyRecord)).toBe(true);
    expect(isParleyRecord({ type: "treaty", id: "treaty:1" })).toBe(false);
    expect(isParleyRecord(null)).toBe(false);
  });
});
