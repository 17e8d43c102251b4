import { z } from "zod";
import { FORMAT_KINDS } from "./codelists";
import { recordBase } from "./common";
import { PartialDate } from "./date";
import { Member } from "./membership";
import { ExternalIdentifiers, LangString, ref } from "./primitives";

export const Format = z
  .strictObject({
    ...recordBase("format"),
    name: z
      .string()
      .min(1)
      .meta({ description: "The format's usual name ('Central Asia + Russia')." }),
    aliases: z.array(LangString).optional().meta({
      description: "Other names the sources use ('Central Asia5 + Russia', 'C5+Russia').",
    }),
    kind: z.enum(FORMAT_KINDS).meta({
      description:
        "bilateral, multilateral, named-format (a named grouping such as 'Central Asia + Russia'), institutional-framework (the framework of an organization such as the CIS or the SCO).",
      "x-parley-codelist": "open",
    }),
    institution: ref(
      "organization",
      "For an institutional framework: the organization whose framework it is.",
    ).optional(),
    members: z
      .array(Member)
      .optional()
      .meta({ description: "The countries or organizations that make up the format." }),
    founded: PartialDate.optional().meta({
      description: "When the format was founded, when a source says.",
    }),
    foundingEvent: ref(
      "event",
      "The event that founded the format, when a source says which.",
    ).optional(),
    identifiers: ExternalIdentifiers.optional(),
  })
  .meta({
    id: "Format",
    title: "Format",
    description:
      "A diplomatic format or framework: bilateral, multilateral, a named format, or an institutional framework.",
  });

export type Format = z.infer<typeof Format>;
