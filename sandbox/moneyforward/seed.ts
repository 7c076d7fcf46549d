/**
 * Deterministic seed of the Money Forward emulator: partners from the shared plan (partner-plan.ts: ~60 % overlap
 * with the HubSpot companies, name variants, accounting-only partners, hard negatives), each with one or two
 * departments (a billing needs one), an items master, and billings over the last 12 months with payment statuses
 * (入金済み / 未入金 / 未設定). MF partners carry no customer T-number field (only `peppol_id` 0221:T…, set on some
 * departments). Same seed and sizes → same ids and records; dates are relative to the JST day of seeding.
 */
import { createRng } from "../core/rng";
import { addDays, endOfMonth, jstDate } from "../freee/jst";
import { planPartners } from "../freee/partner-plan";
import { clearMfData, newId, OFFICE, type Billing, type BillingItem, type Department, type Excise, type MfState, type Partner } from "./store";

export const MF_DEFAULT_SEED_SIZES = { companies: 200, deals: 1000 };

export function resetMf(state: MfState): void {
  clearMfData(state, "empty");
}

const ITEMS: [name: string, code: string, price: number, unit: string, excise: Excise][] = [
  ["コンサルティング", "CONSULT", 150_000, "式", "ten_percent"],
  ["保守サポート（月額）", "SUPPORT", 50_000, "月", "ten_percent"],
  ["ソフトウェアライセンス", "LICENSE", 12_000, "ID", "ten_percent"],
  ["導入支援", "ONBOARD", 300_000, "式", "ten_percent"],
  ["研修", "TRAINING", 80_000, "回", "ten_percent"],
  ["軽食ケータリング", "CATERING", 1_080, "食", "eight_percent_as_reduced_tax_rate"],
];

/** created_at of seeded records: 09:00 JST on a date, plus minutes so ordering is stable. */
const at = (date: string, minute: number) => Date.parse(`${date}T09:00:00+09:00`) + minute * 60_000;

/** `anchor` (YYYY-MM-DD) replaces "today" so a seed is identical on any day (as the HubSpot seed allows). */
export function seedMf(state: MfState, opts: { seed: number; companies?: number; deals?: number; anchor?: string }): Record<string, number> {
  const companies = opts.companies ?? MF_DEFAULT_SEED_SIZES.companies;
  const dealsWanted = opts.deals ?? MF_DEFAULT_SEED_SIZES.deals;
  clearMfData(state, `seed-${opts.seed}-${companies}-${dealsWanted}`);
  const today = opts.anchor && /^\d{4}-\d{2}-\d{2}/.test(opts.anchor) ? opts.anchor.slice(0, 10) : jstDate();
  const rng = createRng(opts.seed).fork("mf:data");
  const created = addDays(today, -400);

  const items = ITEMS.map(([name, code, price, unit, excise], i) => {
    const id = newId(state, "item");
    const rec = { id, name, code, detail: "", unit, price, quantity: 1, excise, createdAt: at(created, i), updatedAt: at(created, i) };
    state.items.set(id, rec);
    return rec;
  });

  const plan = planPartners(opts.seed, companies, "moneyforward");
  const partners: Partner[] = [];
  plan.forEach((pp, i) => {
    const c = pp.source;
    const pid = newId(state, "partner");
    const p: Partner = {
      id: pid,
      code: `MF${String(i + 1).padStart(5, "0")}`,
      name: pp.name,
      name_kana: pp.kind === "hard_negative" ? "" : c.kana,
      name_suffix: "御中",
      memo: "",
      createdAt: at(created, 100 + i),
      updatedAt: at(created, 100 + i),
      departmentIds: [],
    };
    const deptCount = pp.kind === "hard_negative" ? 1 : rng.chance(0.2) ? 2 : 1;
    for (let d = 0; d < deptCount; d++) {
      const did = newId(state, "department");
      const street = c.address.startsWith(c.prefecture) ? c.address.slice(c.prefecture.length) : c.address;
      const dept: Department = {
        id: did,
        partnerId: pid,
        zip: `${rng.int(100, 999)}-${String(rng.int(0, 9999)).padStart(4, "0")}`,
        tel: c.phone,
        prefecture: c.prefecture,
        address1: street,
        address2: "",
        person_name: d === 0 ? "経理ご担当者" : "購買ご担当者",
        person_title: "",
        person_dept: d === 0 ? "経理部" : "購買部",
        email: d === 0 ? `keiri@${c.domain}` : `kobai@${c.domain}`,
        cc_emails: "",
        peppol_id: d === 0 && pp.registrationNumber ? `0221:${pp.registrationNumber}` : "",
        office_member_id: OFFICE.member_id,
        office_member_name: OFFICE.member_name,
        createdAt: p.createdAt,
        updatedAt: p.createdAt,
      };
      state.departments.set(did, dept);
      p.departmentIds.push(did);
    }
    state.partners.set(pid, p);
    partners.push(p);
  });

  const billingCount = partners.length === 0 ? 0 : Math.round(dealsWanted * 0.2);
  const dates: string[] = [];
  for (let i = 0; i < billingCount; i++) dates.push(addDays(today, -rng.int(0, 364)));
  dates.sort();
  const counts = { paid: 0, unpaid: 0, unset: 0 };
  dates.forEach((billingDate, n) => {
    const partner = rng.pick(partners);
    const deptId = partner.departmentIds[0] as string;
    const lines: BillingItem[] = [];
    for (let l = 0, k = rng.int(1, 3); l < k; l++) {
      const it = rng.weighted(items.map((x) => [x, x.excise === "ten_percent" ? 5 : 1] as const));
      lines.push({ ...it, id: newId(state, "billing-item"), quantity: it.excise === "ten_percent" ? rng.int(1, 4) : rng.int(10, 50), delivery_number: "", delivery_date: null, createdAt: at(billingDate, n), updatedAt: at(billingDate, n) });
    }
    const due = endOfMonth(billingDate, 1);
    let status: Billing["payment_status"] = "未入金";
    if (due < today) status = rng.chance(0.8) ? "入金済み" : "未入金";
    else if (rng.chance(0.1)) status = "未設定";
    if (status === "入金済み") counts.paid++;
    else if (status === "未入金") counts.unpaid++;
    else counts.unset++;
    const b: Billing = {
      id: newId(state, "billing"),
      departmentId: deptId,
      title: `${Number(billingDate.slice(5, 7))}月分 ${lines[0]?.name ?? "ご請求"}`,
      memo: "",
      payment_condition: "月末締め翌月末払い",
      billing_date: billingDate,
      due_date: due,
      sales_date: billingDate,
      billing_number: `MF-${billingDate.slice(0, 7).replace("-", "")}-${String(n + 1).padStart(4, "0")}`,
      note: "",
      document_name: "請求書",
      tag_names: [],
      payment_status: status,
      email_status: billingDate < addDays(today, -3) ? "送付済み" : "未送信",
      posting_status: "未郵送",
      is_downloaded: false,
      is_locked: billingDate < addDays(today, -3),
      items: lines,
      createdAt: at(billingDate, n),
      updatedAt: at(billingDate, n + 1),
    };
    state.billings.set(b.id, b);
  });
  return { partners: partners.length, departments: state.departments.size, billings: billingCount, ...counts };
}
