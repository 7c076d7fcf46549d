/**
 * Things a freee user does in freee's own UI, shared by the seed and the "acting as a person" control routes:
 * - 取引反映: turn a freee請求書 invoice into a freee会計 income deal (the API never does this by itself);
 * - record a payment (入金消込) on that deal, which also books the bank line (wallet_txn) and, with freee請求書's
 *   「取引の決済ステータスを帳票の入金・支払ステータスに自動反映」 setting on (assumed on in the sandbox), copies the deal's
 *   settled/unsettled status to the invoice's payment_status;
 * - cancel an invoice (取消), which also deletes its linked deal, as the IV document says.
 */
import { computeTotals, rateKey } from "./invoice-math";
import { jstDate } from "./jst";
import { dealDueAmount, dealStatus, nextId, type DealDetail, type DealRecord, type FreeeState, type InvoiceRecord } from "./store";

/** Tax codes used when a deal is generated from an invoice (see masters.ts: they exist in every company). */
export const TAX_CODE_BY_RATE = { "10": 129, "8": 101, "8_reduced": 156, "0": 2 } as const;

export function salesAccountItemId(state: FreeeState, companyId: number): number {
  for (const a of state.accountItems.values()) if (a.company_id === companyId && a.name === "売上高") return a.id;
  throw new Error(`no 売上高 account item in company ${companyId}`);
}

export function mainBankWalletableId(state: FreeeState, companyId: number): number {
  for (const w of state.walletables.values()) if (w.company_id === companyId && w.type === "bank_account") return w.id;
  throw new Error(`no bank account in company ${companyId}`);
}

export function registerDealForInvoice(state: FreeeState, inv: InvoiceRecord): DealRecord {
  if (inv.deal_id) {
    const existing = state.deals.get(inv.deal_id);
    if (existing) return existing;
  }
  const totals = computeTotals(inv);
  const details: DealDetail[] = [];
  const accountItemId = salesAccountItemId(state, inv.company_id);
  for (const k of ["10", "8_reduced", "8", "0"] as const) {
    const r = totals.per_rate[k];
    if (!r) continue;
    details.push({
      id: nextId(state, "detail"),
      account_item_id: accountItemId,
      tax_code: TAX_CODE_BY_RATE[k],
      partner_id: inv.partner_id,
      partner_code: inv.partner_code,
      item_id: inv.lines.find((l) => l.item_id && rateKey(l) === k)?.item_id ?? null,
      section_id: null,
      tag_ids: [],
      segment_1_tag_id: null,
      segment_2_tag_id: null,
      segment_3_tag_id: null,
      amount: r.including,
      vat: r.tax,
      description: inv.subject,
      entry_side: "credit",
    });
  }
  const deal: DealRecord = {
    id: nextId(state, "deal"),
    company_id: inv.company_id,
    issue_date: inv.issue_date ?? inv.billing_date,
    due_date: inv.payment_date,
    amount: totals.total_amount,
    type: "income",
    partner_id: inv.partner_id,
    partner_code: inv.partner_code,
    ref_number: inv.invoice_number,
    deal_origin_name: "freee請求書",
    details,
    payments: [],
  };
  state.deals.set(deal.id, deal);
  inv.deal_id = deal.id;
  return deal;
}

/** 振込 bank-line text as Japanese banks print it: half-width katakana-ish kana of the payer, here in full-width. */
function transferDescription(state: FreeeState, deal: DealRecord): string {
  const partner = deal.partner_id ? state.partners.get(deal.partner_id) : undefined;
  const kana = (partner?.name_kana ?? partner?.name ?? "").replace(/カブシキガイシャ/g, "カ）").replace(/ユウゲンガイシャ/g, "ユ）").replace(/ゴウドウガイシャ/g, "ド）");
  return `振込 ${kana}`;
}

export type PaymentKind = "full" | "partial" | "bank_fee_short";

/** Bank transfer fees a payer typically deducts (振込手数料先方負担 mistakes), in yen. */
const BANK_FEES = [440, 660, 770, 880] as const;

export function recordPayment(
  state: FreeeState,
  deal: DealRecord,
  opts: { kind: PaymentKind; amount?: number; date?: string; fee?: number },
): { amount: number } {
  const due = dealDueAmount(deal);
  if (due <= 0) throw new Error(`deal ${deal.id} is already settled`);
  let amount: number;
  if (opts.amount !== undefined) amount = opts.amount;
  else if (opts.kind === "full") amount = due;
  else if (opts.kind === "partial") amount = Math.max(1, Math.floor(due / 2));
  else amount = Math.max(1, due - (opts.fee ?? BANK_FEES[deal.id % BANK_FEES.length] ?? 440));
  amount = Math.min(amount, due);
  const date = opts.date ?? jstDate();
  const walletableId = mainBankWalletableId(state, deal.company_id);
  deal.payments.push({ id: nextId(state, "payment"), date, from_walletable_type: "bank_account", from_walletable_id: walletableId, amount });
  // The money also arrives as a bank line, already matched (消込済み) to this deal.
  const txnId = nextId(state, "walletTxn");
  state.walletTxns.set(txnId, {
    id: txnId,
    company_id: deal.company_id,
    date,
    amount,
    due_amount: 0,
    balance: null,
    entry_side: "income",
    walletable_type: "bank_account",
    walletable_id: walletableId,
    description: transferDescription(state, deal),
    status: 2,
    rule_matched: false,
  });
  syncInvoicePaymentStatus(state, deal);
  return { amount };
}

export function syncInvoicePaymentStatus(state: FreeeState, deal: DealRecord): void {
  for (const inv of state.invoices.values()) {
    if (inv.deal_id !== deal.id || inv.cancel_status === "canceled") continue;
    inv.payment_status = dealStatus(deal);
  }
}

export function cancelInvoice(state: FreeeState, inv: InvoiceRecord): void {
  // payment_status is left as it was: its `canceled` value belongs to card/direct-debit payment requests, and
  // cancel_status is the field that says the document is void.
  inv.cancel_status = "canceled";
  // "取引が紐づいている場合は取引も削除されます"
  if (inv.deal_id) {
    state.deals.delete(inv.deal_id);
    inv.deal_id = null;
  }
}
