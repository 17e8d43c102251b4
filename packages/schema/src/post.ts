import { z } from "zod";
import { OrganizationRef } from "./actor";
import { recordBase } from "./common";
import { CountryCode, ExternalIdentifiers } from "./primitives";

/**
 * Since 1.2: an office as a thing of its own ("the ambassador of Kazakhstan to Russia"), the
 * same across events and quotes whoever holds it and whether or not the source names the holder.
 * Popolo's Post and FollowTheMoney's Position; a person's `positions` and an event's
 * participants point at it with `post`.
 */
export const Post = z
  .strictObject({
    ...recordBase("post"),
    label: z.string().min(1).meta({
      description:
        "The post as one phrase, as the sources name it: 'Ambassador of Kazakhstan to Russia', 'Minister of Foreign Affairs of the Russian Federation' (Popolo label, FollowTheMoney name).",
    }),
    role: z.string().min(1).optional().meta({
      description:
        "What kind of post it is, without whose: 'Ambassador', 'Minister of Foreign Affairs' (Popolo role).",
    }),
    country: CountryCode.optional().meta({
      description: "The country the post belongs to: KAZ for Kazakhstan's ambassador to Russia.",
    }),
    organization: OrganizationRef.optional().meta({
      description:
        "The organization the post is part of: a ministry, an embassy, an international organization.",
    }),
    accreditedTo: z
      .union([
        z.strictObject({ country: CountryCode }),
        z.strictObject({ organization: OrganizationRef }),
      ])
      .optional()
      .meta({
        description:
          "For a diplomatic post: the state or organization it is accredited to ('to Russia': RUS).",
      }),
    identifiers: ExternalIdentifiers.optional(),
  })
  .meta({
    id: "Post",
    title: "Post",
    description:
      "Since 1.2. An office or post that people hold in turn ('the ambassador of Kazakhstan to Russia'): one record across events and quotes, whether or not the holder is named.",
  });

export type Post = z.infer<typeof Post>;
