/** Shared state handed to every HubSpot route module. */
import type { HubSpotAuth } from "./auth";
import type { SearchEngine } from "./search";
import type { HubSpotStore } from "./store";
import type { WebhookDispatcher } from "./webhooks";

export type HubSpotContext = {
  store: HubSpotStore;
  search: SearchEngine;
  auth: HubSpotAuth;
  webhooks: WebhookDispatcher;
};
