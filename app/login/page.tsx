import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { LocaleSwitch } from "@/components/layout/locale-switch";
import { Card, CardContent } from "@/components/ui/card";
import { getCurrentUser } from "@/lib/auth/session";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  if (await getCurrentUser()) redirect("/");
  const { callbackUrl } = await searchParams;
  const t = await getTranslations();
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <p className="text-2xl font-bold text-brand-700">{t("app.name")}</p>
          <p className="mt-1 text-sm text-slate-500">{t("app.tagline")}</p>
        </div>
        <Card>
          <CardContent className="py-6">
            <h1 className="mb-4 text-lg font-semibold">{t("login.title")}</h1>
            <LoginForm callbackUrl={callbackUrl} />
          </CardContent>
        </Card>
        <div className="mt-4 text-center">
          <LocaleSwitch />
        </div>
      </div>
    </main>
  );
}
