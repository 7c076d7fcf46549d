/**
 * Fault injection shared by all emulators (`/_sandbox/faults` contract).
 *
 * API: `createFaultController()` → `{ get(), set(config), clear(), decide(method, path), webhookShouldFail() }`.
 * `faultConfigSchema` (zod) validates the POST body:
 *   { errorRates?: {"429"?: p, "500"?: p, "502"?: p, "503"?: p, ...any 4xx/5xx}, latencyMs?, timeoutRate?,
 *     commitThenTimeoutRate?, pathPattern? (regex), methods? (["POST", ...]), webhookFailureRate? }
 * `decide()` returns what the server must do for one request: add `latencyMs`, answer `errorStatus` with the
 * provider's own error body, `hang` (never answer), or `commitThenHang` (run the handler so the write happens, then
 * never answer). Only requests matching `pathPattern`/`methods` are affected; `/_sandbox/*` never is (the server
 * does not consult faults for control routes). Commit-then-timeout applies to writes only (not GET/HEAD): a read
 * that "commits then times out" is just a timeout, which `timeoutRate` already covers.
 * Rolls use Math.random: faults are about timing and rates, not seed data. Rates of 1.0 make tests deterministic.
 */
import { z } from "zod";

const rate = z.number().min(0).max(1);

export const faultConfigSchema = z.object({
  errorRates: z.record(z.string().regex(/^[45]\d\d$/, "status codes 400-599"), rate).optional(),
  latencyMs: z.number().int().min(0).max(120_000).optional(),
  timeoutRate: rate.optional(),
  commitThenTimeoutRate: rate.optional(),
  pathPattern: z
    .string()
    .refine((s) => {
      try {
        new RegExp(s);
        return true;
      } catch {
        return false;
      }
    }, "invalid regex")
    .optional(),
  methods: z.array(z.string().min(1)).optional(),
  webhookFailureRate: rate.optional(),
});

export type FaultConfig = z.infer<typeof faultConfigSchema>;

export type FaultDecision = {
  latencyMs: number;
  errorStatus: number | null;
  hang: boolean;
  commitThenHang: boolean;
  /** Short label for the request log, e.g. "error:503", "timeout", "commit-then-timeout", "latency:200". */
  label: string | undefined;
};

export type FaultController = {
  get(): FaultConfig | null;
  set(config: FaultConfig): void;
  clear(): void;
  decide(method: string, path: string): FaultDecision;
  webhookShouldFail(): boolean;
};

const NONE: FaultDecision = { latencyMs: 0, errorStatus: null, hang: false, commitThenHang: false, label: undefined };

export function createFaultController(random: () => number = Math.random): FaultController {
  let config: FaultConfig | null = null;
  let pattern: RegExp | null = null;
  let methods: Set<string> | null = null;
  let errorTable: [number, number][] = [];

  return {
    get: () => config,
    set(next) {
      config = next;
      pattern = next.pathPattern ? new RegExp(next.pathPattern) : null;
      methods = next.methods ? new Set(next.methods.map((m) => m.toUpperCase())) : null;
      errorTable = Object.entries(next.errorRates ?? {}).map(([s, p]) => [Number(s), p]);
    },
    clear() {
      config = null;
      pattern = null;
      methods = null;
      errorTable = [];
    },
    decide(method, path) {
      if (!config) return NONE;
      if (methods && !methods.has(method.toUpperCase())) return NONE;
      if (pattern && !pattern.test(path)) return NONE;
      const latencyMs = config.latencyMs ?? 0;
      const labels: string[] = [];
      if (latencyMs > 0) labels.push(`latency:${latencyMs}`);
      const isWrite = method !== "GET" && method !== "HEAD";
      if (config.timeoutRate && random() < config.timeoutRate) {
        return { latencyMs, errorStatus: null, hang: true, commitThenHang: false, label: "timeout" };
      }
      if (isWrite && config.commitThenTimeoutRate && random() < config.commitThenTimeoutRate) {
        return { latencyMs, errorStatus: null, hang: false, commitThenHang: true, label: "commit-then-timeout" };
      }
      // One roll shared by all statuses: rates add up (429: 0.1 + 500: 0.05 → 15 % of requests fail).
      if (errorTable.length > 0) {
        const r = random();
        let acc = 0;
        for (const [status, p] of errorTable) {
          acc += p;
          if (r < acc) return { latencyMs, errorStatus: status, hang: false, commitThenHang: false, label: `error:${status}` };
        }
      }
      return { latencyMs, errorStatus: null, hang: false, commitThenHang: false, label: labels[0] };
    },
    webhookShouldFail() {
      return !!config?.webhookFailureRate && random() < config.webhookFailureRate;
    },
  };
}
