/**
 * Webhooks v3 delivery (api-hubspot.md §8): store changes become events for matching active subscriptions, are
 * batched (≤ 100 per POST, short batching window so delivery happens within ~100 ms), signed with
 * `X-HubSpot-Signature-v3` = base64(HMAC-SHA256(clientSecret, method + uri + body + timestamp)) plus
 * `X-HubSpot-Request-Timestamp` (and the legacy v1 header, as HubSpot also sends it), and retried on connection
 * failure, a response slower than 5 s, or any 4xx/5xx: up to 10 retries spread over ~24 h with randomised delays.
 * `retryScale` (env SANDBOX_WEBHOOK_RETRY_SCALE) multiplies the schedule so tests can see retries in milliseconds.
 * The fault `webhookFailureRate` makes an attempt fail as a connection failure would (nothing is sent).
 */
import { createHash, createHmac } from "node:crypto";
import type { FaultController } from "../core";
import { OBJECT_TYPES, ASSOCIATION_TYPES, type ObjectTypeName } from "./schema";
import type { ChangeEvent } from "./store";

export type WebhookSubscription = {
  id: string;
  eventType: string;
  propertyName?: string;
  active: boolean;
  createdAt: string;
  updatedAt: string;
};

export type WebhookEvent = Record<string, unknown> & { eventId: number; subscriptionType: string; attemptNumber: number };

export type DeliveryRecord = {
  at: string;
  attemptNumber: number;
  events: number;
  eventIds: number[];
  ok: boolean;
  status: number | null;
  error?: string;
  durationMs: number;
  simulatedFailure?: boolean;
};

/** Base retry delays (ms) before retries 1..10; total ≈ 24.9 h, matching "10 retries over 24 hours". */
export const RETRY_DELAYS_MS = [60_000, 300_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 14_400_000, 21_600_000, 28_800_000];

const DEFAULT_PROPERTY_SUBSCRIPTIONS: Record<string, string[]> = {
  company: ["name", "domain", "phone", "address", "hubspot_owner_id"],
  deal: ["dealstage", "amount", "dealname", "closedate", "pipeline", "hubspot_owner_id", "deal_currency_code"],
  line_item: ["name", "quantity", "price", "amount", "hs_tax_rate_group_id", "hs_product_id"],
  product: ["name", "price"],
};

export function defaultSubscriptions(): { eventType: string; propertyName?: string; active: boolean }[] {
  const out: { eventType: string; propertyName?: string; active: boolean }[] = [];
  for (const obj of ["company", "deal", "line_item", "product"]) {
    for (const kind of ["creation", "deletion", "merge", "restore"]) out.push({ eventType: `${obj}.${kind}`, active: true });
    if (obj !== "product") out.push({ eventType: `${obj}.associationChange`, active: true });
    for (const p of DEFAULT_PROPERTY_SUBSCRIPTIONS[obj] ?? []) out.push({ eventType: `${obj}.propertyChange`, propertyName: p, active: true });
  }
  return out;
}

export type WebhookOptions = {
  faults: FaultController;
  clientSecret: string;
  appId: number;
  portalId: number;
  retryScale: number;
  batchWindowMs: number;
  maxConcurrent: number;
  responseTimeoutMs: number;
};

type Batch = { events: WebhookEvent[]; attempt: number };

export function signV3(secret: string, method: string, uri: string, body: string, timestamp: string): string {
  return createHmac("sha256", secret).update(method + uri + body + timestamp, "utf8").digest("base64");
}

export class WebhookDispatcher {
  targetUrl: string | null = null;
  subscriptions = new Map<string, WebhookSubscription>();
  throttling = { maxConcurrentRequests: 10, period: "SECONDLY" };
  settingsCreatedAt: string | null = null;
  settingsUpdatedAt: string | null = null;
  deliveries: DeliveryRecord[] = [];
  private nextSubId = 100_001;
  private nextEventId = 1;
  private queue: WebhookEvent[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private ready: Batch[] = [];
  private inFlight = 0;
  private retryTimers = new Set<NodeJS.Timeout>();
  private stopped = false;
  private idle: (() => void)[] = [];

  constructor(readonly opts: WebhookOptions) {}

  configure(targetUrl: string | null, subs?: { eventType: string; propertyName?: string; active?: boolean }[]): void {
    const now = new Date().toISOString();
    this.targetUrl = targetUrl;
    this.settingsCreatedAt ??= now;
    this.settingsUpdatedAt = now;
    if (subs) {
      this.subscriptions.clear();
      for (const s of subs) this.addSubscription(s.eventType, s.propertyName, s.active ?? true);
    } else if (this.subscriptions.size === 0) {
      for (const s of defaultSubscriptions()) this.addSubscription(s.eventType, s.propertyName, s.active);
    }
  }

  addSubscription(eventType: string, propertyName: string | undefined, active: boolean): WebhookSubscription {
    const now = new Date().toISOString();
    const sub: WebhookSubscription = { id: String(this.nextSubId++), eventType, active, createdAt: now, updatedAt: now, ...(propertyName ? { propertyName } : {}) };
    this.subscriptions.set(sub.id, sub);
    return sub;
  }

  /** Drop queued events, pending retries and the delivery log (settings stay: they are app config). */
  resetRuntime(): void {
    this.queue = [];
    this.ready = [];
    for (const t of this.retryTimers) clearTimeout(t);
    this.retryTimers.clear();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.deliveries = [];
  }

  stop(): void {
    this.stopped = true;
    this.resetRuntime();
  }

  pending(): { queued: number; ready: number; inFlight: number; retriesScheduled: number } {
    return { queued: this.queue.length, ready: this.ready.length, inFlight: this.inFlight, retriesScheduled: this.retryTimers.size };
  }

  onChange(e: ChangeEvent): void {
    if (!this.targetUrl || this.stopped) return;
    const obj = OBJECT_TYPES[e.type].webhookObject;
    if (!obj) return;
    const subscriptionType = `${obj}.${e.kind}`;
    for (const sub of this.subscriptions.values()) {
      if (!sub.active || sub.eventType !== subscriptionType) continue;
      if (e.kind === "propertyChange" && sub.propertyName !== e.propertyName) continue;
      if (e.kind === "associationChange" && !OBJECT_TYPES[e.toType].webhookObject) continue;
      this.enqueue(this.toEvent(e, sub, subscriptionType));
    }
  }

  private toEvent(e: ChangeEvent, sub: WebhookSubscription, subscriptionType: string): WebhookEvent {
    const base: WebhookEvent = {
      eventId: this.nextEventId++,
      subscriptionId: Number(sub.id),
      portalId: this.opts.portalId,
      appId: this.opts.appId,
      occurredAt: e.at,
      subscriptionType,
      attemptNumber: 0,
      objectId: Number(e.objectId),
      changeSource: e.source,
      sourceId: e.source === "CRM_UI" ? "userId:7000001" : `${this.opts.appId}`,
    };
    switch (e.kind) {
      case "creation":
        return { ...base, changeFlag: "CREATED" };
      case "deletion":
        return { ...base, changeFlag: "DELETED" };
      case "restore":
        return { ...base, changeFlag: "RESTORED" };
      case "propertyChange":
        return { ...base, propertyName: e.propertyName, propertyValue: e.propertyValue };
      case "merge":
        return {
          ...base, primaryObjectId: Number(e.primaryObjectId), mergedObjectIds: e.mergedObjectIds.map(Number),
          newObjectId: Number(e.primaryObjectId), numberOfPropertiesMoved: e.numberOfPropertiesMoved,
        };
      case "associationChange": {
        const def = ASSOCIATION_TYPES.get(e.typeId);
        const from = OBJECT_TYPES[e.type].singular.toUpperCase();
        const to = OBJECT_TYPES[e.toType as ObjectTypeName].singular.toUpperCase();
        return {
          ...base, associationType: `${from}_TO_${to}`, associationCategory: "HUBSPOT_DEFINED", associationTypeId: e.typeId,
          fromObjectId: Number(e.fromObjectId), toObjectId: Number(e.toObjectId), associationRemoved: e.removed,
          isPrimaryAssociation: !!def?.primary,
        };
      }
    }
  }

  private enqueue(ev: WebhookEvent): void {
    this.queue.push(ev);
    if (this.queue.length >= 100) this.flush();
    else if (!this.flushTimer) this.flushTimer = setTimeout(() => this.flush(), this.opts.batchWindowMs);
  }

  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    while (this.queue.length > 0) this.ready.push({ events: this.queue.splice(0, 100), attempt: 0 });
    this.pump();
  }

  /** Resolves when nothing is queued or in flight (scheduled retries excluded). For tests and shutdown. */
  whenIdle(): Promise<void> {
    if (this.queue.length === 0 && this.ready.length === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise((r) => this.idle.push(r));
  }

  private pump(): void {
    while (this.inFlight < this.opts.maxConcurrent && this.ready.length > 0) {
      const batch = this.ready.shift() as Batch;
      this.inFlight++;
      void this.deliver(batch).finally(() => {
        this.inFlight--;
        this.pump();
        if (this.queue.length === 0 && this.ready.length === 0 && this.inFlight === 0) {
          const waiters = this.idle;
          this.idle = [];
          for (const w of waiters) w();
        }
      });
    }
  }

  private async deliver(batch: Batch): Promise<void> {
    const target = this.targetUrl;
    if (!target || this.stopped) return;
    const events = batch.events.map((e) => ({ ...e, attemptNumber: batch.attempt }));
    const body = JSON.stringify(events);
    const started = performance.now();
    const record: DeliveryRecord = {
      at: new Date().toISOString(), attemptNumber: batch.attempt, events: events.length, eventIds: events.map((e) => e.eventId),
      ok: false, status: null, durationMs: 0,
    };
    if (this.opts.faults.webhookShouldFail()) {
      record.simulatedFailure = true;
      record.error = "simulated delivery failure (fault webhookFailureRate)";
    } else {
      const timestamp = String(Date.now());
      try {
        const res = await fetch(target, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "user-agent": "HubSpot Connect 2.0 (http://dev.hubspot.com/) (namespace: webhooks-nextgen) - WebhooksExecutorDaemon-executor",
            "x-hubspot-signature-v3": signV3(this.opts.clientSecret, "POST", target, body, timestamp),
            "x-hubspot-request-timestamp": timestamp,
            "x-hubspot-signature": createHash("sha256").update(this.opts.clientSecret + body, "utf8").digest("hex"),
            "x-hubspot-signature-version": "v1",
          },
          body,
          signal: AbortSignal.timeout(this.opts.responseTimeoutMs),
        });
        await res.arrayBuffer().catch(() => undefined);
        record.status = res.status;
        record.ok = res.status >= 200 && res.status < 300;
        if (!record.ok) record.error = `HTTP ${res.status}`;
      } catch (err) {
        record.error = (err as Error).name === "TimeoutError" ? "response slower than 5 s" : `connection failure: ${(err as Error).message}`;
      }
    }
    record.durationMs = Math.round(performance.now() - started);
    this.deliveries.push(record);
    if (this.deliveries.length > 1000) this.deliveries.splice(0, this.deliveries.length - 1000);
    if (!record.ok) this.scheduleRetry(batch);
  }

  private scheduleRetry(batch: Batch): void {
    const base = RETRY_DELAYS_MS[batch.attempt];
    if (base === undefined || this.stopped) return; // 10 retries exhausted: HubSpot drops the events.
    const jitter = 0.8 + Math.random() * 0.4;
    const delay = Math.max(1, Math.round(base * this.opts.retryScale * jitter));
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.ready.push({ events: batch.events, attempt: batch.attempt + 1 });
      this.pump();
    }, delay);
    timer.unref();
    this.retryTimers.add(timer);
  }
}
