export * from "./classify";
export * from "./gate";
export * from "./report";
