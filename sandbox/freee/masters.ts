/**
 * Fixed parts of each freee company: the companies themselves and the masters a new freee company starts with
 * (税区分, 勘定科目, bank account). Tax codes: freee documents no fixed numbers ("read them per company"); these
 * are the codes commonly seen in freee companies, and the emulator serves them per company like the real API.
 */
import { type AccountItemRecord, type CompanyRecord, type FreeeState, type TaxRecord, nextId } from "./store";
import { jstDate } from "./jst";

export const FREEE_DEFAULT_COMPANY_ID = 100001;
export const FREEE_SECOND_COMPANY_ID = 100002;

export function defaultCompanies(): CompanyRecord[] {
  return [
    {
      id: FREEE_DEFAULT_COMPANY_ID,
      name: "株式会社かけはしデモ",
      name_kana: "カブシキガイシャカケハシデモ",
      display_name: "株式会社かけはしデモ",
      company_number: "1234-5678-9012",
      corporate_number: "2010001123456",
      role: "admin",
      use_partner_code: true,
      invoice_numbering: "manual",
      invoice_registration_number: "T2010001123456",
      daily_limit: 3000,
      zipcode: "100-0005",
      prefecture_code: 12,
      street_name1: "千代田区丸の内1-1-1",
      street_name2: "かけはしビル 5F",
      phone1: "03-1234-5678",
      next_invoice_seq: 1,
    },
    {
      id: FREEE_SECOND_COMPANY_ID,
      name: "かけはし商事株式会社",
      name_kana: "カケハシショウジカブシキガイシャ",
      display_name: "かけはし商事株式会社",
      company_number: "2345-6789-0123",
      corporate_number: "6010401123458",
      role: "admin",
      use_partner_code: false,
      invoice_numbering: "auto",
      invoice_registration_number: "T6010401123458",
      daily_limit: 3000,
      zipcode: "530-0001",
      prefecture_code: 26,
      street_name1: "大阪市北区梅田2-2-2",
      street_name2: "",
      phone1: "06-1234-5678",
      next_invoice_seq: 1,
    },
  ];
}

const TAXES: TaxRecord[] = [
  { code: 2, name: "non_taxable", name_ja: "対象外", display_category: null, available: true },
  { code: 23, name: "sales_non_taxable", name_ja: "非課売上", display_category: null, available: true },
  { code: 101, name: "sales_with_tax_8", name_ja: "課税売上8%", display_category: "tax_8", available: false },
  { code: 129, name: "sales_with_tax_10", name_ja: "課税売上10%", display_category: "tax_10", available: true },
  { code: 156, name: "sales_with_tax_r8", name_ja: "課税売上8%（軽）", display_category: "tax_r8", available: true },
  { code: 136, name: "purchase_with_tax_10", name_ja: "課対仕入10%", display_category: "tax_10", available: true },
  { code: 163, name: "purchase_with_tax_r8", name_ja: "課対仕入8%（軽）", display_category: "tax_r8", available: true },
  { code: 189, name: "purchase_with_tax_10_e80", name_ja: "課対仕入（控80）10%", display_category: "tax_10_e80", available: true },
];

type AccountSpec = [name: string, category: string, categoryId: number, categories: string[], taxCode: number, shortcut: string];

const ACCOUNTS: AccountSpec[] = [
  ["売上高", "売上高", 21, ["損益", "営業損益", "売上高"], 129, "URIAGE"],
  ["売掛金", "売上債権", 3, ["資産", "流動資産", "売上債権"], 2, "URIKAKE"],
  ["普通預金", "現金・預金", 1, ["資産", "流動資産", "現金・預金"], 2, "FUTSU"],
  ["前受金", "流動負債", 12, ["負債", "流動負債"], 2, "MAEUKE"],
  ["雑収入", "営業外収益", 24, ["損益", "営業外損益", "営業外収益"], 2, "ZATSUSHU"],
  ["支払手数料", "販売管理費", 23, ["損益", "営業損益", "販売管理費"], 136, "TESURYO"],
  ["外注費", "売上原価", 22, ["損益", "営業損益", "売上原価"], 136, "GAICHU"],
];

export function installCompanyMasters(state: FreeeState, company: CompanyRecord, today: string = jstDate()): void {
  state.taxes.set(company.id, TAXES.map((t) => ({ ...t })));
  const bankId = nextId(state, "walletable");
  state.walletables.set(bankId, {
    id: bankId,
    company_id: company.id,
    name: "かけはし銀行 本店営業部 普通 1234567",
    bank_id: 1001,
    type: "bank_account",
    last_balance: 5_000_000,
    walletable_balance: 5_000_000,
    update_date: today,
  });
  const walletId = nextId(state, "walletable");
  state.walletables.set(walletId, { id: walletId, company_id: company.id, name: "現金", bank_id: null, type: "wallet", last_balance: 50_000, walletable_balance: 50_000, update_date: today });
  ACCOUNTS.forEach(([name, category, categoryId, categories, taxCode, shortcut], i) => {
    const id = nextId(state, "accountItem");
    const rec: AccountItemRecord = {
      id,
      company_id: company.id,
      name,
      shortcut,
      shortcut_num: String(100 + i),
      code: null,
      tax_code: taxCode,
      default_tax_code: taxCode,
      account_category: category,
      account_category_id: categoryId,
      categories,
      available: true,
      walletable_id: name === "普通預金" ? bankId : null,
      group_name: category,
      group_id: categoryId * 10,
      corresponding_income_name: null,
      corresponding_income_id: null,
      corresponding_expense_name: null,
      corresponding_expense_id: null,
      update_date: today,
    };
    state.accountItems.set(id, rec);
  });
}
