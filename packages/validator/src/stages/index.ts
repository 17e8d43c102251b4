/** Validation as map, reduce and report stages for engines past one machine (see contract.ts). */
export {
  CROSS_RECORD_RULES,
  idKey,
  STAGE_CONTRACT,
  StageInputError,
} from "./contract";
export {
  lineStartAtOrAfter,
  type MapPartOptions,
  mapPart,
  optionsFingerprint,
  type PartSummary,
  type StageOptions,
} from "./map";
export { type ReduceStats, reduceLines } from "./reduce";
export {
  compareStagedFindings,
  compareStagedLinks,
  type GatherOptions,
  gatherStageResults,
  memoryLinkStore,
  memoryStore,
  type StagedFinding,
  type StagedFindingStore,
  type StagedLink,
  type StagedLinkStore,
  type StageResult,
} from "./report";
