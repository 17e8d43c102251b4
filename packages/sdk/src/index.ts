export {
  buildRecord,
  formatPath,
  issuesOf,
  type ParleyIssue,
  ParleyValidationError,
} from "./build";
export { canonicalJson, deriveId } from "./canonical";
export * from "./generated/index.gen";
export { type FoundReference, forEachReference, referencesOf } from "./references";
