import type { CliCommand } from "./types";

/**
 * Every CLI command, loaded lazily so `help` and pure commands never open a database connection.
 * Add a command: create `lib/cli/commands/<name>.ts` with a default-exported CliCommand and list it here.
 */
export const commandLoaders: Record<string, () => Promise<{ default: CliCommand }>> = {
  doctor: () => import("./commands/doctor"),
  "names:match": () => import("./commands/names-match"),
  "registration-number:check": () => import("./commands/registration-number-check"),
  "invoice:preview": () => import("./commands/invoice-preview"),
  "due-date": () => import("./commands/due-date"),
  sync: () => import("./commands/sync"),
  "hubspot:webhooks": () => import("./commands/hubspot-webhooks"),
};
