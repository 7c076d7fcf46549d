import { can, type Permission, type Role } from "@/lib/auth/permissions";

export type NavItem = { href: string; key: "board" | "invoices" | "overdue" | "forecast" | "partners" | "sync" | "settings"; permission: Permission };

/** The main navigation, in order. Each page enforces the same permission on the server. */
export const NAV_ITEMS: NavItem[] = [
  { href: "/board", key: "board", permission: "board.view" },
  { href: "/invoices", key: "invoices", permission: "invoices.view" },
  { href: "/overdue", key: "overdue", permission: "overdue.view" },
  { href: "/forecast", key: "forecast", permission: "forecast.view" },
  { href: "/partners", key: "partners", permission: "partners.view" },
  { href: "/sync", key: "sync", permission: "sync.view" },
  { href: "/settings", key: "settings", permission: "settings.view" },
];

export function navFor(roles: readonly Role[]): NavItem[] {
  return NAV_ITEMS.filter((item) => can(roles, item.permission));
}

/** Where a user lands after sign-in: the first page their roles allow. */
export function homeFor(roles: readonly Role[]): string {
  return navFor(roles)[0]?.href ?? "/forbidden";
}
