"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { searchPartnersAction } from "@/lib/actions/partners";

type Hit = { id: string; name: string; code: string | null; legalForm: string | null; registrationNumber: string | null; address: string | null; phone: string | null };

/** Search box over the accounting partners, for "別の取引先を選ぶ". */
export function PartnerPicker({ accountingConnectionId, initialQuery, onPick, disabled }: { accountingConnectionId: string; initialQuery: string; onPick: (partnerId: string) => void; disabled?: boolean }) {
  const [query, setQuery] = useState(initialQuery);
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const search = () =>
    start(async () => {
      const result = await searchPartnersAction({ accountingConnectionId, query });
      if (result.ok) {
        setHits(result.data);
        setError(null);
      } else setError(result.message);
    });

  return (
    <div className="mt-2 rounded-md border border-slate-200 bg-slate-50 p-3">
      <form
        className="flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          search();
        }}
      >
        <Input aria-label="取引先を検索" placeholder="取引先名・コード・登録番号で検索" value={query} onChange={(e) => setQuery(e.target.value)} />
        <Button type="submit" variant="secondary" disabled={pending || query.trim() === ""}>
          検索
        </Button>
      </form>
      {error ? <p className="mt-2 text-sm text-red-700">{error}</p> : null}
      {hits && hits.length === 0 ? <p className="mt-2 text-sm text-slate-500">該当する取引先がありません。</p> : null}
      {hits && hits.length > 0 ? (
        <ul className="mt-2 divide-y divide-slate-200">
          {hits.map((h) => (
            <li key={h.id} className="flex items-center justify-between gap-2 py-1.5 text-sm">
              <span className="min-w-0">
                <span className="font-medium">{h.name}</span>
                <span className="ml-2 text-xs text-slate-500">
                  {[h.code ? `コード ${h.code}` : null, h.registrationNumber, h.phone].filter(Boolean).join(" / ")}
                </span>
              </span>
              <Button size="sm" disabled={disabled} onClick={() => onPick(h.id)} aria-label={`${h.name} を選択`}>
                選択
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
