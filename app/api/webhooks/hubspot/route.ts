// POST /api/webhooks/hubspot – receive HubSpot webhook events (signature v3), store them and queue processing
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { sendJob } from "@/lib/jobs/boss";
import { logger } from "@/lib/logger";
import { receiveHubSpotWebhook } from "@/lib/sync/receive-hubspot-webhook";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const e = env();
  // HubSpot signs the public URL it called; behind a proxy that is APP_BASE_URL, not the internal host.
  const uris = [new URL(url.pathname + url.search, e.APP_BASE_URL).toString(), url.toString()];
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (host) uris.push(`${request.headers.get("x-forwarded-proto") ?? url.protocol.replace(":", "")}://${host}${url.pathname}${url.search}`);
  const log = logger.child({ route: "webhooks/hubspot" });
  const result = await receiveHubSpotWebhook(
    await getDb(),
    {
      method: "POST",
      uris: [...new Set(uris)],
      rawBody: await request.text(),
      signature: request.headers.get("x-hubspot-signature-v3"),
      timestamp: request.headers.get("x-hubspot-request-timestamp"),
      secret: e.HUBSPOT_CLIENT_SECRET ?? "",
    },
    {
      log,
      enqueue: async (connectionId) => {
        await sendJob("hubspot.process-webhooks", { connectionId }, { singletonKey: connectionId });
      },
    },
  );
  return Response.json(result.body, { status: result.status });
}
