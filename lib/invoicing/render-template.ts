/**
 * Subject / notes templates with `{{path}}` placeholders, e.g. "{{deal.name}} ご請求書（{{billingMonthJa}}分）".
 * No logic, no HTML: the output is plain text sent to the accounting product. An unknown placeholder is left as
 * written (so the approver sees it on the draft) and reported, instead of silently becoming an empty string.
 */

export type TemplateValues = Record<string, string | number | null | undefined>;

export type RenderedTemplate = { text: string; unknownPlaceholders: string[] };

/** `{{ path.to.value }}`; shared with check-draft, which looks for placeholders left unrendered. */
export const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*)\s*\}\}/g;

export function renderTemplate(template: string, values: TemplateValues): RenderedTemplate {
  const unknown = new Set<string>();
  const text = template.replace(PLACEHOLDER, (match, path: string) => {
    if (!Object.hasOwn(values, path)) {
      unknown.add(path);
      return match;
    }
    const value = values[path];
    return value === null || value === undefined ? "" : String(value);
  });
  return { text, unknownPlaceholders: [...unknown] };
}

/** Placeholders available to invoice templates (documented for the settings screen). */
export const TEMPLATE_PLACEHOLDERS = [
  "deal.id",
  "deal.name",
  "deal.amount",
  "deal.owner",
  "deal.closedate",
  "company.id",
  "company.name",
  "partner.name",
  "billingDate",
  "billingDateJa",
  "billingMonthJa",
  "dueDate",
  "dueDateJa",
  "paymentTerms",
  "ruleVersion",
] as const;

/** "¥1,234,567" */
export function formatYen(amount: number): string {
  return `${amount < 0 ? "-" : ""}¥${Math.abs(amount).toLocaleString("en-US")}`;
}
