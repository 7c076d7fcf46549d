import "server-only";
import { getActiveHubSpotConnection, getConnection, markReauthorize } from "@/lib/connections/manage-connections";
import { hubspotClientFor } from "@/lib/connections/hubspot-client";
import { AuthError } from "@/lib/integrations/errors";
import { runHubSpotFullSync } from "@/lib/sync/full-sync";
import { runHubSpotIncrementalSync } from "@/lib/sync/incremental-sync";
import { NonRetryableJobError } from "../errors";
import type { JobHandler } from "../types";

type Payload = { connectionId?: string; mode: "full" | "incremental"; objects?: ("companies" | "deals" | "line_items" | "products")[]; restart?: boolean };

const handler: JobHandler<Payload> = async (payload, { db, log, send }) => {
  const connection = payload.connectionId ? await getConnection(db, payload.connectionId) : await getActiveHubSpotConnection(db);
  if (!connection || connection.status !== "active") return { skipped: connection?.status ?? "no connection" };
  const client = hubspotClientFor(db, connection);
  const sendFn = (n: string, p: unknown, o?: { singletonKey?: string }) => send(n, p, o);
  try {
    if (payload.mode === "full") {
      const r = await runHubSpotFullSync({ db, client, connection, log, objects: payload.objects, restart: payload.restart, send: sendFn });
      return r.objects;
    }
    return await runHubSpotIncrementalSync({ db, client, connection, log, objects: payload.objects, send: sendFn });
  } catch (error) {
    // Revoked token: retrying cannot help; the connection shows "re-authorise" (set by the token provider).
    if (error instanceof AuthError) {
      await markReauthorize(db, connection.id, error.message);
      throw new NonRetryableJobError(error.message);
    }
    throw error;
  }
};

export default handler;
