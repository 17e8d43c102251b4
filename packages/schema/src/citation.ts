import { z } from "zod";
import { CERTAINTIES } from "./codelists";
import { ref } from "./primitives";

export const Citation = z
  .strictObject({
    source: ref("source", "The source that states the fact."),
    locator: z.string().min(1).optional().meta({
      description: "Where in the source: paragraph, page, timestamp, line ('para 3', '00:12:40').",
    }),
    excerpt: z.string().min(1).optional().meta({
      description: "The words of the source that support the fact, verbatim.",
    }),
    certainty: z.enum(CERTAINTIES).meta({
      description:
        "How the fact stands in the source: 'reported' (the source says so, often at second hand: 'reportedly', 'according to'), 'confirmed' (a primary source or the actors themselves state it), 'inferred' (derived from the source by the dataset's editor, not stated in it).",
      "x-parley-codelist": "closed",
    }),
  })
  .meta({
    id: "Citation",
    description: "Who says so: a fact's source, where in it, and how certain.",
  });

export const Citations = z
  .array(Citation)
  .optional()
  .meta({ description: "The sources behind this record's facts." });
