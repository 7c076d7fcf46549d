import "server-only";
import { z } from "zod";
import { classifyHttpError, networkError, NotFoundError, ValidationError } from "../errors";
import { SYNC_PROPERTIES } from "./transform";

/**
 * The app's webhook subscriptions (api-hubspot.md §8). Subscriptions belong to the HubSpot APP, not to a portal:
 * one target URL per app, and every installing portal's events go there. They are managed with the app's developer
 * API key (`?hapikey=`, legacy public apps), not with a portal's token. A subscription created through the API
 * starts paused, and HubSpot only delivers events of ACTIVE subscriptions whose (eventType, propertyName) match —
 * so a property the sync reads but no subscription names changes silently until the catch-up poll. This module
 * derives what the sync needs from SYNC_PROPERTIES and reconciles the app's subscriptions with it.
 */

export type SubscriptionSpec = { eventType: string; propertyName?: string };
export type RemoteSubscription = SubscriptionSpec & { id: string; active: boolean };

const OBJECT_TYPES = { companies: "company", deals: "deal", line_items: "line_item", products: "product" } as const;

/**
 * Properties HubSpot computes: their value moves when another property changes (dealstage → hs_is_closed_won,
 * price × quantity → line-item amount), and that other property's subscription already brings the event.
 */
export const COMPUTED_PROPERTIES: Record<keyof typeof SYNC_PROPERTIES, readonly string[]> = {
  companies: ["hs_lastmodifieddate", "hs_merged_object_ids"],
  deals: ["hs_lastmodifieddate", "hs_merged_object_ids", "hs_is_closed_won"],
  line_items: ["hs_lastmodifieddate", "amount", "hs_tax_amount"],
  products: ["hs_lastmodifieddate"],
};

/** Every subscription the sync needs: lifecycle events per object plus a propertyChange per synced property. */
export function requiredWebhookSubscriptions(): SubscriptionSpec[] {
  const out: SubscriptionSpec[] = [];
  for (const [object, type] of Object.entries(OBJECT_TYPES) as [keyof typeof SYNC_PROPERTIES, string][]) {
    // Products have no associationChange event type (SPEC enum).
    const lifecycle = type === "product" ? ["creation", "deletion", "merge", "restore"] : ["creation", "deletion", "merge", "restore", "associationChange"];
    for (const kind of lifecycle) out.push({ eventType: `${type}.${kind}` });
    for (const property of SYNC_PROPERTIES[object]) {
      if (!COMPUTED_PROPERTIES[object].includes(property)) out.push({ eventType: `${type}.propertyChange`, propertyName: property });
    }
  }
  return out;
}

const keyOf = (s: SubscriptionSpec) => `${s.eventType}|${s.propertyName ?? ""}`;

export type SubscriptionPlan = { create: SubscriptionSpec[]; activate: RemoteSubscription[]; active: RemoteSubscription[]; extra: RemoteSubscription[] };

/** Pure: what to create and what to switch on so that every required subscription exists and is active. */
export function planWebhookSubscriptions(current: RemoteSubscription[], required: SubscriptionSpec[] = requiredWebhookSubscriptions()): SubscriptionPlan {
  const byKey = new Map<string, RemoteSubscription[]>();
  for (const s of current) byKey.set(keyOf(s), [...(byKey.get(keyOf(s)) ?? []), s]);
  const wanted = new Set(required.map(keyOf));
  const plan: SubscriptionPlan = { create: [], activate: [], active: [], extra: [] };
  for (const spec of required) {
    const existing = byKey.get(keyOf(spec)) ?? [];
    const on = existing.find((s) => s.active);
    if (on) plan.active.push(on);
    else if (existing[0]) plan.activate.push(existing[0]);
    else plan.create.push(spec);
  }
  // Subscriptions we do not need are left alone (another use of the same app may rely on them), only reported.
  plan.extra = current.filter((s) => !wanted.has(keyOf(s)));
  return plan;
}

const settingsSchema = z.object({ targetUrl: z.string(), throttling: z.object({ maxConcurrentRequests: z.number(), period: z.string() }).partial().optional() });
const subscriptionSchema = z.object({ id: z.union([z.string(), z.number()]).transform(String), eventType: z.string(), propertyName: z.string().nullish(), active: z.boolean() });
const subscriptionsSchema = z.object({ results: z.array(subscriptionSchema) });

export type WebhookManagementOptions = {
  /** HUBSPOT_API_BASE_URL (the sandbox in dev, tests and the demo). */
  apiBaseUrl: string;
  appId: string;
  developerApiKey: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
};

/** Thin client of /webhooks/v3/{appId}/…; throws the shared typed errors (lib/integrations/errors.ts). */
function managementApi(opts: WebhookManagementOptions) {
  const f = opts.fetch ?? fetch;
  const call = async <S extends z.ZodType>(method: string, path: string, schema: S | null, body?: unknown): Promise<z.infer<S> | null> => {
    const operation = `${method} /webhooks/v3/{appId}${path}`;
    const url = new URL(`/webhooks/v3/${encodeURIComponent(opts.appId)}${path}`, opts.apiBaseUrl);
    url.searchParams.set("hapikey", opts.developerApiKey);
    let response: Response;
    try {
      response = await f(url, {
        method,
        headers: { accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
      });
    } catch (cause) {
      throw networkError("hubspot", operation, cause);
    }
    const text = await response.text();
    const json: unknown = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const message = json && typeof json === "object" && "message" in json ? String((json as { message: unknown }).message) : undefined;
      throw classifyHttpError({ provider: "hubspot", status: response.status, operation, providerMessage: message, body: json });
    }
    return schema ? schema.parse(json) : null;
  };
  return {
    async getSettings() {
      try {
        return await call("GET", "/settings", settingsSchema);
      } catch (error) {
        if (error instanceof NotFoundError) return null; // no target URL configured yet
        throw error;
      }
    },
    putSettings: (body: z.infer<typeof settingsSchema>) => call("PUT", "/settings", settingsSchema, body),
    listSubscriptions: async (): Promise<RemoteSubscription[]> =>
      (await call("GET", "/subscriptions", subscriptionsSchema))!.results.map((s) => ({ id: s.id, eventType: s.eventType, active: s.active, ...(s.propertyName ? { propertyName: s.propertyName } : {}) })),
    createSubscription: (spec: SubscriptionSpec) => call("POST", "/subscriptions", subscriptionSchema, { ...spec, active: true }),
    activate: (ids: string[]) => call("POST", "/subscriptions/batch/update", null, { inputs: ids.map((id) => ({ id: Number(id), active: true })) }),
  };
}

export type WebhookSetupSummary = {
  targetUrl: string;
  previousTargetUrl: string | null;
  targetChanged: boolean;
  created: SubscriptionSpec[];
  /** Subscriptions HubSpot refused (e.g. a custom property such as corporate_number that this portal lacks). */
  refused: (SubscriptionSpec & { reason: string })[];
  activated: SubscriptionSpec[];
  alreadyActive: number;
  extra: SubscriptionSpec[];
  dryRun: boolean;
};

/**
 * Make the app deliver what the sync needs to `targetUrl`: set the target when it differs (keeping the app's
 * throttling), create the missing subscriptions as active, and switch paused ones on. Idempotent: a second run
 * changes nothing. With `dryRun` it only reports (`created` is then what would be created).
 */
export async function syncWebhookSubscriptions(opts: WebhookManagementOptions & { targetUrl: string; dryRun?: boolean }): Promise<WebhookSetupSummary> {
  const api = managementApi(opts);
  const settings = await api.getSettings();
  const targetChanged = settings?.targetUrl !== opts.targetUrl;
  if (targetChanged && !opts.dryRun) {
    const throttling = { maxConcurrentRequests: settings?.throttling?.maxConcurrentRequests ?? 10, period: settings?.throttling?.period ?? "SECONDLY" };
    await api.putSettings({ targetUrl: opts.targetUrl, throttling });
  }
  const plan = planWebhookSubscriptions(await api.listSubscriptions());
  const created: SubscriptionSpec[] = [];
  const refused: WebhookSetupSummary["refused"] = [];
  if (!opts.dryRun) {
    for (const spec of plan.create) {
      try {
        await api.createSubscription(spec);
        created.push(spec);
      } catch (error) {
        // One refused subscription must not leave the rest unsubscribed; the catch-up poll covers that property.
        if (!(error instanceof ValidationError)) throw error;
        refused.push({ ...spec, reason: error.providerMessage ?? error.message });
      }
    }
    if (plan.activate.length > 0) await api.activate(plan.activate.map((s) => s.id));
  }
  const spec = (s: RemoteSubscription): SubscriptionSpec => ({ eventType: s.eventType, ...(s.propertyName ? { propertyName: s.propertyName } : {}) });
  return {
    targetUrl: opts.targetUrl,
    previousTargetUrl: settings?.targetUrl ?? null,
    targetChanged,
    created: opts.dryRun ? plan.create : created,
    refused,
    activated: plan.activate.map(spec),
    alreadyActive: plan.active.length,
    extra: plan.extra.map(spec),
    dryRun: opts.dryRun ?? false,
  };
}
