import { z } from "zod";
import { Event } from "./event";
import { Format } from "./format";
import { Organization } from "./organization";
import { Person } from "./person";
import { Post } from "./post";
import { Quote } from "./quote";
import { Source } from "./source";

/** Every record type, keyed by its `type` discriminator. */
export const RECORD_SCHEMAS = {
  event: Event,
  person: Person,
  organization: Organization,
  format: Format,
  quote: Quote,
  source: Source,
  post: Post,
} as const;

export const ParleyRecord = z
  .discriminatedUnion("type", [Event, Person, Organization, Format, Quote, Source, Post])
  .meta({
    id: "Record",
    title: "Record",
    description: "Any Parley record, discriminated by `type`.",
  });

export type ParleyRecord = z.infer<typeof ParleyRecord>;
