"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { bulkConfirmAutoAction, runMatchingAction } from "@/lib/actions/partners";

/** "名寄せを実行" and "自動一致をすべて確定"; while a run is queued or running the page re-renders every 2 s. */
export function RunMatchingControls({ accountingConnectionId, running, autoCount, canReview }: { accountingConnectionId: string; running: boolean; autoCount: number; canReview: boolean }) {
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
            setMessage(result.ok ? "名寄せを開始しました。" : result.message);
            router.refresh();
          })
        }
      >
        {running ? "名寄せを実行中…" : "名寄せを実行"}
      </Button>
      <Button
        variant="secondary"
        disabled={pending || running || autoCount === 0}
        onClick={() =>
          start(async () => {
            if (!window.confirm(`自動一致 ${autoCount} 件をすべて確定します。よろしいですか？`)) return;
            const result = await bulkConfirmAutoAction({ accountingConnectionId });
            setMessage(result.ok ? `${result.data.confirmed} 件を確定しました${result.data.skipped.length ? `（${result.data.skipped.length} 件は他の会社に紐付け済みのためスキップ）` : ""}。` : result.message);
            router.refresh();
          })
        }
      >
        自動一致をすべて確定（{autoCount}件）
      </Button>
      {message ? (
        <p role="status" className="text-sm text-slate-600">
          {message}
        </p>
      ) : null}
    </div>
  );
}
