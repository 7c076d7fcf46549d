import { getTranslations } from "next-intl/server";
import { OverdueView } from "@/components/overdue/overdue-view";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { overdueOwnerOptions } from "@/db/queries/overdue";
import { requirePermission } from "@/lib/auth/guards";
import { can } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import { getOverdueList } from "@/lib/overdue/get-overdue-list";
import { parseOverdueFilters } from "@/lib/overdue/overdue-filters";

export const dynamic = "force-dynamic";

export default async function OverduePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("overdue.view", "/overdue");
  const t = await getTranslations("overdue");
  const db = await getDb();
  const viewAll = can(user.roles, "deals.viewAll");
  // Rendered on the server with the first page (fast first paint, works before hydration), then kept fresh by the client.
  const [initial, owners] = await Promise.all([
    getOverdueList(db, user, parseOverdueFilters(await searchParams), { hubspotAppBaseUrl: env().HUBSPOT_APP_BASE_URL }),
    viewAll ? overdueOwnerOptions(db) : Promise.resolve([]),
  ]);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <OverdueView initial={initial} owners={owners} permissions={{ viewAll, followUp: can(user.roles, "overdue.followUp") }} hasOwner={user.hubspotOwnerId !== null} />
    </>
  );
}
