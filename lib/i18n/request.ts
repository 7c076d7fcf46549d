import { getRequestConfig } from "next-intl/server";
import { loadMessages } from "./messages";
import { getRequestLocale } from "./request-locale";

// Japanese first; English when the user switched (cookie). No locale in URLs: links stay shareable.
export default getRequestConfig(async () => {
  const locale = await getRequestLocale();
  return { locale, messages: await loadMessages(locale), timeZone: "Asia/Tokyo" };
});
