import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/auth/guards";

export default async function ForbiddenPage() {
  await requireUser("/forbidden");
  const t = await getTranslations("forbidden");
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="max-w-md text-center">
        <p className="text-sm font-semibold text-red-600">403</p>
        <h1 className="mt-2 text-xl font-bold">{t("title")}</h1>
        <p className="mt-2 text-sm text-slate-600">{t("body")}</p>
        <Link href="/" className="mt-6 inline-block text-sm font-medium text-brand-600 hover:underline">
          {t("back")}
        </Link>
      </div>
    </main>
  );
}
