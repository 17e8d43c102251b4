import { z } from "zod";
import { CountryCode, ref } from "./primitives";

/**
 * Somebody the source names or describes but does not identify: the seed's "ambassadors of
 * Central Asian nations" have roles and countries but no names. At least one of name and
 * description is given, so an unresolved actor is never an empty placeholder.
 */
export const UnresolvedActor = z
  .union([
    z.strictObject({
      name: z.string().min(1).meta({ description: "The name as the source prints it." }),
      description: z.string().min(1).optional().meta({
        description:
          "How the source describes the actor ('the ambassador of Kazakhstan to Russia').",
      }),
    }),
    z.strictObject({
      description: z.string().min(1).meta({
        description: "How the source describes the actor when it gives no name.",
      }),
    }),
  ])
  .meta({
    id: "UnresolvedActor",
    description: "An actor known only by a name or a description, not (yet) linked to a record.",
  });

export const PersonRef = ref("person", "The person.");
export const OrganizationRef = ref("organization", "The organization.");
/** Since 1.2: a post (office) record. */
export const PostRef = ref("post", "The post (office) record.");

/** Whom an actor speaks or acts for. */
export const Represents = z
  .union([
    z.strictObject({ country: CountryCode }),
    z.strictObject({ organization: OrganizationRef }),
    z.strictObject({ country: CountryCode, organization: OrganizationRef }),
  ])
  .meta({
    id: "Represents",
    description:
      "Whom the actor represents: a country, an organization (a ministry, an international organization), or both.",
  });

/** An actor in an attribution: a linked person or organization, a country, or an unresolved actor. */
export const ActorRef = z
  .union([
    z.strictObject({ person: PersonRef }),
    z.strictObject({ organization: OrganizationRef }),
    z.strictObject({ country: CountryCode }),
    z.strictObject({ unresolved: UnresolvedActor }),
    // Since 1.2: the holder of an office, when the source names the office and not the person.
    z.strictObject({ post: PostRef }),
  ])
  .meta({
    id: "ActorRef",
    description:
      "Exactly one of: a person, an organization, a country, an unresolved actor, or (since 1.2) a post, meaning whoever held it at the time.",
  });
