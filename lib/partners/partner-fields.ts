import { validateRegistrationNumber } from "@/lib/japan/registration-number";

/**
 * Pure helpers of the partner sync: what the CRM says the partner should look like (CRM is the master for name,
 * address, phone, contact and registration number), and which accounting-side values differ from it.
 */

export type PartnerFields = {
  name: string;
  address: string | null;
  phone: string | null;
  contactName: string | null;
  registrationNumber: string | null;
};

export type PostalAddressOut = { prefectureCode: number | null; prefecture: string | null; street1: string | null; street2?: string | null; zipcode?: string | null };

// freee prefecture_code: 0 = 北海道 … 12 = 東京都 … 46 = 沖縄県 (JIS X 0401 order minus one).
export const PREFECTURES = [
  "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県",
  "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県",
  "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県",
  "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
] as const;

const blank = (v: string | null | undefined): string | null => {
  const t = v?.normalize("NFKC").replace(/\s+/g, " ").trim();
  return t ? t : null;
};

/** "東京都 千代田区 丸の内1-1" → prefecture 東京都 (code 12) + street "千代田区 丸の内1-1". Unknown prefix → all street. */
export function splitAddress(address: string | null | undefined): PostalAddressOut | null {
  const text = blank(address);
  if (!text) return null;
  const zip = /^〒?\s*(\d{3}-?\d{4})\s*/.exec(text);
  const rest = zip ? text.slice(zip[0].length) : text;
  // "東京" without 都 is common in CRM data.
  const index = PREFECTURES.findIndex((p) => rest.startsWith(p) || (p !== "北海道" && rest.startsWith(p.slice(0, -1)) && !rest.startsWith(`${p.slice(0, -1)}市`)));
  const zipcode = zip ? zip[1]!.replace(/^(\d{3})(\d{4})$/, "$1-$2") : null;
  if (index < 0) return { prefectureCode: null, prefecture: null, street1: rest, ...(zipcode ? { zipcode } : {}) };
  const pref = PREFECTURES[index]!;
  const street = blank(rest.startsWith(pref) ? rest.slice(pref.length) : rest.slice(pref.length - 1));
  return { prefectureCode: index, prefecture: pref, street1: street, ...(zipcode ? { zipcode } : {}) };
}

/** The accounting side's address back as one comparable line. */
export function joinAddress(address: { prefectureCode?: number | null; prefecture?: string | null; street1?: string | null; street2?: string | null } | null | undefined): string | null {
  if (!address) return null;
  const pref = address.prefecture ?? (address.prefectureCode != null && address.prefectureCode >= 0 ? (PREFECTURES[address.prefectureCode] ?? null) : null);
  return blank([pref, address.street1, address.street2].filter(Boolean).join(" "));
}

/** Compare ignoring width, spaces and hyphen variants: "03-1234-5678" equals "0312345678", "東京都 港区" equals "東京都港区". */
export function sameValue(a: string | null | undefined, b: string | null | undefined): boolean {
  const norm = (v: string | null | undefined) => (blank(v) ?? "").replace(/[\s\-‐‑‒–—―−ー]/g, "").toUpperCase();
  return norm(a) === norm(b);
}

export type RegistrationCheck = { ok: true; value: string | null } | { ok: false; input: string; reason: string };

/** Normalise and validate the CRM's registration number before it is sent; empty means "none", not an error. */
export function checkRegistrationNumber(input: string | null | undefined): RegistrationCheck {
  const raw = input?.trim();
  if (!raw) return { ok: true, value: null };
  const result = validateRegistrationNumber(raw);
  return result.valid ? { ok: true, value: result.normalized } : { ok: false, input: raw, reason: result.reason ?? "invalid" };
}

/**
 * The mirror joins HubSpot's state, city and address; portals often type the full address into `address` already
 * (「北海道札幌市中央区…」), which would repeat the prefecture and city. Prefer the raw property when it is complete.
 */
function crmAddress(company: { address: string | null; properties?: Record<string, string | null> | null }): string | null {
  const p = company.properties ?? {};
  const street = blank(p.address);
  const state = blank(p.state);
  const city = blank(p.city);
  if (street && (!state || street.startsWith(state)) && (!city || street.includes(city))) return street;
  return blank(company.address);
}

export function desiredFields(company: { name: string | null; address: string | null; phone: string | null; properties?: Record<string, string | null> | null }, registrationNumber: string | null): PartnerFields {
  return {
    name: blank(company.name) ?? "(名称未設定)",
    address: crmAddress(company),
    phone: blank(company.phone),
    // HubSpot companies have no contact field of their own; a portal may keep one in a custom property.
    contactName: blank(company.properties?.kakehashi_contact_name ?? company.properties?.contact_name ?? null),
    registrationNumber,
  };
}

export const ALL_FIELDS = ["name", "address", "phone", "contactName", "registrationNumber"] as const satisfies readonly (keyof PartnerFields)[];

export type FieldChange = { field: keyof PartnerFields; remote: string | null; desired: string | null; accountingEdit: boolean };

/**
 * Fields whose accounting-side value differs from the CRM's. `accountingEdit` is true when the accounting value is
 * not what we last sent (someone edited it there, or the partner predates the link): those are the logged overwrites.
 * Only fields the CRM has a value for and the provider overwrites on an upsert are compared (`fields`).
 */
export function diffFields(desired: PartnerFields, remote: PartnerFields, lastSent: PartnerFields | null, fields: readonly (keyof PartnerFields)[]): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const want = desired[field];
    if (want === null) continue;
    const have = remote[field];
    if (sameValue(want, have)) continue;
    const accountingEdit = !lastSent || !sameValue(lastSent[field], have);
    changes.push({ field, remote: have, desired: want, accountingEdit });
  }
  return changes;
}
