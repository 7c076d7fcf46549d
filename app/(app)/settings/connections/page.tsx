import { getTranslations } from "next-intl/server";
import { ConnectionsManager } from "@/components/settings/connections-manager";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { requirePermission } from "@/lib/auth/guards";
import { listConnections } from "@/lib/connections/manage-connections";
import { env } from "@/lib/env";

export default async function ConnectionsPage({ searchParams }: { searchParams: Promise<{ connected?: string; error?: string }> }) {
  await requirePermission("connections.manage", "/settings/connections");
  const t = await getTranslations("connections");
  const params = await searchParams;
  const rows = await listConnections(await getDb());
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <ConnectionsManager
        sandbox={env().KAKEHASHI_TARGET === "sandbox"}
        notice={params.connected ? "connected" : null}
        error={params.error ?? null}
        connections={rows.map((c) => ({
          id: c.id,
          provider: c.provider,
          authType: c.authType,
          status: c.status,
          account: c.externalAccountName ?? c.externalAccountId ?? "",
          tokenExpiresAt: c.accessTokenExpiresAt?.toISOString() ?? null,
          lastError: c.lastError,
        }))}
      />
    </>
  );
}
