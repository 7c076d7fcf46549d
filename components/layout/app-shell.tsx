import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import type { Role } from "@/lib/auth/permissions";
import { signOutUser } from "@/lib/actions/auth";
import { navFor } from "@/lib/navigation";
import { LocaleSwitch } from "./locale-switch";
import { NavLink } from "./nav-link";

export async function AppShell({ user, children }: { user: { name: string; email: string; roles: Role[] }; children: ReactNode }) {
  const t = await getTranslations();
  const items = navFor(user.roles);
  return (
    <div className="flex min-h-screen">
      <aside className="flex w-56 shrink-0 flex-col border-r border-slate-200 bg-white">
        <div className="px-5 py-4">
          <Link href="/" className="text-lg font-bold text-brand-700">
            {t("app.name")}
          </Link>
        </div>
        <nav aria-label="main" className="flex-1 space-y-1 px-3">
          {items.map((item) => (
            <NavLink key={item.href} href={item.href}>
              {t(`nav.${item.key}`)}
            </NavLink>
          ))}
        </nav>
        <div className="border-t border-slate-200 px-4 py-3 text-xs text-slate-500">
          <p className="truncate font-medium text-slate-700" data-testid="current-user">
            {user.name}
          </p>
          <p className="truncate">{user.email}</p>
          <p className="mt-1">{user.roles.map((role) => t(`roles.${role}`)).join(" · ")}</p>
          <div className="mt-2 flex items-center justify-between">
            <LocaleSwitch />
            <form action={signOutUser}>
              <button type="submit" className="rounded px-2 py-1 text-sm text-slate-600 hover:bg-slate-100">
                {t("nav.signOut")}
              </button>
            </form>
          </div>
        </div>
      </aside>
      <main className="min-w-0 flex-1 p-6">{children}</main>
    </div>
  );
}
