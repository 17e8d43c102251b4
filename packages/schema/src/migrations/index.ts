export * from "./fields";
export * from "./run";
export * from "./steps";
export * from "./types";
