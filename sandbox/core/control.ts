/**
 * Common `/_sandbox/*` control routes (contract in sandbox/README.md).
 *
 * API: `createControlRouter(hooks)` → a `Router` to pass as `control` to `startEmulatorServer`. Hooks:
 *   reset(), seed(options) (`seedOptionsSchema`: {seed=42, companies?, deals?, ...extra keys passed through}),
 *   state() → counts, faults (FaultController), log (RequestLog),
 *   tokens?: { issue() → {access_token, refresh_token, expires_in, ...}, expire(), revoke() },
 *   rateLimits?: { get() → {enabled, ...}, set({enabled}) }.
 * Routes: POST reset, POST seed, GET state, GET requests?limit=N, GET|POST|DELETE faults, POST tokens,
 * POST tokens/expire, POST tokens/revoke, GET|POST rate-limits. Add provider-specific ones ("acting as a person")
 * on the returned router. Bad bodies → 400 `{error: "..."}`.
 */
import { z } from "zod";
import { faultConfigSchema, type FaultController } from "./faults";
import type { RequestLog } from "./request-log";
import { BodyParseError, Router, SandboxHttpError, type SandboxRequest, type SandboxResponse } from "./server";

export const seedOptionsSchema = z
  .object({
    seed: z.number().int().default(42),
    companies: z.number().int().min(0).max(1_000_000).optional(),
    deals: z.number().int().min(0).max(5_000_000).optional(),
  })
  .passthrough();

export type SeedOptions = z.infer<typeof seedOptionsSchema>;

export type ControlHooks = {
  reset(): void | Promise<void>;
  seed(options: SeedOptions): unknown | Promise<unknown>;
  state(): Record<string, number | unknown>;
  faults: FaultController;
  log: RequestLog;
  tokens?: {
    issue(): unknown | Promise<unknown>;
    expire(): unknown | Promise<unknown>;
    revoke(): unknown | Promise<unknown>;
  };
  rateLimits?: {
    get(): Record<string, unknown>;
    set(body: { enabled: boolean } & Record<string, unknown>): void;
  };
};

const ok = (body: unknown = { ok: true }, status = 200): SandboxResponse => ({ status, json: body });

/** Parse a control body with zod; any failure → 400 with a readable message. */
export function parseControlBody<T extends z.ZodType>(req: SandboxRequest, schema: T): z.infer<T> {
  let body: unknown;
  try {
    body = req.json() ?? {};
  } catch (e) {
    throw new SandboxHttpError({ status: 400, json: { error: e instanceof BodyParseError ? e.message : String(e) } });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new SandboxHttpError({ status: 400, json: { error: z.prettifyError(parsed.error) } });
  }
  return parsed.data;
}

export function createControlRouter(hooks: ControlHooks): Router {
  const r = new Router();
  r.post("/_sandbox/reset", async () => {
    await hooks.reset();
    return ok({ ok: true, state: hooks.state() });
  });
  r.post("/_sandbox/seed", async (req) => {
    const opts = parseControlBody(req, seedOptionsSchema);
    const started = performance.now();
    const result = await hooks.seed(opts);
    return ok({ ok: true, seed: opts.seed, durationMs: Math.round(performance.now() - started), result, state: hooks.state() });
  });
  r.get("/_sandbox/state", () => ok(hooks.state()));
  r.get("/_sandbox/requests", (req) => {
    const limit = Math.min(Math.max(Number(req.query.get("limit") ?? 100) || 100, 1), 10_000);
    return ok(hooks.log.recent(limit));
  });
  r.get("/_sandbox/faults", () => ok(hooks.faults.get() ?? {}));
  r.post("/_sandbox/faults", (req) => {
    const cfg = parseControlBody(req, faultConfigSchema);
    hooks.faults.set(cfg);
    return ok(cfg);
  });
  r.delete("/_sandbox/faults", () => {
    hooks.faults.clear();
    return ok({});
  });
  const tokens = hooks.tokens;
  if (tokens) {
    r.post("/_sandbox/tokens", async () => ok(await tokens.issue()));
    r.post("/_sandbox/tokens/expire", async () => ok((await tokens.expire()) ?? { ok: true }));
    r.post("/_sandbox/tokens/revoke", async () => ok((await tokens.revoke()) ?? { ok: true }));
  }
  const limits = hooks.rateLimits;
  if (limits) {
    r.get("/_sandbox/rate-limits", () => ok(limits.get()));
    r.post("/_sandbox/rate-limits", (req) => {
      const body = parseControlBody(req, z.object({ enabled: z.boolean() }).passthrough());
      limits.set(body);
      return ok(limits.get());
    });
  }
  return r;
}
