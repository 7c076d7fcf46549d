"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { setLocale } from "@/lib/actions/preferences";

export function LocaleSwitch() {
  const t = useTranslations("nav");
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <button
      type="button"
      className="rounded px-2 py-1 text-sm text-slate-600 hover:bg-slate-100"
      disabled={pending}
      lang={locale === "ja" ? "en" : "ja"}
      onClick={() =>
        startTransition(async () => {
          await setLocale({ locale: locale === "ja" ? "en" : "ja" });
          router.refresh();
        })
      }
    >
      {t("language")}
    </button>
  );
}
