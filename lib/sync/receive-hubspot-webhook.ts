import "server-only";
import type { DbOrTx } from "@/db/client";
import { insertWebhookEvents } from "@/db/queries/sync";
import { getConnectionByPortal } from "@/lib/connections/manage-connections";
import { webhookBatchSchema } from "@/lib/integrations/hubspot/schemas";
import { verifyWebhookV3 } from "@/lib/integrations/hubspot/webhook-signature";
import type { Logger } from "@/lib/logger";

export type ReceiveInput = {
  method: string;
  /** Candidate public URLs of this request (configured APP_BASE_URL form first, then what the server saw). */
  uris: string[];
  rawBody: string;
  signature: string | null;
  timestamp: string | null;
  secret: string;
  now?: number;
};

export type ReceiveResult = { status: number; body: Record<string, unknown> };

/**
 * The webhook route's whole job, kept fast (HubSpot retries anything slower than 5 s): verify the v3 signature,
 * store the events (deduplicated by portal + eventId + occurredAt) and queue one processing job per connection.
 * No HubSpot call and no CRM write happens here.
 */
export async function receiveHubSpotWebhook(
  db: DbOrTx,
  input: ReceiveInput,
  deps: { log: Logger; enqueue: (connectionId: string) => Promise<void> },
): Promise<ReceiveResult> {
  const checks = input.uris.map((uri) => verifyWebhookV3({ secret: input.secret, method: input.method, uri, body: input.rawBody, signature: input.signature, timestamp: input.timestamp, now: input.now }));
  if (!checks.some((c) => c.ok)) {
    // "missing" or "stale" tell more than "mismatch" (which every candidate URL gives when the header is bad anyway).
    const reasons = checks.map((c) => (c.ok ? "mismatch" : c.reason));
    const reason = reasons.find((r) => r !== "mismatch") ?? "mismatch";
    deps.log.warn("hubspot webhook rejected", { reason, timestamp: input.timestamp, bytes: input.rawBody.length });
    return { status: 401, body: { error: "invalid signature", reason } };
  }
  let json: unknown;
  try {
    json = JSON.parse(input.rawBody);
  } catch {
    return { status: 400, body: { error: "invalid JSON" } };
  }
  const parsed = webhookBatchSchema.safeParse(json);
  if (!parsed.success) {
    deps.log.warn("hubspot webhook with unexpected shape", { issues: parsed.error.issues.slice(0, 3) });
    return { status: 400, body: { error: "unexpected payload" } };
  }
  const byPortal = new Map<string, typeof parsed.data>();
  for (const e of parsed.data) byPortal.set(e.portalId, [...(byPortal.get(e.portalId) ?? []), e]);
  let stored = 0;
  const connectionIds: string[] = [];
  for (const [portalId, events] of byPortal) {
    const connection = await getConnectionByPortal(db, portalId);
    if (!connection) {
      // Acknowledge (a 4xx would make HubSpot retry for 24 h) but keep nothing: no connection owns this portal.
      deps.log.warn("hubspot webhook for unknown portal", { portalId, events: events.length });
      continue;
    }
    stored += await insertWebhookEvents(
      db,
      events.map((e) => ({
        provider: "hubspot",
        connectionId: connection.id,
        dedupKey: `hubspot:${portalId}:${e.eventId}:${e.occurredAt}`,
        eventId: e.eventId,
        subscriptionType: e.subscriptionType,
        objectId: e.objectId ?? null,
        occurredAt: new Date(e.occurredAt),
        payload: e,
      })),
    );
    connectionIds.push(connection.id);
  }
  for (const id of connectionIds) await deps.enqueue(id);
  return { status: 200, body: { received: parsed.data.length, stored } };
}
