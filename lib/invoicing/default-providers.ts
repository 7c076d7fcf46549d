import "server-only";

/**
 * Production wiring of the invoicing provider seam (providers.ts). Called by the invoicing job handlers before they
 * need a client; tests configure their own resolvers first and this leaves them alone.
 *
 * TODO(accounting/hubspot engineers' factories): once lib/integrations/accounting exposes its per-connection factory
 * and lib/integrations/hubspot a per-connection client, plug them in here:
 *   configureInvoicingProviders({ accounting: (db, c) => accountingProviderForConnection(db, c.id), hubspot: ... })
 */
export function ensureInvoicingProviders(): void {
  // Intentionally empty until the factories exist: posting then fails with a readable ProviderUnavailableError.
}
