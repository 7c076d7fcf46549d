// Every table, by domain. Each domain file owns its tables; add new domains here.
export * from "./auth";
export * from "./audit";
export * from "./settings";
export * from "./connections";
export * from "./crm";
export * from "./sync";
export * from "./invoicing";
export * from "./accounting";
export * from "./partners";
export * from "./board";
export * from "./overdue";
