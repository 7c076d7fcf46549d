import { z } from "zod";

/**
 * Wire schemas of the MF Cloud Invoice v3 responses we read, checked against
 * ../shared/specs/moneyforward/MF_API_document.yml (v3.5.0). Loose objects: MF adds keys in minor versions.
 * Amounts are decimal STRINGS ("100.0"), dates "2022/12/09" or "2022-12-09", statuses Japanese strings
 * (api-moneyforward.md §3, §7): parsed in transform.ts, never trusted as numbers here.
 */
const str = z.string().nullish();

export const mfDepartmentSchema = z.looseObject({
  id: z.string(),
  zip: str,
  tel: str,
  prefecture: str,
  address1: str,
  address2: str,
  person_name: str,
  person_dept: str,
  email: str,
  updated_at: str,
});

export const mfPartnerSchema = z.looseObject({
  id: z.string(),
  code: str,
  name: z.string(),
  name_kana: str,
  name_suffix: str,
  memo: str,
  created_at: str,
  updated_at: str,
  departments: z.array(mfDepartmentSchema).nullish(),
});
export type MfPartner = z.infer<typeof mfPartnerSchema>;

export const mfPagination = z.looseObject({ total_count: z.number().int(), total_pages: z.number().int(), per_page: z.number().int(), current_page: z.number().int() });
export const mfPartnersResponse = z.looseObject({ data: z.array(mfPartnerSchema), pagination: mfPagination });

export const mfBillingSchema = z.looseObject({
  id: z.string(),
  pdf_url: str,
  department_id: str,
  partner_id: str,
  partner_name: str,
  title: str,
  memo: str,
  billing_date: str,
  due_date: str,
  billing_number: str,
  payment_status: str,
  email_status: str,
  posting_status: str,
  tag_names: z.array(z.string()).nullish(),
  excise_price: z.union([z.string(), z.number()]).nullish(),
  subtotal_price: z.union([z.string(), z.number()]).nullish(),
  total_price: z.union([z.string(), z.number()]),
  created_at: str,
  updated_at: str,
});
export type MfBilling = z.infer<typeof mfBillingSchema>;
export const mfBillingsResponse = z.looseObject({ data: z.array(mfBillingSchema), pagination: mfPagination });

export const mfItemSchema = z.looseObject({ id: z.string(), name: z.string(), code: str, excise: str });
export const mfItemsResponse = z.looseObject({ data: z.array(mfItemSchema), pagination: mfPagination.nullish() });

export const mfOfficeSchema = z.looseObject({ id: z.string(), name: z.string().nullish() });

/** Error bodies are not specified for v3 (api-moneyforward.md §3); these shapes are the ones seen in MF Cloud APIs. */
export const mfErrorBody = z.looseObject({
  errors: z.union([z.array(z.looseObject({ type: str, code: str, message: str })), z.looseObject({ status: str, title: str, detail: str })]).nullish(),
  error: str,
  error_description: str,
  message: str,
});
