/**
 * In-memory state of the Money Forward Cloud Invoice v3 emulator (one office: one token = one office).
 *
 * Wire formats reproduced from the official document's examples (MF_API_document.yml, v3.5.0):
 * - ids are opaque ~22-character URL-safe strings;
 * - money and quantities are STRINGS in responses ("100.0", "1239.1"), numbers in requests;
 * - dates come back as "2022/12/09" and timestamps as "2023-03-20 14:56:10 +0900" even where the schema says
 *   format date / date-time (clients must parse both; requests take YYYY-MM-DD);
 * - statuses are Japanese strings in responses (payment_status 未設定/未入金/入金済み…), numeric codes in requests;
 * - optional strings the schema types as plain `string` are returned as "" when unset (the document's schema has no
 *   nulls; its examples do show `registration_code: null`, which our office never needs because it has a T-number).
 */
import { createHash } from "node:crypto";

export type Excise = "untaxable" | "non_taxable" | "tax_exemption" | "five_percent" | "eight_percent" | "eight_percent_as_reduced_tax_rate" | "ten_percent";
export const EXCISES: readonly Excise[] = ["untaxable", "non_taxable", "tax_exemption", "five_percent", "eight_percent", "eight_percent_as_reduced_tax_rate", "ten_percent"];
export const EXCISE_RATE: Record<Excise, number> = {
  untaxable: 0, non_taxable: 0, tax_exemption: 0, five_percent: 5, eight_percent: 8, eight_percent_as_reduced_tax_rate: 8, ten_percent: 10,
};

export type PaymentStatus = "未設定" | "未入金" | "入金済み" | "未払い" | "振込済み";
export const PAYMENT_STATUS_BY_CODE: Record<string, PaymentStatus> = { "0": "未設定", "1": "未入金", "2": "入金済み" };

export type Department = {
  id: string;
  partnerId: string;
  zip: string;
  tel: string;
  prefecture: string;
  address1: string;
  address2: string;
  person_name: string;
  person_title: string;
  person_dept: string;
  email: string;
  cc_emails: string;
  peppol_id: string;
  office_member_id: string;
  office_member_name: string;
  createdAt: number;
  updatedAt: number;
};

export type Partner = {
  id: string;
  code: string;
  name: string;
  name_kana: string;
  name_suffix: string;
  memo: string;
  createdAt: number;
  updatedAt: number;
  departmentIds: string[];
};

export type Item = {
  id: string;
  name: string;
  code: string;
  detail: string;
  unit: string;
  price: number;
  quantity: number;
  excise: Excise;
  createdAt: number;
  updatedAt: number;
};

export type BillingItem = Item & { delivery_number: string; delivery_date: string | null };

export type Billing = {
  id: string;
  departmentId: string;
  title: string;
  memo: string;
  payment_condition: string;
  billing_date: string;
  due_date: string;
  sales_date: string | null;
  billing_number: string;
  note: string;
  document_name: string;
  tag_names: string[];
  payment_status: PaymentStatus;
  email_status: "未送信" | "送付済み" | "受領済み" | "受信";
  posting_status: "未郵送" | "郵送依頼" | "郵送済み" | "郵送取消" | "郵送失敗";
  is_downloaded: boolean;
  is_locked: boolean;
  items: BillingItem[];
  createdAt: number;
  updatedAt: number;
};

export type MfGrant = { id: number; scopes: string[]; revoked: boolean };
export type MfAccessToken = { token: string; grantId: number; expiresAt: number; revoked: boolean };
export type MfRefreshToken = { token: string; grantId: number; expiresAt: number; used: boolean; revoked: boolean };
export type MfAuthCode = { code: string; redirectUri: string; scopes: string[]; challenge: string | null; method: string | null; expiresAt: number; used: boolean };

export type MfState = {
  idSalt: string;
  seq: number;
  partners: Map<string, Partner>;
  departments: Map<string, Department>;
  items: Map<string, Item>;
  billings: Map<string, Billing>;
  grants: Map<number, MfGrant>;
  accessTokens: Map<string, MfAccessToken>;
  refreshTokens: Map<string, MfRefreshToken>;
  authCodes: Map<string, MfAuthCode>;
  grantSeq: number;
};

export function createMfState(): MfState {
  return {
    idSalt: "empty",
    seq: 0,
    partners: new Map(),
    departments: new Map(),
    items: new Map(),
    billings: new Map(),
    grants: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    authCodes: new Map(),
    grantSeq: 0,
  };
}

/** Deterministic opaque id (22 URL-safe characters, like MF's) from the seed salt and a counter. */
export function newId(state: MfState, kind: string): string {
  state.seq++;
  return createHash("sha256").update(`${state.idSalt}:${kind}:${state.seq}`).digest("base64url").slice(0, 22);
}

export function clearMfData(state: MfState, salt: string): void {
  state.idSalt = salt;
  state.seq = 0;
  state.partners.clear();
  state.departments.clear();
  state.items.clear();
  state.billings.clear();
}

export const OFFICE = {
  id: "tZ7wyN9WVuTy7nsisjGsjA",
  name: "株式会社かけはしデモ",
  zip: "100-0005",
  prefecture: "東京都",
  address1: "千代田区丸の内1-1-1",
  address2: "かけはしビル 5F",
  tel: "03-1234-5678",
  fax: "03-1234-5679",
  office_type: "法人",
  office_code: "1102-9829",
  registration_code: "T2010001123456",
  member_id: "-UNhHGbLKnWH5xlrFhj2ow",
  member_name: "かけはし 太郎",
  operator_id: "fbeo9WVrdW36B1CKP3KASg",
  createdAt: Date.UTC(2023, 3, 1, 0, 0, 0),
};
