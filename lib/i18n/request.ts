import { cookies } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { LOCALE_COOKIE, toLocale } from "./locale";
import { loadMessages } from "./messages";

// Japanese first; English when the user switched (cookie). No locale in URLs: links stay shareable.
export default getRequestConfig(async () => {
  const store = await cookies();
  const locale = toLocale(store.get(LOCALE_COOKIE)?.value);
  const messages = await loadMessages(locale);
  return { locale, messages, timeZone: "Asia/Tokyo" };
});
