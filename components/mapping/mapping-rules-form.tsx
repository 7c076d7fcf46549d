"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Table, Td, Th } from "@/components/ui/table";
import { setFourEyesAction } from "@/lib/actions/invoices";
import { previewMappingRulesAction, saveMappingRulesAction } from "@/lib/actions/mapping-rules";
import { formatDate, formatYen } from "@/lib/format";
import type { ActionFailure } from "@/lib/auth/guards";
import type { MappingRules } from "@/lib/invoicing/mapping-rules";
import { TEMPLATE_PLACEHOLDERS } from "@/lib/invoicing/render-template";

type PreviewRows = Extract<Awaited<ReturnType<typeof previewMappingRulesAction>>, { ok: true }>["data"];

const select = "h-10 rounded-md border border-slate-300 bg-white px-2 text-sm";
const DAYS = Array.from({ length: 28 }, (_, i) => i + 1);
const CHANGED_FIELDS = new Set(["total", "tax", "billingDate", "dueDate", "subject", "notes", "lines"]);

function dayValue(v: string): number | "end" {
  return v === "end" ? "end" : Number(v);
}

/** Lists are edited as simple CSV lines; the server validates the resulting rules with the same zod schema. */
function toLines(rules: MappingRules) {
  return {
    products: rules.productMappings.map((m) => [m.productId, m.accountItemId ?? "", m.accountItemName ?? "", m.taxRate ?? ""].join(",")).join("\n"),
    taxCodes: rules.taxCodeMappings.map((m) => `${m.rate},${m.taxCode}`).join("\n"),
    companies: rules.companyPaymentTerms.map((c) => [c.companyId, c.terms.closingDay, c.terms.payMonthOffset, c.terms.payDay, c.terms.holidayShift].join(",")).join("\n"),
  };
}

function parseLines(text: string): string[][] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.split(",").map((c) => c.trim()));
}

export function MappingRulesForm({ initial, version, fourEyes }: { initial: MappingRules; version: number | null; fourEyes: boolean }) {
  const t = useTranslations("mapping");
  const locale = useLocale() === "en" ? "en" : "ja";
  const router = useRouter();
  const [rules, setRules] = useState<MappingRules>(initial);
  const lines = toLines(initial);
  const [products, setProducts] = useState(lines.products);
  const [taxCodes, setTaxCodes] = useState(lines.taxCodes);
  const [companies, setCompanies] = useState(lines.companies);
  const [stages, setStages] = useState(initial.triggerStageIds.join(","));
  const [note, setNote] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const [preview, setPreview] = useState<PreviewRows | null>(null);
  const [pending, start] = useTransition();
  const set = <K extends keyof MappingRules>(key: K, value: MappingRules[K]) => setRules((r) => ({ ...r, [key]: value }));

  const assembled = () => ({
    ...rules,
    triggerStageIds: stages.split(",").map((s) => s.trim()).filter(Boolean),
    productMappings: parseLines(products).map(([productId, accountItemId, accountItemName, taxRate]) => ({
      productId: productId ?? "",
      accountItemId: accountItemId || null,
      accountItemName: accountItemName || null,
      taxRate: taxRate ? Number(taxRate) : null,
    })),
    taxCodeMappings: parseLines(taxCodes).map(([rate, taxCode]) => ({ rate: Number(rate), taxCode: taxCode ?? "" })),
    companyPaymentTerms: parseLines(companies).map(([companyId, closingDay, offset, payDay, shift]) => ({
      companyId: companyId ?? "",
      terms: { closingDay: dayValue(closingDay ?? "end"), payMonthOffset: Number(offset ?? 1), payDay: dayValue(payDay ?? "end"), holidayShift: (shift ?? "next") as "next" },
    })),
  });

  const explain = (result: ActionFailure & { fieldErrors?: Record<string, string[]> }) =>
    `${result.message}${result.fieldErrors ? ` ${Object.entries(result.fieldErrors).map(([k, v]) => `${k}: ${v.join(" ")}`).join(" / ")}` : ""}`;

  const runPreview = () =>
    start(async () => {
      const result = await previewMappingRulesAction({ rules: assembled(), limit: 10 });
      if (!result.ok) return setMessage(explain(result));
      setPreview(result.data);
      setMessage(t("form.previewed", { count: result.data.length }));
    });
  const save = () =>
    start(async () => {
      const result = await saveMappingRulesAction({ rules: assembled(), note: note || null });
      if (!result.ok) return setMessage(explain(result));
      setMessage(t("form.saved", { version: result.data.version }));
      router.refresh();
    });

  const terms = rules.paymentTerms;
  return (
    <div className="space-y-4">
      <Card>
        <CardHeader>
          <CardTitle>{t("form.title", { version: version ?? "—" })}</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4 md:grid-cols-2">
          <div>
            <Label htmlFor="taxEntry">{t("form.taxEntry")}</Label>
            <select id="taxEntry" className={select} value={rules.taxEntry} onChange={(e) => set("taxEntry", e.target.value as MappingRules["taxEntry"])}>
              <option value="exclusive">{t("form.taxEntryOptions.exclusive")}</option>
              <option value="inclusive">{t("form.taxEntryOptions.inclusive")}</option>
            </select>
          </div>
          <div>
            <Label htmlFor="rounding">{t("form.rounding")}</Label>
            <select id="rounding" className={select} value={rules.rounding} onChange={(e) => set("rounding", e.target.value as MappingRules["rounding"])}>
              <option value="floor">{t("form.roundingOptions.floor")}</option>
              <option value="round">{t("form.roundingOptions.round")}</option>
              <option value="ceil">{t("form.roundingOptions.ceil")}</option>
            </select>
          </div>
          <div>
            <Label htmlFor="billingDateRule">{t("form.billingDateRule")}</Label>
            <select id="billingDateRule" className={select} value={rules.billingDateRule} onChange={(e) => set("billingDateRule", e.target.value as MappingRules["billingDateRule"])}>
              <option value="close_date">{t("form.billingDateRuleOptions.close_date")}</option>
              <option value="end_of_close_month">{t("form.billingDateRuleOptions.end_of_close_month")}</option>
            </select>
          </div>
          <div>
            <Label htmlFor="defaultTaxRate">{t("form.defaultTaxRate")}</Label>
            <select id="defaultTaxRate" className={select} value={rules.defaultTaxRate} onChange={(e) => set("defaultTaxRate", Number(e.target.value))}>
              <option value={10}>10%</option>
              <option value={8}>{t("form.reducedRate", { rate: 8 })}</option>
              <option value={0}>0%</option>
            </select>
          </div>
          <fieldset className="md:col-span-2">
            <legend className="text-sm font-medium text-slate-700">{t("form.paymentTerms")}</legend>
            <div className="mt-1 flex flex-wrap gap-2">
              <label className="text-sm">
                {t("form.closingDay")}
                <select aria-label={t("form.closingDay")} className={select} value={String(terms.closingDay)} onChange={(e) => set("paymentTerms", { ...terms, closingDay: dayValue(e.target.value) })}>
                  <option value="end">{t("form.endOfMonth")}</option>
                  {DAYS.map((day) => (
                    <option key={day} value={day}>
                      {t("form.day", { day })}
                    </option>
                  ))}
                </select>
              </label>
              <label className="text-sm">
                {t("form.payMonth")}
                <select aria-label={t("form.payMonth")} className={select} value={terms.payMonthOffset} onChange={(e) => set("paymentTerms", { ...terms, payMonthOffset: Number(e.target.value) })}>
                  {[0, 1, 2, 3].map((offset) => (
                    <option key={offset} value={offset}>
                      {t(`form.payMonthOptions.${offset}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="text-sm">
                {t("form.payDay")}
                <select aria-label={t("form.payDay")} className={select} value={String(terms.payDay)} onChange={(e) => set("paymentTerms", { ...terms, payDay: dayValue(e.target.value) })}>
                  <option value="end">{t("form.lastDay")}</option>
                  {DAYS.map((day) => (
                    <option key={day} value={day}>
                      {t("form.day", { day })}
                    </option>
                  ))}
                </select>
              </label>
              <label className="text-sm">
                {t("form.holidayShift")}
                <select aria-label={t("form.holidayShift")} className={select} value={terms.holidayShift} onChange={(e) => set("paymentTerms", { ...terms, holidayShift: e.target.value as "next" })}>
                  <option value="next">{t("form.holidayShiftOptions.next")}</option>
                  <option value="previous">{t("form.holidayShiftOptions.previous")}</option>
                  <option value="none">{t("form.holidayShiftOptions.none")}</option>
                </select>
              </label>
            </div>
          </fieldset>
          <div className="md:col-span-2">
            <Label htmlFor="companies">{t("form.companies")}</Label>
            <textarea id="companies" className="h-20 w-full rounded-md border border-slate-300 p-2 font-mono text-xs" value={companies} onChange={(e) => setCompanies(e.target.value)} />
          </div>
          <div className="md:col-span-2">
            <Label htmlFor="products">{t("form.products")}</Label>
            <textarea id="products" className="h-20 w-full rounded-md border border-slate-300 p-2 font-mono text-xs" value={products} onChange={(e) => setProducts(e.target.value)} />
          </div>
          <div className="md:col-span-2">
            <Label htmlFor="taxCodes">{t("form.taxCodes")}</Label>
            <textarea id="taxCodes" className="h-16 w-full rounded-md border border-slate-300 p-2 font-mono text-xs" value={taxCodes} onChange={(e) => setTaxCodes(e.target.value)} />
          </div>
          <div>
            <Label htmlFor="stages">{t("form.stages")}</Label>
            <Input id="stages" value={stages} onChange={(e) => setStages(e.target.value)} />
          </div>
          <div>
            <Label htmlFor="invoicedStage">{t("form.invoicedStage")}</Label>
            <Input id="invoicedStage" value={rules.invoicedStageId ?? ""} onChange={(e) => set("invoicedStageId", e.target.value.trim() || null)} />
          </div>
          <div>
            <Label htmlFor="subject">{t("form.subject")}</Label>
            <Input id="subject" value={rules.subjectTemplate} onChange={(e) => set("subjectTemplate", e.target.value)} />
          </div>
          <div>
            <Label htmlFor="notes">{t("form.notes")}</Label>
            <Input id="notes" value={rules.notesTemplate} onChange={(e) => set("notesTemplate", e.target.value)} />
          </div>
          <p className="text-xs text-slate-500 md:col-span-2">{t("form.placeholders", { placeholders: TEMPLATE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(" ") })}</p>
          <div className="md:col-span-2">
            <Label htmlFor="note">{t("form.note")}</Label>
            <Input id="note" value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <div className="flex flex-wrap gap-2 md:col-span-2">
            <Button variant="secondary" onClick={runPreview} disabled={pending} data-testid="preview-rules">
              {t("form.preview")}
            </Button>
            <Button onClick={save} disabled={pending} data-testid="save-rules">
              {t("form.save")}
            </Button>
          </div>
          {message ? (
            <p className="text-sm text-slate-700 md:col-span-2" role="status">
              {message}
            </p>
          ) : null}
        </CardContent>
      </Card>

      {preview ? (
        <Card>
          <CardHeader>
            <CardTitle>{t("preview.title")}</CardTitle>
          </CardHeader>
          <CardContent>
            <Table data-testid="rules-preview">
              <thead>
                <tr>
                  <Th>{t("preview.deal")}</Th>
                  <Th className="text-right">{t("preview.current")}</Th>
                  <Th className="text-right">{t("preview.proposed")}</Th>
                  <Th>{t("preview.dates")}</Th>
                  <Th>{t("preview.changed")}</Th>
                  <Th>{t("preview.payload")}</Th>
                </tr>
              </thead>
              <tbody>
                {preview.map((p) => (
                  <tr key={p.wonEventId}>
                    <Td>
                      {p.dealName}
                      <div className="text-xs text-slate-500">{p.companyName}</div>
                      {p.error ? <div className="text-xs text-red-700">{p.error}</div> : null}
                    </Td>
                    <Td className="text-right tabular-nums">{p.current ? formatYen(p.current.total) : "—"}</Td>
                    <Td className="text-right tabular-nums">{formatYen(p.proposed.total)}</Td>
                    <Td className="whitespace-nowrap">
                      {formatDate(p.proposed.billingDate, locale)} / {formatDate(p.proposed.dueDate, locale)}
                    </Td>
                    <Td>{p.changed.length > 0 ? p.changed.map((f) => (CHANGED_FIELDS.has(f) ? t(`preview.fields.${f}`) : f)).join(", ") : t("preview.none")}</Td>
                    <Td>
                      <details>
                        <summary className="cursor-pointer text-xs text-brand-700">JSON</summary>
                        <pre className="max-w-md overflow-x-auto text-xs">{JSON.stringify(p.payload, null, 2)}</pre>
                      </details>
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </CardContent>
        </Card>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>{t("approval.title")}</CardTitle>
        </CardHeader>
        <CardContent>
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              defaultChecked={fourEyes}
              onChange={(e) =>
                start(async () => {
                  const result = await setFourEyesAction({ enabled: e.target.checked });
                  setMessage(result.ok ? t("approval.saved") : result.message);
                })
              }
            />
            {t("approval.fourEyes")}
          </label>
        </CardContent>
      </Card>
    </div>
  );
}
