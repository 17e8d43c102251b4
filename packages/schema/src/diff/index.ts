export * from "./classify";
export * from "./report";
