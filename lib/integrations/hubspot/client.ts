import "server-only";
import type { z } from "zod";
import { AuthError, classifyHttpError, networkError, type IntegrationError } from "../errors";
import { hubspotDefaultRetryAfterMs, withRateLimit, type RateLimiter, type RetryEvent } from "../rate-limit";
import {
  batchResponseSchema, errorBodySchema, listPageSchema, ownersPageSchema, pipelinesResponseSchema, searchPageSchema,
  type HsObject, type HsOwner, type HsPipeline, type ListPage,
} from "./schemas";

/**
 * Typed HubSpot CRM client: plain fetch with an injectable `baseUrl` and `fetch`, so tests and the demo point it
 * at the sandbox emulator. We use our own client rather than `@hubspot/api-client` for the sync because the SDK's
 * retry/limiter decorators are process-wide singletons (api-hubspot.md §10.6), ignore Retry-After, never retry
 * `apiRequest()` and resolve 207s silently; here every call goes through the per-connection limiter and throws
 * typed errors (lib/integrations/errors.ts).
 */

export type HubSpotObjectType = "companies" | "deals" | "line_items" | "products";

export type RateHeaders = { remaining?: number; max?: number; intervalMs?: number; dailyRemaining?: number; daily?: number };

export type HubSpotClientOptions = {
  baseUrl: string;
  /** Returns a valid access token. `forceRefresh` is set after a 401 EXPIRED_AUTHENTICATION (refresh once, retry). */
  getAccessToken: (forceRefresh?: boolean) => Promise<string>;
  fetch?: typeof fetch;
  /** Per-connection limiter for the 10-secondly budget; search uses `searchLimiter` (5/s, separate budget, §3). */
  limiter?: RateLimiter;
  searchLimiter?: RateLimiter;
  timeoutMs?: number;
  onRetry?: (event: RetryEvent & { operation: string }) => void;
  /** Provider-reported headroom (X-HubSpot-RateLimit-* headers, §9), for the health page. */
  onRateHeaders?: (headers: RateHeaders) => void;
  signal?: AbortSignal;
};

type RequestOptions<S extends z.ZodType> = {
  query?: Record<string, string | number | boolean | string[] | undefined>;
  body?: unknown;
  schema?: S;
  search?: boolean;
  /** Expected success statuses (default 2xx). 207 is accepted for batch calls and handled by the caller. */
};

export class HubSpotClient {
  private readonly fetchImpl: typeof fetch;
  constructor(private readonly options: HubSpotClientOptions) {
    this.fetchImpl = options.fetch ?? fetch;
  }

  get baseUrl(): string {
    return this.options.baseUrl.replace(/\/$/, "");
  }

  /** One API call under the limiter with retries (429 → pause connection; 5xx/timeouts → backoff). */
  async request<S extends z.ZodType = z.ZodType<unknown>>(method: string, path: string, opts: RequestOptions<S> = {}): Promise<z.infer<S>> {
    const operation = `${method} ${path}`;
    const limiter = opts.search ? (this.options.searchLimiter ?? this.options.limiter) : this.options.limiter;
    const run = () => this.once(method, path, opts);
    const result = limiter
      ? await withRateLimit(limiter, run, {
          giveUpPolicies: ["DAILY"],
          signal: this.options.signal,
          onRetry: (e) => this.options.onRetry?.({ ...e, operation }),
        })
      : await run();
    return result as z.infer<S>;
  }

  private async once<S extends z.ZodType>(method: string, path: string, opts: RequestOptions<S>, retriedAuth = false): Promise<unknown> {
    const operation = `${method} ${path}`;
    const url = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(opts.query ?? {})) {
      if (v === undefined) continue;
      // Arrays as repeated keys (properties=a&properties=b), as the SDK sends them (§10.3 c).
      if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, item);
      else url.searchParams.set(k, String(v));
    }
    const token = await this.options.getAccessToken(retriedAuth);
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 30_000);
    const signal = this.options.signal ? AbortSignal.any([timeout, this.options.signal]) : timeout;
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers: { authorization: `Bearer ${token}`, accept: "application/json", ...(opts.body !== undefined ? { "content-type": "application/json" } : {}) },
        body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
        signal,
      });
    } catch (cause) {
      if (this.options.signal?.aborted) throw cause;
      throw networkError("hubspot", operation, cause);
    }
    this.observeHeaders(response.headers);
    const text = await response.text().catch(() => "");
    let json: unknown = undefined;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    if (response.status >= 200 && response.status < 300) {
      if (!opts.schema) return json;
      const parsed = opts.schema.safeParse(json);
      if (!parsed.success) {
        // The provider answered something we do not understand: not retryable, and loud.
        throw classifyHttpError({ provider: "hubspot", status: 400, operation, providerMessage: `unexpected response shape: ${parsed.error.message.slice(0, 500)}` });
      }
      return parsed.data;
    }
    const error = this.toError(response, json, operation);
    // Access tokens expire (1800 s); a 401 EXPIRED_AUTHENTICATION after the early refresh missed is fixed by one forced refresh.
    if (error instanceof AuthError && response.status === 401 && !retriedAuth) {
      return this.once(method, path, opts, true);
    }
    throw error;
  }

  private toError(response: Response, json: unknown, operation: string): IntegrationError {
    const body = errorBodySchema.safeParse(json ?? {});
    const b = body.success ? body.data : {};
    const missing = b.context?.missingScopes;
    return classifyHttpError({
      provider: "hubspot",
      status: response.status,
      operation,
      providerMessage: b.message,
      body: json,
      retryAfter: response.headers.get("retry-after"),
      policy: b.policyName,
      defaultRetryAfterMs: hubspotDefaultRetryAfterMs(b.policyName),
      missingScopes: Array.isArray(missing) ? missing.map(String) : undefined,
    });
  }

  private observeHeaders(h: Headers): void {
    const num = (name: string) => {
      const v = h.get(name);
      return v === null ? undefined : Number(v);
    };
    const remaining = num("x-hubspot-ratelimit-remaining");
    if (remaining === undefined) return;
    const headers: RateHeaders = {
      remaining,
      max: num("x-hubspot-ratelimit-max"),
      intervalMs: num("x-hubspot-ratelimit-interval-milliseconds"),
      daily: num("x-hubspot-ratelimit-daily"),
      dailyRemaining: num("x-hubspot-ratelimit-daily-remaining"),
    };
    // Other apps of the same portal share the budget: if HubSpot counts fewer remaining than we do, slow down.
    this.options.limiter?.observeRemaining("ten_secondly", remaining);
    if (headers.dailyRemaining !== undefined) this.options.limiter?.observeRemaining("daily", headers.dailyRemaining);
    this.options.onRateHeaders?.(headers);
  }

  // ---- CRM objects (api-hubspot.md §2) ----------------------------------------------------------------------------

  /** GET /crm/v3/objects/{type} – one page (max 100), with associations inline (the batch API cannot return them). */
  listPage(type: HubSpotObjectType, opts: { after?: string | null; limit?: number; properties: string[]; associations?: string[]; archived?: boolean }): Promise<ListPage> {
    return this.request("GET", `/crm/v3/objects/${type}`, {
      query: {
        limit: opts.limit ?? 100,
        after: opts.after ?? undefined,
        properties: opts.properties,
        associations: opts.associations?.length ? opts.associations : undefined,
        archived: opts.archived ? "true" : undefined,
      },
      schema: listPageSchema,
    });
  }

  /**
   * POST /crm/v3/objects/{type}/batch/read (≤ 100 ids). Returns the found records and the ids HubSpot reported
   * missing (207 OBJECT_NOT_FOUND: deleted or never existed).
   */
  async batchRead(type: HubSpotObjectType, ids: string[], properties: string[]): Promise<{ results: HsObject[]; missing: string[] }> {
    const results: HsObject[] = [];
    const missing: string[] = [];
    for (let i = 0; i < ids.length; i += 100) {
      const chunk = ids.slice(i, i + 100);
      const res = await this.request("POST", `/crm/v3/objects/${type}/batch/read`, {
        body: { inputs: chunk.map((id) => ({ id })), properties, propertiesWithHistory: [] },
        schema: batchResponseSchema,
      });
      results.push(...res.results);
      for (const e of res.errors ?? []) if (e.category === "OBJECT_NOT_FOUND") missing.push(...(e.context?.ids ?? []));
    }
    return { results, missing };
  }

  /** POST /crm/v4/associations/{from}/{to}/batch/read (≤ 1000 ids): from id → to ids (primary first when labelled). */
  async batchReadAssociations(from: HubSpotObjectType, to: HubSpotObjectType, ids: string[]): Promise<Map<string, { id: string; primary: boolean }[]>> {
    const out = new Map<string, { id: string; primary: boolean }[]>();
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000);
      const res = (await this.request("POST", `/crm/v4/associations/${from}/${to}/batch/read`, { body: { inputs: chunk.map((id) => ({ id })) } })) as {
        results?: { from: { id: string | number }; to: { toObjectId: string | number; associationTypes?: { label?: string | null }[] }[] }[];
      };
      for (const r of res.results ?? []) {
        out.set(String(r.from.id), r.to.map((t) => ({ id: String(t.toObjectId), primary: (t.associationTypes ?? []).some((a) => a.label === "Primary") })));
      }
    }
    return out;
  }

  /** POST /crm/v3/objects/{type}/search – 5 req/s, 200 per page, 10,000 results per query (§3). */
  search(type: HubSpotObjectType, body: { filterGroups: unknown[]; sorts?: unknown[]; properties: string[]; limit?: number; after?: string }) {
    return this.request("POST", `/crm/v3/objects/${type}/search`, { body: { limit: 200, ...body }, schema: searchPageSchema, search: true });
  }

  // ---- metadata -------------------------------------------------------------------------------------------------

  /** GET /crm/v3/pipelines/deals – stages with metadata (probability, isClosed) for won detection (§4). */
  async dealPipelines(): Promise<HsPipeline[]> {
    return (await this.request("GET", "/crm/v3/pipelines/deals", { schema: pipelinesResponseSchema })).results;
  }

  /** GET /crm/v3/owners/ (trailing slash, as the SDK calls it – §10.3 d). */
  async allOwners(archived = false): Promise<HsOwner[]> {
    const owners: HsOwner[] = [];
    let after: string | undefined;
    do {
      const page = await this.request("GET", "/crm/v3/owners/", { query: { limit: 100, after, archived: archived ? "true" : undefined }, schema: ownersPageSchema });
      owners.push(...page.results);
      after = page.paging?.next?.after;
    } while (after);
    return owners;
  }
}
