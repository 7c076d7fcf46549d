import "server-only";
import type { Database } from "@/db/client";
import { hubspotClientFor } from "@/lib/connections/hubspot-client";
import { getAccountingProvider } from "@/lib/integrations/accounting";

import { configureInvoicingProviders, hasAccountingResolver, hasHubSpotResolver } from "./providers";

/**
 * Production wiring of the invoicing provider seam (providers.ts): the accounting engineer's per-connection factory
 * (token refresh, rate-limit gate, typed errors) and the HubSpot engineer's per-connection client. Called by the
 * invoicing job handlers before they need a client; resolvers configured earlier (tests) are left alone.
 */
export function ensureInvoicingProviders(): void {
  configureInvoicingProviders({
    ...(hasAccountingResolver() ? {} : { accounting: async (db, connection) => getAccountingProvider(connection, { db: db as Database }) }),
    ...(hasHubSpotResolver() ? {} : { hubspot: async (db, connection) => hubspotClientFor(db as Database, connection) }),
  });
}
