import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { UsersManager } from "@/components/settings/users-manager";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { listUsers } from "@/db/queries/users";
import { requirePermission } from "@/lib/auth/guards";

export default async function SettingsPage() {
  const user = await requirePermission("settings.view", "/settings");
  const t = await getTranslations("pages.settings");
  const users = await listUsers(await getDb());
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <p className="mb-4 text-sm">
        <a href="/settings/connections" className="text-brand-700 hover:underline" data-testid="settings-connections-link">
          {(await getTranslations("connections"))("settingsLink")} →
        </a>
      </p>
      <p className="mb-4 text-sm">
        <Link href="/settings/alerts" className="text-brand-700 hover:underline" data-testid="settings-alerts-link">
          {(await getTranslations("alertSettings"))("link")} →
        </Link>
      </p>
      <p className="mb-4 text-sm">
        <Link href="/settings/mapping" className="text-brand-700 hover:underline">
          {(await getTranslations("mapping"))("settingsLink")}
        </Link>
      </p>
      <UsersManager
        currentUserId={user.id}
        users={users.map((u) => ({ id: u.id, email: u.email, name: u.name, roles: u.roles, hubspotOwnerId: u.hubspotOwnerId, disabled: u.disabledAt !== null }))}
      />
    </>
  );
}
