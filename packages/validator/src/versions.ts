import { VERSION_MODULES } from "./generated/versions.gen";

/** One version of the standard as the validator knows it: compiled checks plus its JSON Schemas. */
export type VersionModule = (typeof VERSION_MODULES)[keyof typeof VERSION_MODULES];

/** The versions of the standard this build validates, oldest first. */
export const SUPPORTED_SCHEMA_VERSIONS: readonly string[] = Object.keys(VERSION_MODULES);

/** The newest supported version: used when an input declares none. */
export const LATEST_SCHEMA_VERSION: string = SUPPORTED_SCHEMA_VERSIONS[
  SUPPORTED_SCHEMA_VERSIONS.length - 1
] as string;

export function versionModule(version: string): VersionModule | undefined {
  return Object.hasOwn(VERSION_MODULES, version)
    ? VERSION_MODULES[version as keyof typeof VERSION_MODULES]
    : undefined;
}
