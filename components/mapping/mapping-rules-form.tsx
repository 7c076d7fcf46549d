"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Table, Td, Th } from "@/components/ui/table";
import { setFourEyesAction } from "@/lib/actions/invoices";
import { previewMappingRulesAction, saveMappingRulesAction } from "@/lib/actions/mapping-rules";
import { formatYen } from "@/lib/format";
import type { MappingRules } from "@/lib/invoicing/mapping-rules";
import { TEMPLATE_PLACEHOLDERS } from "@/lib/invoicing/render-template";

type PreviewRows = Extract<Awaited<ReturnType<typeof previewMappingRulesAction>>, { ok: true }>["data"];

const select = "h-10 rounded-md border border-slate-300 bg-white px-2 text-sm";

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

  const explain = (result: { ok: false; message: string; fieldErrors?: Record<string, string[]> }) =>
    `${result.message}${result.fieldErrors ? ` ${Object.entries(result.fieldErrors).map(([k, v]) => `${k}: ${v.join(" ")}`).join(" / ")}` : ""}`;

  const runPreview = () =>
    start(async () => {
      const result = await previewMappingRulesAction({ rules: assembled(), limit: 10 });
      if (!result.ok) return setMessage(explain(result));
      setPreview(result.data);
      setMessage(`直近の受注 ${result.data.length} 件で試算しました（保存はされていません）。`);
    });
  const save = () =>
    start(async () => {
      const result = await saveMappingRulesAction({ rules: assembled(), note: note || null });
      if (!result.ok) return setMessage(explain(result));
      setMessage(`バージョン ${result.data.version} として保存しました。以後の下書きはこのバージョンで作成されます。`);
      router.refresh();
    });

  const terms = rules.paymentTerms;
  return (
    <div className="space-y-4">
      <Card>
        <CardHeader>
          <CardTitle>マッピングルール（現在 v{version ?? "—"}）</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4 md:grid-cols-2">
          <div>
            <Label htmlFor="taxEntry">単価の入力</Label>
            <select id="taxEntry" className={select} value={rules.taxEntry} onChange={(e) => set("taxEntry", e.target.value as MappingRules["taxEntry"])}>
              <option value="exclusive">税抜</option>
              <option value="inclusive">税込</option>
            </select>
          </div>
          <div>
            <Label htmlFor="rounding">消費税の端数処理（税率ごとに1回）</Label>
            <select id="rounding" className={select} value={rules.rounding} onChange={(e) => set("rounding", e.target.value as MappingRules["rounding"])}>
              <option value="floor">切り捨て</option>
              <option value="round">四捨五入</option>
              <option value="ceil">切り上げ</option>
            </select>
          </div>
          <div>
            <Label htmlFor="billingDateRule">請求日</Label>
            <select id="billingDateRule" className={select} value={rules.billingDateRule} onChange={(e) => set("billingDateRule", e.target.value as MappingRules["billingDateRule"])}>
              <option value="close_date">受注日</option>
              <option value="end_of_close_month">受注月の末日</option>
            </select>
          </div>
          <div>
            <Label htmlFor="defaultTaxRate">既定の税率</Label>
            <select id="defaultTaxRate" className={select} value={rules.defaultTaxRate} onChange={(e) => set("defaultTaxRate", Number(e.target.value))}>
              <option value={10}>10%</option>
              <option value={8}>8%（軽減）</option>
              <option value={0}>0%</option>
            </select>
          </div>
          <fieldset className="md:col-span-2">
            <legend className="text-sm font-medium text-slate-700">既定の支払条件</legend>
            <div className="mt-1 flex flex-wrap gap-2">
              <label className="text-sm">
                締め日
                <select aria-label="締め日" className={select} value={String(terms.closingDay)} onChange={(e) => set("paymentTerms", { ...terms, closingDay: dayValue(e.target.value) })}>
                  <option value="end">月末</option>
                  {Array.from({ length: 28 }, (_, i) => (
                    <option key={i + 1} value={i + 1}>
                      {i + 1}日
                    </option>
                  ))}
                </select>
              </label>
              <label className="text-sm">
                支払月
                <select aria-label="支払月" className={select} value={terms.payMonthOffset} onChange={(e) => set("paymentTerms", { ...terms, payMonthOffset: Number(e.target.value) })}>
                  <option value={0}>当月</option>
                  <option value={1}>翌月</option>
                  <option value={2}>翌々月</option>
                  <option value={3}>3か月後</option>
                </select>
              </label>
              <label className="text-sm">
                支払日
                <select aria-label="支払日" className={select} value={String(terms.payDay)} onChange={(e) => set("paymentTerms", { ...terms, payDay: dayValue(e.target.value) })}>
                  <option value="end">末日</option>
                  {Array.from({ length: 28 }, (_, i) => (
                    <option key={i + 1} value={i + 1}>
                      {i + 1}日
                    </option>
                  ))}
                </select>
              </label>
              <label className="text-sm">
                休日の場合
                <select aria-label="休日の場合" className={select} value={terms.holidayShift} onChange={(e) => set("paymentTerms", { ...terms, holidayShift: e.target.value as "next" })}>
                  <option value="next">翌営業日</option>
                  <option value="previous">前営業日</option>
                  <option value="none">移動しない</option>
                </select>
              </label>
            </div>
          </fieldset>
          <div className="md:col-span-2">
            <Label htmlFor="companies">会社別の支払条件（1行に「会社ID,締め日(end|1-28),支払月(0-3),支払日(end|1-28),休日(next|previous|none)」）</Label>
            <textarea id="companies" className="h-20 w-full rounded-md border border-slate-300 p-2 font-mono text-xs" value={companies} onChange={(e) => setCompanies(e.target.value)} />
          </div>
          <div className="md:col-span-2">
            <Label htmlFor="products">商品 → 会計ソフトの品目（1行に「商品ID,品目ID,品目名,税率(任意)」）</Label>
            <textarea id="products" className="h-20 w-full rounded-md border border-slate-300 p-2 font-mono text-xs" value={products} onChange={(e) => setProducts(e.target.value)} />
          </div>
          <div className="md:col-span-2">
            <Label htmlFor="taxCodes">税率 → 会計ソフトの税区分（1行に「税率,税区分コード」。空なら会計ソフトの既定）</Label>
            <textarea id="taxCodes" className="h-16 w-full rounded-md border border-slate-300 p-2 font-mono text-xs" value={taxCodes} onChange={(e) => setTaxCodes(e.target.value)} />
          </div>
          <div>
            <Label htmlFor="stages">下書きを作成するステージID（カンマ区切り。空 = すべての受注ステージ）</Label>
            <Input id="stages" value={stages} onChange={(e) => setStages(e.target.value)} />
          </div>
          <div>
            <Label htmlFor="invoicedStage">登録後に商談を移すステージID（任意）</Label>
            <Input id="invoicedStage" value={rules.invoicedStageId ?? ""} onChange={(e) => set("invoicedStageId", e.target.value.trim() || null)} />
          </div>
          <div>
            <Label htmlFor="subject">件名テンプレート</Label>
            <Input id="subject" value={rules.subjectTemplate} onChange={(e) => set("subjectTemplate", e.target.value)} />
          </div>
          <div>
            <Label htmlFor="notes">備考テンプレート</Label>
            <Input id="notes" value={rules.notesTemplate} onChange={(e) => set("notesTemplate", e.target.value)} />
          </div>
          <p className="text-xs text-slate-500 md:col-span-2">差し込み項目: {TEMPLATE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(" ")}</p>
          <div className="md:col-span-2">
            <Label htmlFor="note">変更メモ（履歴に残ります）</Label>
            <Input id="note" value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <div className="flex flex-wrap gap-2 md:col-span-2">
            <Button variant="secondary" onClick={runPreview} disabled={pending} data-testid="preview-rules">
              直近の受注で試算（保存しない）
            </Button>
            <Button onClick={save} disabled={pending} data-testid="save-rules">
              新しいバージョンとして保存
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
            <CardTitle>試算結果（会計ソフトに送られる内容）</CardTitle>
          </CardHeader>
          <CardContent>
            <Table data-testid="rules-preview">
              <thead>
                <tr>
                  <Th>商談</Th>
                  <Th className="text-right">現在のルール</Th>
                  <Th className="text-right">変更後</Th>
                  <Th>請求日 / 支払期日</Th>
                  <Th>変わる項目</Th>
                  <Th>送信内容</Th>
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
                      {p.proposed.billingDate} / {p.proposed.dueDate}
                    </Td>
                    <Td>{p.changed.length > 0 ? p.changed.join(", ") : "なし"}</Td>
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
          <CardTitle>承認の設定</CardTitle>
        </CardHeader>
        <CardContent>
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              defaultChecked={fourEyes}
              onChange={(e) =>
                start(async () => {
                  const result = await setFourEyesAction({ enabled: e.target.checked });
                  setMessage(result.ok ? "承認の設定を保存しました。" : result.message);
                })
              }
            />
            四つの目の原則: 最後に下書きを修正した人は、その下書きを承認できない
          </label>
        </CardContent>
      </Card>
    </div>
  );
}
