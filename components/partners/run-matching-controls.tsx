"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { bulkConfirmAutoAction, runMatchingAction } from "@/lib/actions/partners";

/** "名寄せを実行" and "自動一致をすべて確定"; while a run is queued or running the page re-renders every 2 s. */
export function RunMatchingControls({ accountingConnectionId, running, autoCount, canReview }: { accountingConnectionId: string; running: boolean; autoCount: number; canReview: boolean }) {
  const t = useTranslations("partners");
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => router.refresh(), 2000);
    return () => clearInterval(timer);
  }, [running, router]);

  if (!canReview) return null;
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button
        disabled={pending || running}
        onClick={() =>
          start(async () => {
            const result = await runMatchingAction({ accountingConnectionId });
            setMessage(result.ok ? t("run.started") : result.message);
            router.refresh();
          })
        }
      >
        {running ? t("run.running") : t("run.start")}
      </Button>
      <Button
        variant="secondary"
        disabled={pending || running || autoCount === 0}
        onClick={() =>
          start(async () => {
            if (!window.confirm(t("run.confirmAllPrompt", { count: autoCount }))) return;
            const result = await bulkConfirmAutoAction({ accountingConnectionId });
            setMessage(
              result.ok
                ? result.data.skipped.length
                  ? t("run.confirmedSkipped", { count: result.data.confirmed, skipped: result.data.skipped.length })
                  : t("run.confirmed", { count: result.data.confirmed })
                : result.message,
            );
            router.refresh();
          })
        }
      >
        {t("run.confirmAll", { count: autoCount })}
      </Button>
      {message ? (
        <p role="status" className="text-sm text-slate-600">
          {message}
        </p>
      ) : null}
    </div>
  );
}
