import type { CliCommand } from "../types";

type Check = { name: string; ok: boolean; detail: string };

/**
 * `doctor` — checks the database (reachable, migrated), the worker heartbeat, and each configured connection
 * (token present, not expired, remote reachable). Prints JSON on stdout; exits 1 when any check fails.
 */
const command: CliCommand = {
  name: "doctor",
  summary: "check the database, the worker and every configured connection (JSON)",
  usage: "doctor",
  run: async (_args, io) => {
    const checks: Check[] = [];
    const { resolveDatabaseUrl } = await import("@/db/connection-url");
    const { createDb } = await import("@/db/client");
    const { sql } = await import("drizzle-orm");
    let url: string;
    try {
      url = await resolveDatabaseUrl();
    } catch (error) {
      checks.push({ name: "database", ok: false, detail: `cannot start or reach Postgres: ${(error as Error).message}` });
      io.stdout(`${JSON.stringify({ ok: false, checks }, null, 2)}\n`);
      return 1;
    }
    const { db, close } = createDb(url, { max: 1 });
    try {
      const [version] = await db.execute<{ v: string }>(sql`select current_setting('server_version') as v`);
      checks.push({ name: "database", ok: true, detail: `PostgreSQL ${version?.v ?? "?"} at ${new URL(url).host}` });
      const applied = await db.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`).catch(() => null);
      const { readdirSync } = await import("node:fs");
      const { migrationsFolder } = await import("@/db/migrate");
      const expected = readdirSync(migrationsFolder).filter((f) => f.endsWith(".sql")).length;
      const n = applied?.[0]?.n ?? 0;
      checks.push({ name: "migrations", ok: n === expected, detail: `${n} of ${expected} applied${n === expected ? "" : " — run npm run db:migrate"}` });

      if (n !== expected) throw new Error("schema not migrated: later checks skipped");
      const { getSetting } = await import("@/db/queries/settings");
      const heartbeat = (await getSetting(db, "worker.heartbeat")) as { at?: string } | undefined;
      const age = heartbeat?.at ? (Date.now() - Date.parse(heartbeat.at)) / 1000 : null;
      checks.push({ name: "worker", ok: age !== null && age < 180, detail: age === null ? "no heartbeat yet — is `npm run worker` running?" : `last heartbeat ${Math.round(age)} s ago` });

      const { connections } = await import("@/db/schema");
      const rows = await db.select().from(connections);
      if (rows.length === 0) checks.push({ name: "connections", ok: true, detail: "none configured yet (settings → connections)" });
      for (const row of rows) {
        const expired = row.accessTokenExpiresAt !== null && row.accessTokenExpiresAt.getTime() < Date.now() && !row.refreshTokenEnc;
        const ok = row.status === "active" && !expired;
        const detail = row.status !== "active" ? `status ${row.status}${row.lastError ? `: ${row.lastError}` : ""}` : expired ? "access token expired and no refresh token" : `active (${row.authType})${row.accessTokenExpiresAt ? `, token until ${row.accessTokenExpiresAt.toISOString()}` : ""}`;
        checks.push({ name: `connection:${row.provider}:${row.externalAccountName ?? row.externalAccountId ?? row.id}`, ok, detail });
      }
      if (rows.length > 0) {
        // Reachability of each provider host in use (the sandbox in dev and demo): any HTTP answer counts.
        const { env } = await import("@/lib/env");
        const config = env();
        const hosts: Record<string, string> = { hubspot: config.HUBSPOT_API_BASE_URL, freee: config.FREEE_API_BASE_URL, moneyforward: config.MF_API_BASE_URL };
        for (const provider of new Set(rows.map((r) => r.provider))) {
          const base = hosts[provider]!;
          try {
            const response = await fetch(base, { signal: AbortSignal.timeout(5000) });
            checks.push({ name: `reachable:${provider}`, ok: true, detail: `${new URL(base).host} answered ${response.status}` });
          } catch (error) {
            checks.push({ name: `reachable:${provider}`, ok: false, detail: `${new URL(base).host} unreachable: ${(error as Error).message}` });
          }
        }
        if (rows.some((r) => r.provider === "hubspot" && r.authType === "oauth")) {
          // A dry run: is the app's webhook target this installation, and is every event the sync reads subscribed?
          const { ensureHubSpotWebhooks } = await import("@/lib/connections/ensure-hubspot-webhooks");
          try {
            const r = await ensureHubSpotWebhooks({ dryRun: true });
            if (!r.configured) checks.push({ name: "hubspot:webhooks", ok: true, detail: `not checked — ${r.reason}` });
            else {
              const missing = r.created.length + r.activated.length;
              const ok = !r.targetChanged && missing === 0;
              checks.push({ name: "hubspot:webhooks", ok, detail: ok ? `${r.alreadyActive} subscriptions active → ${r.targetUrl}` : `${r.targetChanged ? `target is ${r.previousTargetUrl ?? "unset"}, not ${r.targetUrl}; ` : ""}${missing} subscriptions missing or paused — run \`npm run cli -- hubspot:webhooks\`` });
            }
          } catch (error) {
            checks.push({ name: "hubspot:webhooks", ok: false, detail: (error as Error).message });
          }
        }
      }
    } catch (error) {
      checks.push({ name: "checks", ok: false, detail: (error as Error).message });
    } finally {
      await close();
    }
    const ok = checks.every((c) => c.ok);
    for (const check of checks) io.stderr(`${check.ok ? "✓" : "✗"} ${check.name}: ${check.detail}\n`);
    io.stdout(`${JSON.stringify({ ok, checks }, null, 2)}\n`);
    return ok ? 0 : 1;
  },
};

export default command;
