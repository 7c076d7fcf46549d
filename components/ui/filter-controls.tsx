import type { ReactNode } from "react";
import { Label } from "./label";

const selectClass = "h-9 rounded-md border border-slate-300 bg-white px-2 text-sm";

export type FilterOption = { value: string; label: ReactNode };

/**
 * A labelled native <select> for the filter bars (board, forecast, overdue): keyboard- and screen-reader-friendly as
 * it is. With `allLabel` the first option is "all" with the empty value, reported as null.
 */
export function FilterSelect({
  id,
  label,
  value,
  options,
  allLabel,
  onChange,
  disabled,
  testId,
}: {
  id: string;
  label: ReactNode;
  value: string | null;
  options: readonly FilterOption[];
  allLabel?: ReactNode;
  onChange: (value: string | null) => void;
  disabled?: boolean;
  testId?: string;
}) {
  return (
    <div>
      <Label htmlFor={id}>{label}</Label>
      <select id={id} className={selectClass} value={value ?? ""} disabled={disabled} onChange={(e) => onChange(e.target.value || null)} data-testid={testId}>
        {allLabel !== undefined ? <option value="">{allLabel}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Accounting targets: by provider, and each connection by name when there are several (board and forecast). */
export function accountingTargetOptions(connections: readonly { id: string; label: string }[]): FilterOption[] {
  return [{ value: "freee", label: "freee" }, { value: "moneyforward", label: "Money Forward" }, ...(connections.length > 1 ? connections.map((c) => ({ value: c.id, label: c.label })) : [])];
}

export const toOptions = (items: readonly { id: string; label: string }[]): FilterOption[] => items.map((i) => ({ value: i.id, label: i.label }));

/** A checkbox filter, aligned with the selects of the bar. */
export function FilterCheckbox({ label, checked, onChange, testId }: { label: ReactNode; checked: boolean; onChange: (checked: boolean) => void; testId?: string }) {
  return (
    <label className="flex h-9 items-center gap-2 text-sm">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} data-testid={testId} />
      {label}
    </label>
  );
}

/** "Clear filters", as a quiet link-like button at the end of the bar. */
export function ResetFiltersButton({ label, onReset }: { label: ReactNode; onReset: () => void }) {
  return (
    <button type="button" onClick={onReset} className="h-9 rounded px-2 text-sm text-slate-600 underline hover:bg-slate-100">
      {label}
    </button>
  );
}
