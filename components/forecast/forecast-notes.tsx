"use client";

import { useLocale, useTranslations } from "next-intl";
import type { ForecastData } from "@/lib/forecast/types";
import { formatYen } from "@/lib/format";

/** The placement rules in words, and what the forecast leaves out (so the totals can be reconciled). */
export function ForecastNotes({ forecast }: { forecast: ForecastData }) {
  const t = useTranslations("forecast.notes");
  const locale = useLocale() === "en" ? "en" : "ja";
  const { notes, basis } = forecast;
  const days = basis.staleDays;
  const excluded: { key: string; text: string }[] = [];
  if (notes.staleWon.count > 0) excluded.push({ key: "staleWon", text: t("staleWon", { days, count: notes.staleWon.count, amount: formatYen(notes.staleWon.amount) }) });
  if (notes.stalePipeline.count > 0)
    excluded.push({ key: "stalePipeline", text: t("stalePipeline", { days, count: notes.stalePipeline.count, amount: formatYen(notes.stalePipeline.amount), unweighted: formatYen(notes.stalePipeline.unweighted) }) });
  if (notes.undatedPipeline.count > 0)
    excluded.push({ key: "undatedPipeline", text: t("undatedPipeline", { count: notes.undatedPipeline.count, amount: formatYen(notes.undatedPipeline.amount), unweighted: formatYen(notes.undatedPipeline.unweighted) }) });
  if (notes.undatedInvoices.count > 0) excluded.push({ key: "undatedInvoices", text: t("undatedInvoices", { count: notes.undatedInvoices.count, amount: formatYen(notes.undatedInvoices.amount) }) });
  if (notes.missingAmount.won + notes.missingAmount.pipeline > 0) excluded.push({ key: "missingAmount", text: t("missingAmount", { won: notes.missingAmount.won, pipeline: notes.missingAmount.pipeline }) });

  return (
    <div className="grid gap-6 text-sm text-slate-700 lg:grid-cols-2" data-testid="forecast-notes">
      <section>
        <h2 className="mb-2 font-semibold text-slate-900">{t("title")}</h2>
        <ul className="list-disc space-y-1.5 pl-5">
          <li>{t("rules.received", { count: notes.estimatedReceived.count, amount: formatYen(notes.estimatedReceived.amount) })}</li>
          <li>{t("rules.invoiced", { days: basis.unmirroredDays })}</li>
          <li>{t("rules.overdue")}</li>
          <li>{t("rules.won", { terms: basis.terms[locale], companyTerms: basis.companyTermsCount, count: notes.lateWon.count, amount: formatYen(notes.lateWon.amount) })}</li>
          <li>{t("rules.pipeline", { count: notes.slippedPipeline.count })}</li>
          <li>{t("rules.tax", { taxEntry: t(`taxEntry.${basis.taxEntry}`), rate: basis.defaultTaxRate })}</li>
          <li>{t("rules.filters")}</li>
        </ul>
      </section>
      <section>
        <h2 className="mb-2 font-semibold text-slate-900">{t("excludedTitle")}</h2>
        {excluded.length === 0 ? (
          <p className="text-slate-500">{t("nothingExcluded")}</p>
        ) : (
          <ul className="list-disc space-y-1.5 pl-5">
            {excluded.map((e) => (
              <li key={e.key} data-testid={`forecast-excluded-${e.key}`}>
                {e.text}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
