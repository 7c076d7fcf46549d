/**
 * sandbox/core: shared emulator plumbing. Import from "../core" inside sandbox/ (relative paths only, no "@/").
 * See each module's header for its API: server.ts (Router, startEmulatorServer), faults.ts, control.ts,
 * request-log.ts, rate-limit.ts, rng.ts, companies.ts, corporate-number.ts, types.ts.
 */
export * from "./server";
export * from "./faults";
export * from "./control";
export * from "./request-log";
export * from "./rate-limit";
export * from "./rng";
export * from "./companies";
export * from "./corporate-number";
export * from "./types";
