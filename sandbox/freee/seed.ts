/**
 * Deterministic seed of the freee emulator: partners (see partner-plan.ts), items, sections, freee請求書 invoices
 * over the last 12 months with their accounting deals and payments (settled, partly paid, short by a bank fee,
 * unpaid / overdue, a few canceled), manual accounting-only deals, and some unmatched bank lines.
 * Same seed and sizes → same records (ids included). Dates are relative to the JST day of seeding, so overdue
 * invoices stay overdue; within one day, two seeds with the same number are identical.
 */
import { createRng, type Rng } from "../core/rng";
import { cancelInvoice, recordPayment, registerDealForInvoice, salesAccountItemId, mainBankWalletableId } from "./actions";
import { addDays, endOfMonth, jstDate, prefectureCode } from "./jst";
import { FREEE_DEFAULT_COMPANY_ID, FREEE_SECOND_COMPANY_ID, defaultCompanies, installCompanyMasters } from "./masters";
import { planPartners } from "./partner-plan";
import { clearFreeeData, nextId, type FreeeState, type InvoiceLine, type InvoiceRecord, type PartnerRecord } from "./store";

/** `anchor` (YYYY-MM-DD) replaces "today" so a seed is identical on any day (as the HubSpot seed allows). */
export type FreeeSeedOptions = { seed: number; companies?: number; deals?: number; anchor?: string };

export const FREEE_DEFAULT_SEED_SIZES = { companies: 200, deals: 1000 };

/** Reset to the state of freshly created companies: masters only, no partners, no invoices. */
export function resetFreee(state: FreeeState, today: string = jstDate()): void {
  clearFreeeData(state);
  state.companies.clear();
  for (const c of defaultCompanies()) {
    state.companies.set(c.id, c);
    installCompanyMasters(state, c, today);
  }
}

const ITEMS: [name: string, code: string, unitPrice: number, unit: string, reduced: boolean][] = [
  ["コンサルティング", "CONSULT", 150_000, "式", false],
  ["保守サポート（月額）", "SUPPORT", 50_000, "月", false],
  ["ソフトウェアライセンス", "LICENSE", 12_000, "ID", false],
  ["導入支援", "ONBOARD", 300_000, "式", false],
  ["研修", "TRAINING", 80_000, "回", false],
  ["クラウド利用料", "CLOUD", 30_000, "月", false],
  ["軽食ケータリング", "CATERING", 1_080, "食", true],
  ["お茶菓子セット", "SWEETS", 2_160, "箱", true],
];

const SECTIONS: [name: string, code: string, parent: string | null][] = [
  ["営業部", "SALES", null],
  ["営業1課", "SALES1", "営業部"],
  ["営業2課", "SALES2", "営業部"],
  ["開発部", "DEV", null],
  ["管理部", "ADMIN", null],
];

function seedMasters(state: FreeeState, companyId: number, today: string): void {
  for (const [name, code] of ITEMS) {
    const id = nextId(state, "item");
    state.items.set(id, { id, company_id: companyId, name, update_date: today, available: true, shortcut1: code.toLowerCase(), shortcut2: null, code });
  }
  const byName = new Map<string, number>();
  for (const [name, code, parent] of SECTIONS) {
    const id = nextId(state, "section");
    byName.set(name, id);
    const parentId = parent ? (byName.get(parent) ?? null) : null;
    state.sections.set(id, { id, company_id: companyId, name, available: true, long_name: name, shortcut1: null, shortcut2: null, code, indent_count: parentId ? 1 : 0, parent_id: parentId, update_date: today });
  }
}

function makePartner(state: FreeeState, companyId: number, fields: Partial<PartnerRecord> & { name: string }, today: string): PartnerRecord {
  const id = nextId(state, "partner");
  const p: PartnerRecord = {
    id,
    code: null,
    company_id: companyId,
    update_date: today,
    available: true,
    shortcut1: null,
    shortcut2: null,
    org_code: 1,
    country_code: "JP",
    long_name: null,
    name_kana: null,
    default_title: "御中",
    phone: null,
    contact_name: null,
    email: null,
    payer_walletable_id: null,
    transfer_fee_handling_side: "payer",
    qualified_invoice_issuer: false,
    invoice_registration_number: null,
    partner_doc_setting_attributes: { sending_method: "email" },
    partner_bank_account_attributes: {
      bank_name: null, bank_name_kana: null, bank_code: null, branch_name: null, branch_kana: null, branch_code: null,
      account_type: null, account_number: null, account_name: null, long_account_name: null,
    },
    payment_term_attributes: { cutoff_day: null, additional_months: null, fixed_day: null },
    invoice_payment_term_attributes: { cutoff_day: 32, additional_months: 1, fixed_day: 32 },
    archived: false,
    ...fields,
  };
  state.partners.set(id, p);
  return p;
}

function seedPartners(state: FreeeState, seed: number, companies: number, today: string): PartnerRecord[] {
  const plan = planPartners(seed, companies, "freee");
  const out: PartnerRecord[] = [];
  plan.forEach((pp, i) => {
    const c = pp.source;
    const [street] = c.address.startsWith(c.prefecture) ? [c.address.slice(c.prefecture.length)] : [c.address];
    const hasAddress = pp.kind !== "hard_negative" || i % 2 === 0;
    out.push(
      makePartner(
        state,
        FREEE_DEFAULT_COMPANY_ID,
        {
          name: pp.name,
          code: `C${String(i + 1).padStart(5, "0")}`,
          long_name: pp.kind === "hard_negative" ? pp.name : c.name,
          name_kana: pp.kind === "hard_negative" ? null : c.kana,
          phone: pp.kind === "hard_negative" ? null : c.phone,
          email: pp.kind === "hard_negative" ? null : `keiri@${c.domain}`,
          contact_name: pp.kind === "hard_negative" ? null : "経理ご担当者",
          qualified_invoice_issuer: pp.registrationNumber !== null,
          invoice_registration_number: pp.registrationNumber,
          ...(hasAddress
            ? { address_attributes: { zipcode: null, prefecture_code: prefectureCode(c.prefecture), street_name1: street ?? null, street_name2: null } }
            : {}),
        },
        today,
      ),
    );
  });
  // The second company gets a handful of its own partners: company selection must matter.
  const rng = createRng(seed).fork("freee:second-company");
  for (let i = 0; i < 8; i++) {
    makePartner(state, FREEE_SECOND_COMPANY_ID, { name: `${rng.pick(["関西", "梅田", "難波", "堺"])}${rng.pick(["物産", "商会", "工業", "食品"])}株式会社${i + 1}号` }, today);
  }
  return out;
}

function makeInvoice(
  state: FreeeState,
  rng: Rng,
  partner: PartnerRecord,
  billingDate: string,
  seqNo: number,
): InvoiceRecord {
  const company = state.companies.get(partner.company_id);
  const items = [...state.items.values()].filter((i) => i.company_id === partner.company_id);
  const lineCount = rng.int(1, 3);
  const lines: InvoiceLine[] = [];
  for (let n = 0; n < lineCount; n++) {
    const spec = rng.weighted(ITEMS.map((it) => [it, it[4] ? 1 : 6] as const));
    const item = items.find((i) => i.name === spec[0]);
    const reduced = spec[4];
    lines.push({
      id: nextId(state, "line"),
      type: "item",
      description: spec[0],
      sales_date: billingDate,
      unit: spec[3],
      quantity: reduced ? rng.int(10, 60) : rng.int(1, 5),
      unit_price: String(spec[2]),
      tax_rate: reduced ? 8 : 10,
      reduced_tax_rate: reduced,
      withholding: false,
      amount_excluding_tax: null,
      account_item_id: salesAccountItemId(state, partner.company_id),
      tax_code: reduced ? 156 : 129,
      item_id: item?.id ?? null,
      section_id: null,
      tag_ids: [],
      segment_1_tag_id: null,
      segment_2_tag_id: null,
      segment_3_tag_id: null,
    });
  }
  const id = nextId(state, "invoice");
  const month = billingDate.slice(0, 7).replace("-", "");
  return {
    id,
    company_id: partner.company_id,
    invoice_number: `INV-${month}-${String(seqNo).padStart(4, "0")}`,
    branch_no: null,
    subject: `${billingDate.slice(0, 4)}年${Number(billingDate.slice(5, 7))}月分 ${lines[0]?.description ?? "ご請求"}`,
    template_id: 1,
    template_name: "標準テンプレート",
    billing_date: billingDate,
    issue_date: billingDate,
    payment_date: endOfMonth(billingDate, 1),
    payment_type: "transfer",
    invoice_note: "お振込手数料は貴社にてご負担くださいますようお願い申し上げます。",
    memo: "",
    sending_status: "unsent",
    payment_status: "unsettled",
    cancel_status: "uncanceled",
    deal_id: null,
    tax_entry_method: "out",
    tax_fraction: "omit",
    line_amount_fraction: "omit",
    withholding_tax_entry_method: "out",
    created_at: `${billingDate} 10:${String(rng.int(0, 59)).padStart(2, "0")}:00`,
    include_amount_brought_forward: false,
    amount_brought_forward: null,
    partner_id: partner.id,
    partner_code: partner.code,
    partner_name: partner.name,
    partner_title: "御中",
    partner_display_name: partner.long_name ?? partner.name,
    partner_address_zipcode: partner.address_attributes?.zipcode ?? "",
    partner_address_prefecture_code: partner.address_attributes?.prefecture_code ?? -1,
    partner_address_street_name1: partner.address_attributes?.street_name1 ?? "",
    partner_address_street_name2: partner.address_attributes?.street_name2 ?? "",
    partner_contact_department: "経理部",
    partner_contact_name: partner.contact_name ?? "",
    partner_contact_email_to: partner.email ?? "",
    partner_contact_email_cc: "",
    partner_bank_account: "",
    partner_sending_method: "email",
    company_contact_name: "かけはし 太郎",
    company_name: company?.name ?? "",
    company_description: `〒${company?.zipcode ?? ""} ${company?.street_name1 ?? ""}`,
    bank_account_to_transfer: "かけはし銀行 本店営業部 普通 1234567 カ）カケハシデモ",
    lines,
  };
}

export function seedFreee(state: FreeeState, opts: FreeeSeedOptions): Record<string, number> {
  const companies = opts.companies ?? FREEE_DEFAULT_SEED_SIZES.companies;
  const dealsWanted = opts.deals ?? FREEE_DEFAULT_SEED_SIZES.deals;
  const today = opts.anchor && /^\d{4}-\d{2}-\d{2}/.test(opts.anchor) ? opts.anchor.slice(0, 10) : jstDate();
  resetFreee(state, today);
  seedMasters(state, FREEE_DEFAULT_COMPANY_ID, today);
  const partners = seedPartners(state, opts.seed, companies, today);
  const rng = createRng(opts.seed).fork("freee:invoices");
  // Roughly one invoice for every four CRM deals (not every deal is won and billed).
  const invoiceCount = partners.length === 0 ? 0 : Math.round(dealsWanted * 0.25);
  const billable = partners.filter((p) => !p.name.endsWith("サービス") || rng.chance(0.3));
  const dates: string[] = [];
  for (let i = 0; i < invoiceCount; i++) dates.push(addDays(today, -rng.int(0, 364)));
  dates.sort();
  const perMonth = new Map<string, number>();
  const outcomes = { settled: 0, partial: 0, fee: 0, unpaid: 0, canceled: 0 };
  for (const billingDate of dates) {
    const partner = rng.pick(billable.length > 0 ? billable : partners);
    const month = billingDate.slice(0, 7);
    const seqNo = (perMonth.get(month) ?? 0) + 1;
    perMonth.set(month, seqNo);
    const inv = makeInvoice(state, rng, partner, billingDate, seqNo);
    state.invoices.set(inv.id, inv);
    const ageDays = Math.round((Date.parse(today) - Date.parse(billingDate)) / 86_400_000);
    if (ageDays > 3 || rng.chance(0.3)) inv.sending_status = "sent";
    if (rng.chance(0.03)) {
      if (rng.chance(0.5)) registerDealForInvoice(state, inv);
      cancelInvoice(state, inv);
      outcomes.canceled++;
      continue;
    }
    // 取引反映: most invoices older than two weeks have been turned into deals by the user.
    if (ageDays < 14 && !rng.chance(0.3)) continue;
    if (!rng.chance(0.9)) continue;
    const deal = registerDealForInvoice(state, inv);
    const due = inv.payment_date ?? billingDate;
    const pastDue = due < today;
    const roll = rng.next();
    const payDate = (d: string) => (d > today ? today : d);
    if (pastDue || roll < 0.2) {
      const r = rng.next();
      const date = payDate(addDays(due, -rng.int(0, 10)));
      if (r < 0.74) {
        recordPayment(state, deal, { kind: "full", date });
        outcomes.settled++;
      } else if (r < 0.82) {
        recordPayment(state, deal, { kind: "partial", date });
        outcomes.partial++;
      } else if (r < 0.88) {
        recordPayment(state, deal, { kind: "bank_fee_short", date });
        outcomes.fee++;
      } else outcomes.unpaid++;
    } else outcomes.unpaid++;
  }
  // Deals booked by hand in freee会計 (no invoice): some paid, some not.
  const manual = Math.round(invoiceCount * 0.1);
  const salesId = salesAccountItemId(state, FREEE_DEFAULT_COMPANY_ID);
  for (let i = 0; i < manual && partners.length > 0; i++) {
    const partner = rng.pick(partners);
    const issue = addDays(today, -rng.int(0, 364));
    const base = rng.int(5, 200) * 1000;
    const vat = Math.floor(base * 0.1);
    const id = nextId(state, "deal");
    const deal = {
      id,
      company_id: FREEE_DEFAULT_COMPANY_ID,
      issue_date: issue,
      due_date: endOfMonth(issue, 1),
      amount: base + vat,
      type: "income" as const,
      partner_id: partner.id,
      partner_code: partner.code,
      ref_number: `M-${String(i + 1).padStart(4, "0")}`,
      deal_origin_name: "手動",
      details: [{ id: nextId(state, "detail"), account_item_id: salesId, tax_code: 129, partner_id: partner.id, partner_code: partner.code, item_id: null, section_id: null, tag_ids: [], segment_1_tag_id: null, segment_2_tag_id: null, segment_3_tag_id: null, amount: base + vat, vat, description: "スポット対応", entry_side: "credit" as const }],
      payments: [],
    };
    state.deals.set(id, deal);
    if (endOfMonth(issue, 1) < today && rng.chance(0.8)) recordPayment(state, deal, { kind: "full", date: endOfMonth(issue, 1) });
  }
  // Money that arrived but nobody matched yet (消込待ち): what a reconciliation screen starts from.
  const bank = mainBankWalletableId(state, FREEE_DEFAULT_COMPANY_ID);
  for (let i = 0; i < Math.min(8, partners.length); i++) {
    const partner = rng.pick(partners);
    const id = nextId(state, "walletTxn");
    const amount = rng.int(3, 120) * 1100;
    state.walletTxns.set(id, {
      id, company_id: FREEE_DEFAULT_COMPANY_ID, date: addDays(today, -rng.int(0, 20)), amount, due_amount: amount, balance: null,
      entry_side: "income", walletable_type: "bank_account", walletable_id: bank,
      description: `振込 ${(partner.name_kana ?? partner.name).replace(/カブシキガイシャ/g, "カ）")}`, status: 1, rule_matched: false,
    });
  }
  return { partners: partners.length, invoices: invoiceCount, ...outcomes };
}
