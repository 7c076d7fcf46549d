import "server-only";
import { getConnection, markReauthorize } from "@/lib/connections/manage-connections";
import { hubspotClientFor } from "@/lib/connections/hubspot-client";
import { AuthError } from "@/lib/integrations/errors";
import { processHubSpotWebhooks } from "@/lib/sync/process-hubspot-webhooks";
import { NonRetryableJobError } from "../errors";
import type { JobHandler } from "../types";

const handler: JobHandler<{ connectionId: string }> = async ({ connectionId }, { db, log, send }) => {
  const connection = await getConnection(db, connectionId);
  // A connection waiting for re-authorisation pauses its jobs: the events stay stored until it is fixed.
  if (!connection || connection.status !== "active") return { skipped: connection?.status ?? "missing" };
  try {
    return await processHubSpotWebhooks({ db, client: hubspotClientFor(db, connection), connection, log, send: (n, p, o) => send(n, p, o) });
  } catch (error) {
    if (error instanceof AuthError) {
      await markReauthorize(db, connection.id, error.message);
      throw new NonRetryableJobError(error.message);
    }
    throw error;
  }
};

export default handler;
