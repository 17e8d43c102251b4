/** Version numbers of the standard: `major.minor`, ordered numerically. */

export type SchemaVersionNumber = { major: number; minor: number };

const VERSION_PATTERN = /^(\d+)\.(\d+)$/;

/** Parses 'major.minor'; throws on anything else ('1', '1.0.0', 'latest'). */
export function parseSchemaVersion(version: string): SchemaVersionNumber {
  const match = VERSION_PATTERN.exec(version);
  if (!match)
    throw new Error(`'${version}' is not a Parley version: expected 'major.minor', e.g. '1.0'`);
  return { major: Number(match[1]), minor: Number(match[2]) };
}

/** Orders versions numerically: 1.2 < 1.10 < 2.0. */
export function compareSchemaVersions(a: string, b: string): number {
  const left = parseSchemaVersion(a);
  const right = parseSchemaVersion(b);
  return left.major - right.major || left.minor - right.minor;
}
