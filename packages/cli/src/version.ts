import { SUPPORTED_SCHEMA_VERSIONS } from "@parley/validator";
import packageJson from "../package.json";

/** `short` for the help header; `long` for `parley --version`. */
export function versionText(): { short: string; long: string } {
  return {
    short: packageJson.version,
    long: `parley ${packageJson.version} (validates Parley standard ${SUPPORTED_SCHEMA_VERSIONS.join(", ")})`,
  };
}
