import { parseFlags, type CliCommand } from "../types";

/**
 * `hubspot:webhooks [--dry-run] [--app-url <url>]` — points the HubSpot app's webhooks at this installation
 * (APP_BASE_URL/api/webhooks/hubspot) and subscribes every event the sync reads, activating paused ones.
 * JSON summary on stdout; exit 1 when the app credentials are missing or HubSpot refuses.
 */
const command: CliCommand = {
  name: "hubspot:webhooks",
  summary: "point the HubSpot app's webhooks at this app and subscribe what the sync reads [--dry-run] (JSON)",
  usage: "hubspot:webhooks [--dry-run] [--app-url <public base URL, default APP_BASE_URL>]",
  run: async (args, io) => {
    const { flags } = parseFlags(args);
    const { ensureHubSpotWebhooks } = await import("@/lib/connections/ensure-hubspot-webhooks");
    try {
      const result = await ensureHubSpotWebhooks({ dryRun: flags["dry-run"] === true, ...(typeof flags["app-url"] === "string" ? { appBaseUrl: flags["app-url"] } : {}) });
      io.stdout(`${JSON.stringify({ ok: result.configured, ...result }, null, 2)}\n`);
      if (result.configured) {
        io.stderr(`${result.dryRun ? "would set" : "set"}: target ${result.targetChanged ? `${result.previousTargetUrl ?? "(none)"} → ${result.targetUrl}` : "unchanged"}; ${result.created.length} created, ${result.activated.length} activated, ${result.alreadyActive} already active, ${result.extra.length} not ours (left alone)\n`);
      }
      return result.configured ? 0 : 1;
    } catch (error) {
      io.stdout(`${JSON.stringify({ ok: false, error: error instanceof Error ? error.message : String(error) })}\n`);
      return 1;
    }
  },
};

export default command;
