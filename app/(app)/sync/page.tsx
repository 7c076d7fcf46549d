import { getTranslations } from "next-intl/server";
import { SyncHealthBoard } from "@/components/sync/sync-health-board";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { requirePermission } from "@/lib/auth/guards";
import { can } from "@/lib/auth/permissions";
import { getSyncHealth } from "@/lib/sync-accounting/sync-health";

export const dynamic = "force-dynamic";

export default async function SyncPage() {
  const user = await requirePermission("sync.view", "/sync");
  const t = await getTranslations("pages.sync");
  const initial = await getSyncHealth(await getDb());
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <SyncHealthBoard initial={initial} canRetry={can(user.roles, "sync.retry")} canConnect={can(user.roles, "connections.manage")} />
    </>
  );
}
