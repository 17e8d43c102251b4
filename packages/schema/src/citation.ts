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
        "How the fact stands in the source: 'reported' (the source says so, often at second hand: 'reportedly', 'according to'), 'confirmed' (a primary source or the actors themselves state it), 'inferred' (derived from the source by the dataset's editor, not stated in it). Since 1.2, say how the claim travelled with `via` and that the source distanced itself with `hedge`: certainty does not carry either.",
      "x-parley-codelist": "closed",
    }),
    // Since 1.2: how a claim travelled and whether its source distanced itself from it.
    via: ref(
      "source",
      "Since 1.2. The source through which the dataset knows what `source` said, when it did not read `source` itself: the article that quotes the ministry's website. `locator` and `excerpt` are then in `via`, the text the editor read. One link: an earlier chain is the `reports` of the sources.",
    ).optional(),
    hedge: z.string().min(1).optional().meta({
      description:
        "Since 1.2. The words by which the source distances itself from the claim, verbatim: 'reportedly', 'allegedly', 'according to'. Absent: the source states it without hedging.",
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
