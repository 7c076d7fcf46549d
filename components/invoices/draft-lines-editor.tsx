"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Table, Td, Th } from "@/components/ui/table";
import { editDraftAction } from "@/lib/actions/invoices";
import { formatYen } from "@/lib/format";
import type { DraftLine } from "@/lib/invoicing/types";
import { useActionMessage } from "./use-action-message";

type Edit = Parameters<typeof editDraftAction>[0];

function LineRow({ draftId, line, editable, onMessage }: { draftId: string; line: DraftLine; editable: boolean; onMessage: (m: string) => void }) {
  const t = useTranslations("invoices.lines");
  const actionMessage = useActionMessage();
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(line.name);
  const [quantity, setQuantity] = useState(String(line.quantity));
  const [unitPrice, setUnitPrice] = useState(String(line.unitPrice));
  const [taxRate, setTaxRate] = useState(String(line.taxRate));
  const [pending, start] = useTransition();

  const save = () =>
    start(async () => {
      const edits: Edit[] = [];
      const base = { draftId };
      if (name !== line.name) edits.push({ ...base, edit: { target: "line", lineKey: line.key, field: "name", value: name } });
      if (Number(quantity) !== line.quantity) edits.push({ ...base, edit: { target: "line", lineKey: line.key, field: "quantity", value: quantity } });
      if (Number(unitPrice) !== line.unitPrice) edits.push({ ...base, edit: { target: "line", lineKey: line.key, field: "unitPrice", value: unitPrice } });
      if (Number(taxRate) !== line.taxRate) edits.push({ ...base, edit: { target: "line", lineKey: line.key, field: "taxRate", value: taxRate } });
      for (const e of edits) {
        const result = await editDraftAction(e);
        if (!result.ok) {
          onMessage(actionMessage(result));
          return;
        }
      }
      onMessage(edits.length > 0 ? t("saved") : t("unchanged"));
      setEditing(false);
      router.refresh();
    });

  if (editing) {
    return (
      <tr data-testid="line-row-editing">
        <Td>
          <Input aria-label={t("editName")} value={name} onChange={(e) => setName(e.target.value)} className="h-8" />
        </Td>
        <Td>
          <Input aria-label={t("editQuantity")} value={quantity} onChange={(e) => setQuantity(e.target.value)} className="h-8 w-20 text-right" inputMode="decimal" />
        </Td>
        <Td>
          <Input aria-label={t("editUnitPrice")} value={unitPrice} onChange={(e) => setUnitPrice(e.target.value)} className="h-8 w-28 text-right" inputMode="decimal" />
        </Td>
        <Td>
          <select aria-label={t("editTaxRate")} value={taxRate} onChange={(e) => setTaxRate(e.target.value)} className="h-8 rounded-md border border-slate-300 px-1 text-sm">
            <option value="10">10%</option>
            <option value="8">{t("rateReduced")}</option>
            <option value="0">0%</option>
          </select>
        </Td>
        <Td colSpan={2}>
          <div className="flex gap-1">
            <Button size="sm" onClick={save} disabled={pending}>
              {t("save")}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setEditing(false)} disabled={pending}>
              {t("cancel")}
            </Button>
          </div>
        </Td>
      </tr>
    );
  }
  return (
    <tr data-testid="line-row">
      <Td>
        {line.mark}
        <span translate="no">{line.name}</span>
        {line.editedFields.length > 0 ? <span className="ml-2 rounded bg-amber-50 px-1 text-xs text-amber-800">{t("edited")}</span> : null}
        <div className="text-xs text-slate-500">
          {t.rich("accountItem", { name: line.accountItemName, data: (chunks) => <span translate="no">{chunks}</span> })}
          {line.taxCode ? t("taxCode", { code: line.taxCode }) : ""}
        </div>
      </Td>
      <Td className="text-right tabular-nums">{line.quantity}</Td>
      <Td className="text-right tabular-nums">{formatYen(Math.round(line.unitPrice))}</Td>
      <Td>
        {line.taxRate}%{line.reducedRate ? t("reduced") : ""}
      </Td>
      <Td className="text-right tabular-nums">{formatYen(line.amount)}</Td>
      <Td>
        {editable ? (
          <Button size="sm" variant="secondary" onClick={() => setEditing(true)} data-testid="edit-line">
            {t("edit")}
          </Button>
        ) : null}
      </Td>
    </tr>
  );
}

export function DraftLinesEditor({ draftId, lines, editable, taxEntryLabel }: { draftId: string; lines: DraftLine[]; editable: boolean; taxEntryLabel: string }) {
  const t = useTranslations("invoices.lines");
  const [message, setMessage] = useState<string | null>(null);
  return (
    <div className="space-y-2">
      <Table data-testid="draft-lines">
        <thead>
          <tr>
            <Th>{t("item")}</Th>
            <Th className="text-right">{t("quantity")}</Th>
            <Th className="text-right">{t("unitPrice", { entry: taxEntryLabel })}</Th>
            <Th>{t("taxRate")}</Th>
            <Th className="text-right">{t("amount", { entry: taxEntryLabel })}</Th>
            <Th />
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <LineRow key={l.key} draftId={draftId} line={l} editable={editable} onMessage={setMessage} />
          ))}
        </tbody>
      </Table>
      {message ? (
        <p className="text-sm text-slate-700" role="status">
          {message}
        </p>
      ) : null}
    </div>
  );
}

export function DraftDatesEditor({ draftId, billingDate, dueDate, editable }: { draftId: string; billingDate: string; dueDate: string; editable: boolean }) {
  const t = useTranslations("invoices.dates");
  const actionMessage = useActionMessage();
  const router = useRouter();
  const [billing, setBilling] = useState(billingDate);
  const [due, setDue] = useState(dueDate);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, start] = useTransition();
  if (!editable) return null;
  const save = () =>
    start(async () => {
      for (const [field, value, original] of [
        ["billingDate", billing, billingDate],
        ["dueDate", due, dueDate],
      ] as const) {
        if (value === original) continue;
        const result = await editDraftAction({ draftId, edit: { target: "draft", field, value } });
        if (!result.ok) return setMessage(actionMessage(result));
      }
      setMessage(t("saved"));
      router.refresh();
    });
  return (
    <div className="flex flex-wrap items-end gap-2">
      <label className="text-sm">
        {t("billingDate")}
        <Input type="date" value={billing} onChange={(e) => setBilling(e.target.value)} className="h-8 w-40" />
      </label>
      <label className="text-sm">
        {t("dueDate")}
        <Input type="date" value={due} onChange={(e) => setDue(e.target.value)} className="h-8 w-40" />
      </label>
      <Button size="sm" variant="secondary" onClick={save} disabled={pending}>
        {t("save")}
      </Button>
      {message ? <span className="text-sm text-slate-600">{message}</span> : null}
    </div>
  );
}
