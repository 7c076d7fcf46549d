import "server-only";
import type { DbOrTx } from "@/db/client";
import type { Connection } from "@/db/schema";
import type { AccountingProvider } from "@/lib/integrations/accounting/types";
import type { HubSpotClient } from "@/lib/integrations/hubspot/client";

import { fixedPostError } from "./post-error-message";

/**
 * How invoicing gets its clients. The accounting engineer's factory (lib/integrations/accounting) and the HubSpot
 * engineer's per-connection client are plugged in here at startup (`configureInvoicingProviders`); integration tests
 * plug in clients pointed at the sandbox with short timeouts. Keeping the seam in one file means posting code never
 * constructs a provider itself and never reads tokens.
 */
export type AccountingProviderResolver = (db: DbOrTx, connection: Connection) => Promise<AccountingProvider>;
export type HubSpotClientResolver = (db: DbOrTx, connection: Connection) => Promise<HubSpotClient>;

const globalForProviders = globalThis as unknown as {
  kakehashiInvoicingProviders?: { accounting: AccountingProviderResolver | null; hubspot: HubSpotClientResolver | null };
};

function registry() {
  globalForProviders.kakehashiInvoicingProviders ??= { accounting: null, hubspot: null };
  return globalForProviders.kakehashiInvoicingProviders;
}

export function configureInvoicingProviders(resolvers: { accounting?: AccountingProviderResolver | null; hubspot?: HubSpotClientResolver | null }): void {
  const r = registry();
  if (resolvers.accounting !== undefined) r.accounting = resolvers.accounting;
  if (resolvers.hubspot !== undefined) r.hubspot = resolvers.hubspot;
}

export function hasAccountingResolver(): boolean {
  return registry().accounting !== null;
}

export function hasHubSpotResolver(): boolean {
  return registry().hubspot !== null;
}

export class ProviderUnavailableError extends Error {
  override name = "ProviderUnavailableError";
}

export async function accountingProviderFor(db: DbOrTx, connection: Connection): Promise<AccountingProvider> {
  const resolver = registry().accounting;
  if (!resolver) throw new ProviderUnavailableError(fixedPostError("noProviderFactory"));
  return resolver(db, connection);
}

export async function hubspotClientFor(db: DbOrTx, connection: Connection): Promise<HubSpotClient | null> {
  const resolver = registry().hubspot;
  return resolver ? resolver(db, connection) : null;
}
