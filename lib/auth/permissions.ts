/**
 * The one permission table. Server code enforces it (route handler wrapper, action builder, page guard in
 * lib/auth/guards.ts); the UI only mirrors it to hide or disable what a role cannot do.
 */
export const ROLES = ["admin", "finance", "executive", "sales"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  "board.view": ["admin", "finance", "executive", "sales"],
  "deals.viewAll": ["admin", "finance", "executive"],
  "invoices.view": ["admin", "finance", "executive"],
  "invoices.edit": ["admin", "finance"],
  "invoices.approve": ["finance"],
  "invoices.post": ["admin", "finance"],
  "overdue.view": ["admin", "finance", "executive", "sales"],
  // Recording a contact with a customer (督促) is operational work: sales on their own deals, finance and admin on all.
  // Executives watch the list read-only, as they do invoices.
  "overdue.followUp": ["admin", "finance", "sales"],
  "forecast.view": ["admin", "finance", "executive"],
  "partners.view": ["admin", "finance"],
  "partners.review": ["admin", "finance"],
  "sync.view": ["admin", "finance"],
  "sync.retry": ["admin", "finance"],
  "settings.view": ["admin"],
  "settings.manage": ["admin"],
  "users.manage": ["admin"],
  "connections.manage": ["admin"],
  "mapping.manage": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(roles: readonly Role[], permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((role) => allowed.includes(role));
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
