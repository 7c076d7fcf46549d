"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { LOCALE_COOKIE } from "@/lib/i18n/locale";

/** Public: the language switch works on the sign-in page too. Only sets a cookie. */
export async function setLocale(input: unknown): Promise<{ ok: boolean }> {
  const parsed = z.object({ locale: z.enum(["ja", "en"]) }).safeParse(input);
  if (!parsed.success) return { ok: false };
  (await cookies()).set(LOCALE_COOKIE, parsed.data.locale, { path: "/", sameSite: "lax", maxAge: 60 * 60 * 24 * 365 });
  return { ok: true };
}
