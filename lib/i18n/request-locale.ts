import "server-only";
import { cookies } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { DEFAULT_LOCALE, LOCALE_COOKIE, toLocale, type Locale } from "./locale";

/**
 * The locale of the current request, from the same cookie as `request.ts`, for server actions whose messages are
 * shown as they are returned. Outside a request (worker, CLI, integration tests) there is no cookie: Japanese.
 */
export async function getRequestLocale(): Promise<Locale> {
  try {
    return toLocale((await cookies()).get(LOCALE_COOKIE)?.value);
  } catch (error) {
    unstable_rethrow(error);
    return DEFAULT_LOCALE;
  }
}
