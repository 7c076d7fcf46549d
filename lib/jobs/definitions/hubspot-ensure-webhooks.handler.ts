import { ensureHubSpotWebhooks } from "@/lib/connections/ensure-hubspot-webhooks";
import type { JobHandler } from "../types";

const handler: JobHandler<Record<string, never>> = async (_payload, { log }) => {
  const r = await ensureHubSpotWebhooks();
  if (!r.configured) {
    log.info("hubspot webhooks not managed here", { reason: r.reason });
    return { skipped: r.reason };
  }
  if (r.refused.length > 0) log.warn("hubspot refused some webhook subscriptions (the catch-up poll covers them)", { refused: r.refused });
  const summary = { targetUrl: r.targetUrl, targetChanged: r.targetChanged, created: r.created.length, activated: r.activated.length, refused: r.refused.length };
  log.info("hubspot webhooks reconciled", summary);
  return summary;
};

export default handler;
