import type { Locale } from "./locale";

/**
 * Message namespaces, one JSON file per namespace and locale (`messages/<locale>/<namespace>.json`), so each domain's
 * labels live beside each other and a change to one screen touches one file. `messages.unit.test.ts` fails when a
 * file is not listed here or when Japanese and English differ in keys or placeholders.
 */
export const NAMESPACES = [
  "app",
  "nav",
  "roles",
  "login",
  "forbidden",
  "pages",
  "common",
  "users",
  "connections",
  "syncHealth",
  "alertSettings",
  "board",
  "partners",
  "mapping",
  "invoices",
  "overdue",
  "forecast",
] as const;

export type Namespace = (typeof NAMESPACES)[number];

export async function loadMessages(locale: Locale): Promise<Record<Namespace, Record<string, unknown>>> {
  const entries = await Promise.all(NAMESPACES.map(async (ns) => [ns, (await import(`./messages/${locale}/${ns}.json`)).default] as const));
  return Object.fromEntries(entries) as Record<Namespace, Record<string, unknown>>;
}
