import { z } from "zod";
import { OrganizationRef, PostRef } from "./actor";
import { Citations } from "./citation";
import { recordBase } from "./common";
import { PartialDate } from "./date";
import { CountryCode, ExternalIdentifiers, LangString } from "./primitives";

export const Position = z
  .strictObject({
    title: z
      .string()
      .min(1)
      .meta({ description: "The position's title ('Minister of Foreign Affairs')." }),
    country: CountryCode.optional().meta({ description: "The country the position belongs to." }),
    organization: OrganizationRef.optional().meta({
      description: "The organization the position belongs to.",
    }),
    start: PartialDate.optional().meta({ description: "When the person took the position." }),
    end: PartialDate.optional().meta({
      description: "When the person left it; absent while held or unknown.",
    }),
    post: PostRef.optional().meta({
      description: "Since 1.2. The post record of this position, when the dataset has one.",
    }),
    citations: Citations,
  })
  .meta({ id: "Position", description: "A position a person held, over a span of time." });

export const Person = z
  .strictObject({
    ...recordBase("person"),
    names: z.array(LangString).min(1).meta({
      description: "The person's names, each with its language or script ('Sergey Lavrov' en).",
    }),
    aliases: z.array(LangString).optional().meta({
      description: "Other spellings and forms of the name (transliterations, short forms).",
    }),
    positions: z.array(Position).optional().meta({ description: "Positions held over time." }),
    identifiers: ExternalIdentifiers.optional(),
  })
  .meta({
    id: "Person",
    title: "Person",
    description: "A person who takes part in, speaks at or reports on events.",
  });

export type Person = z.infer<typeof Person>;
