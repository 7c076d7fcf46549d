import { getTranslations } from "next-intl/server";
import { AlertsSettingsForm } from "@/components/settings/alerts-settings-form";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { getAlertChannelsView } from "@/lib/alerts/channels";
import { requirePermission } from "@/lib/auth/guards";

export const dynamic = "force-dynamic";

export default async function AlertsSettingsPage() {
  await requirePermission("settings.manage", "/settings/alerts");
  const t = await getTranslations("alertSettings");
  const view = await getAlertChannelsView(await getDb());
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <AlertsSettingsForm initial={view} />
    </>
  );
}
