"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { searchPartnersAction } from "@/lib/actions/partners";

type Hit = Extract<Awaited<ReturnType<typeof searchPartnersAction>>, { ok: true }>["data"][number];

/** Search box over the accounting partners, for "別の取引先を選ぶ". */
export function PartnerPicker({ accountingConnectionId, initialQuery, onPick, disabled }: { accountingConnectionId: string; initialQuery: string; onPick: (partnerId: string) => void; disabled?: boolean }) {
  const t = useTranslations("partners.picker");
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
        <Input aria-label={t("input")} placeholder={t("placeholder")} value={query} onChange={(e) => setQuery(e.target.value)} />
        <Button type="submit" variant="secondary" disabled={pending || query.trim() === ""}>
          {t("submit")}
        </Button>
      </form>
      {error ? <p className="mt-2 text-sm text-red-700">{error}</p> : null}
      {hits && hits.length === 0 ? <p className="mt-2 text-sm text-slate-500">{t("empty")}</p> : null}
      {hits && hits.length > 0 ? (
        <ul className="mt-2 divide-y divide-slate-200">
          {hits.map((h) => (
            <li key={h.id} className="flex items-center justify-between gap-2 py-1.5 text-sm">
              <span className="min-w-0">
                <span className="font-medium">{h.name}</span>
                <span className="ml-2 text-xs text-slate-500">
                  {[h.code ? t("code", { code: h.code }) : null, h.registrationNumber, h.phone].filter(Boolean).join(" / ")}
                </span>
              </span>
              <Button size="sm" disabled={disabled} onClick={() => onPick(h.id)} aria-label={t("selectLabel", { name: h.name })}>
                {t("select")}
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
