"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { Dialog } from "radix-ui";
import { useState, useTransition, type FormEvent } from "react";
import { fetchJson } from "@/components/providers/query-provider";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { recordFollowUpAction } from "@/lib/actions/overdue";
import { formatDate, formatDateTime, formatYen } from "@/lib/format";
import { FOLLOW_UP_CHANNELS, MEMO_MAX, type FollowUpChannel } from "@/lib/overdue/constants";
import type { FollowUpEntry, OverdueItem } from "@/lib/overdue/types";
import { cn } from "@/lib/utils";
import { URGENCY_CLASS } from "./overdue-table";

type Props = { item: OverdueItem | null; today: string; canRecord: boolean; onClose: () => void; onSaved: (message: string) => void };

/** 督促の記録: the next step, the form (for roles that may record) and the deal's follow-up history. */
export function FollowUpDialog({ item, today, canRecord, onClose, onSaved }: Props) {
  const t = useTranslations("overdue");
  const locale = useLocale() === "en" ? "en" : "ja";
  return (
    <Dialog.Root open={item !== null} onOpenChange={(open) => (open ? undefined : onClose())}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 max-h-[90vh] w-[min(94vw,620px)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-5 shadow-xl" data-testid="follow-up-dialog">
          <Dialog.Title className="text-base font-semibold text-slate-900">{canRecord ? t("followUp.title") : t("followUp.history")}</Dialog.Title>
          {item ? (
            <>
              <Dialog.Description className="mt-1 text-sm text-slate-600">
                {t("followUp.context", { company: item.companyName ?? item.dealName, invoice: item.invoiceNumber ?? "—", amount: formatYen(item.outstanding) })}
              </Dialog.Description>
              <div className="mt-4 rounded-md border border-slate-200 p-3 text-sm">
                <p className="text-xs font-medium text-slate-500">{t("followUp.nextAction")}</p>
                <p className={cn("mt-1 inline-block rounded px-2 py-0.5 font-medium", URGENCY_CLASS[item.next.urgency])}>
                  {t(`next.${item.next.kind}.label`, { date: item.next.on ? formatDate(item.next.on, locale) : "" })}
                </p>
                <p className="mt-1 text-slate-700">{t(`next.${item.next.kind}.detail`)}</p>
                {item.next.brokenPromise ? <p className="mt-1 font-medium text-red-700">{t("next.brokenPromise")}</p> : null}
              </div>
              {canRecord ? (
                <FollowUpForm key={`${item.connectionId}:${item.dealId}`} item={item} today={today} onCancel={onClose} onSaved={onSaved} />
              ) : (
                <p className="mt-4 text-sm text-slate-500">{t("followUp.readOnly")}</p>
              )}
              <History item={item} locale={locale} />
            </>
          ) : null}
          <Dialog.Close className="absolute top-3 right-3 rounded px-2 py-1 text-sm text-slate-500 hover:bg-slate-100" aria-label={t("followUp.close")}>
            ✕
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function FollowUpForm({ item, today, onCancel, onSaved }: { item: OverdueItem; today: string; onCancel: () => void; onSaved: (message: string) => void }) {
  const t = useTranslations("overdue");
  const queryClient = useQueryClient();
  const [contactedOn, setContactedOn] = useState(today);
  const [channel, setChannel] = useState<FollowUpChannel>("phone");
  const [memo, setMemo] = useState("");
  const [promisedOn, setPromisedOn] = useState("");
  const [error, setError] = useState<{ message: string; fields: Record<string, string[]> } | null>(null);
  const [pending, start] = useTransition();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    start(async () => {
      const result = await recordFollowUpAction({ connectionId: item.connectionId, dealId: item.dealId, contactedOn, channel, memo, promisedOn });
      if (!result.ok) {
        setError({ message: result.message, fields: result.fieldErrors ?? {} });
        return;
      }
      setError(null);
      await queryClient.invalidateQueries({ queryKey: ["overdue"] });
      onSaved(t("followUp.saved"));
    });
  };
  const fieldError = (name: string) => error?.fields[name]?.join(" ");

  return (
    <form onSubmit={submit} className="mt-4 space-y-3" aria-label={t("followUp.title")} data-testid="follow-up-form">
      <div className="flex flex-wrap gap-4">
        <div>
          <Label htmlFor="follow-up-date">{t("followUp.contactedOn")}</Label>
          <Input id="follow-up-date" type="date" required max={today} value={contactedOn} onChange={(e) => setContactedOn(e.target.value)} className="h-9 w-40" aria-invalid={!!fieldError("contactedOn")} />
        </div>
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">{t("followUp.channel")}</legend>
          <div className="mt-2 flex flex-wrap gap-3">
            {FOLLOW_UP_CHANNELS.map((c) => (
              <label key={c} className="flex items-center gap-1 text-sm">
                <input type="radio" name="follow-up-channel" value={c} checked={channel === c} onChange={() => setChannel(c)} data-testid={`follow-up-channel-${c}`} />
                {t(`channels.${c}`)}
              </label>
            ))}
          </div>
        </fieldset>
      </div>
      <div>
        <Label htmlFor="follow-up-memo">{t("followUp.memo")}</Label>
        <textarea
          id="follow-up-memo"
          required
          maxLength={MEMO_MAX}
          rows={3}
          value={memo}
          onChange={(e) => setMemo(e.target.value)}
          placeholder={t("followUp.memoPlaceholder")}
          className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm placeholder:text-slate-400 focus:border-brand-500 aria-[invalid=true]:border-red-500"
          aria-invalid={!!fieldError("memo")}
          data-testid="follow-up-memo"
        />
      </div>
      <div>
        <Label htmlFor="follow-up-promised">{t("followUp.promisedOn")}</Label>
        <Input id="follow-up-promised" type="date" min={contactedOn} value={promisedOn} onChange={(e) => setPromisedOn(e.target.value)} className="h-9 w-40" aria-invalid={!!fieldError("promisedOn")} data-testid="follow-up-promised" />
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-700" data-testid="follow-up-error">
          {error.message}
          {Object.values(error.fields).length > 0 ? ` (${Object.values(error.fields).flat().join(" ")})` : ""}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={pending} data-testid="follow-up-submit">
          {pending ? t("followUp.saving") : t("followUp.submit")}
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>
          {t("followUp.close")}
        </Button>
      </div>
    </form>
  );
}

function History({ item, locale }: { item: OverdueItem; locale: "ja" | "en" }) {
  const t = useTranslations("overdue");
  const { data, isPending, isError } = useQuery({
    queryKey: ["overdue", "follow-ups", item.connectionId, item.dealId],
    queryFn: () => fetchJson<{ followUps: FollowUpEntry[] }>(`/api/overdue/follow-ups?connectionId=${encodeURIComponent(item.connectionId)}&dealId=${encodeURIComponent(item.dealId)}`),
  });
  return (
    <section className="mt-5" aria-label={t("followUp.history")}>
      <h3 className="text-sm font-semibold text-slate-900">{t("followUp.history")}</h3>
      {isPending ? <p className="mt-2 text-sm text-slate-500">{t("followUp.loading")}</p> : null}
      {isError ? <p className="mt-2 text-sm text-red-700">{t("followUp.error")}</p> : null}
      {data && data.followUps.length === 0 ? <p className="mt-2 text-sm text-slate-500">{t("followUp.noHistory")}</p> : null}
      {data && data.followUps.length > 0 ? (
        <ol className="mt-2 space-y-2" data-testid="follow-up-history">
          {data.followUps.map((f) => (
            <li key={f.id} className="rounded border border-slate-100 px-3 py-2 text-sm">
              <p className="font-medium text-slate-800">
                {formatDate(f.contactedOn, locale)} · {t(`channels.${f.channel}`)}
                {f.promisedOn ? <span className="ml-2 text-slate-600">{t("followUp.promised", { date: formatDate(f.promisedOn, locale) })}</span> : null}
              </p>
              <p className="whitespace-pre-wrap text-slate-700">{f.memo}</p>
              <p className="text-xs text-slate-500">
                {t("followUp.by", { name: f.createdByName })} · {formatDateTime(f.createdAt, locale)}
              </p>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
