import type { Database } from "@/db/client";

/**
 * Demo step (lib/demo/prepare-demo.ts hook): in sandbox mode, connect the sandbox freee company 100001 with tokens
 * from the emulator's control API (`POST /_sandbox/tokens`, the sandbox's stand-in for the OAuth dance) and run the
 * initial accounting sync, so the demo and e2e have partners, invoices and payments. Never throws: logs and returns.
 */
export default async function connectFreeeSandbox(db: Database, log: (message: string) => void): Promise<void> {
  try {
    const { env } = await import("@/lib/env");
    const e = env();
    if (e.KAKEHASHI_TARGET !== "sandbox") {
      log("prepare-demo: not in sandbox mode, freee is connected through settings → connections");
      return;
    }
    const { z } = await import("zod");
    const response = await fetch(`${e.FREEE_API_BASE_URL.replace(/\/$/, "")}/_sandbox/tokens`, { method: "POST", signal: AbortSignal.timeout(10_000) });
    if (!response.ok) {
      log(`prepare-demo: freee sandbox did not issue tokens (HTTP ${response.status}); skipping the accounting connection`);
      return;
    }
    const tokens = z
      .object({ access_token: z.string(), refresh_token: z.string(), expires_in: z.number(), company_id: z.union([z.string(), z.number()]).optional() })
      .parse(await response.json());
    const { saveAccountingConnection } = await import("@/lib/sync-accounting/connect-accounting");
    const { getAccountingProvider } = await import("@/lib/integrations/accounting");
    const { syncAccounting } = await import("@/lib/sync-accounting/sync-accounting");
    const { createLogger } = await import("@/lib/logger");
    const connection = await saveAccountingConnection(db, {
      provider: "freee",
      externalAccountId: String(tokens.company_id ?? 100001),
      externalAccountName: null,
      tokens: { accessToken: tokens.access_token, refreshToken: tokens.refresh_token, expiresIn: tokens.expires_in, refreshExpiresIn: 90 * 86_400 },
      actor: "system",
    });
    const provider = getAccountingProvider(connection, { db, timeoutMs: 20_000 });
    const check = await provider.checkConnection();
    if (check.ok) {
      const { connections } = await import("@/db/schema");
      const { eq } = await import("drizzle-orm");
      await db.update(connections).set({ externalAccountName: check.accountName }).where(eq(connections.id, connection.id));
    }
    const started = performance.now();
    const summary = await syncAccounting({ db, connection, provider, mode: "full", log: createLogger({ component: "prepare-demo" }) });
    log(
      `prepare-demo: freee synced in ${Math.round(performance.now() - started)} ms (${summary.objects.map((o) => `${o.object} ${o.records}${o.error ? ` ERROR ${o.error}` : ""}`).join(", ")})`,
    );
  } catch (error) {
    log(`prepare-demo: freee step failed, continuing: ${error instanceof Error ? error.message : String(error)}`);
  }
}
