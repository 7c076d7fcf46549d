import { z } from "zod";

/**
 * Wire schemas for the freee responses we read, checked against ../shared/specs/freee (freee会計
 * v2020_06_15/open-api-3/api-schema.json and freee請求書 iv/open-api-3/api-schema.yml). Loose objects: freee adds
 * properties without notice (api-freee.md §0), so unknown keys pass through and only what we use is typed.
 */
const id = z.number().int();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

// [ACC components.schemas.partnerResponse.partner]
export const freeePartnerSchema = z.looseObject({
  id,
  code: z.string().nullish(),
  company_id: id,
  name: z.string(),
  update_date: z.string().nullish(),
  available: z.boolean().nullish(),
  long_name: z.string().nullish(),
  name_kana: z.string().nullish(),
  phone: z.string().nullish(),
  contact_name: z.string().nullish(),
  email: z.string().nullish(),
  invoice_registration_number: z.string().nullish(),
  qualified_invoice_issuer: z.boolean().nullish(),
  address_attributes: z
    .looseObject({
      zipcode: z.string().nullish(),
      prefecture_code: z.number().int().nullish(),
      street_name1: z.string().nullish(),
      street_name2: z.string().nullish(),
    })
    .nullish(),
});
export type FreeePartner = z.infer<typeof freeePartnerSchema>;

export const freeePartnersResponse = z.looseObject({ partners: z.array(freeePartnerSchema) });
export const freeePartnerResponse = z.looseObject({ partner: freeePartnerSchema });

// [IV components.schemas.InvoiceIndexResponse_invoices] (list rows: no lines)
export const freeeInvoiceSummarySchema = z.looseObject({
  id,
  company_id: id,
  invoice_number: z.string().nullish(),
  subject: z.string().nullish(),
  billing_date: date,
  issue_date: date.nullish(),
  payment_date: date.nullish(),
  memo: z.string().nullish(),
  sending_status: z.string().nullish(),
  payment_status: z.string().nullish(),
  cancel_status: z.string().nullish(),
  deal_status: z.string().nullish(),
  deal_id: id.nullish(),
  total_amount: z.number(),
  amount_tax: z.number().nullish(),
  partner_id: id.nullish(),
  partner_code: z.string().nullish(),
  partner_name: z.string().nullish(),
  report_url: z.string().nullish(),
  created_at: z.string().nullish(),
});
export type FreeeInvoiceSummary = z.infer<typeof freeeInvoiceSummarySchema>;
export const freeeInvoicesResponse = z.looseObject({ invoices: z.array(freeeInvoiceSummarySchema) });
export const freeeInvoiceResponse = z.looseObject({ invoice: freeeInvoiceSummarySchema });

// [ACC components.schemas.dealResponse.deal]
export const freeeDealPaymentSchema = z.looseObject({ id, date, amount: z.number(), from_walletable_type: z.string().nullish(), from_walletable_id: id.nullish() });
export const freeeDealSchema = z.looseObject({
  id,
  company_id: id,
  issue_date: date,
  due_date: date.nullish(),
  amount: z.number(),
  due_amount: z.number().nullish(),
  type: z.string().nullish(),
  partner_id: id.nullish(),
  ref_number: z.string().nullish(),
  status: z.enum(["settled", "unsettled"]),
  deal_origin_name: z.string().nullish(),
  payments: z.array(freeeDealPaymentSchema).nullish(),
});
export type FreeeDeal = z.infer<typeof freeeDealSchema>;
export const freeeDealResponse = z.looseObject({ deal: freeeDealSchema });
export const freeeDealsResponse = z.looseObject({ deals: z.array(freeeDealSchema), meta: z.looseObject({ total_count: z.number().int() }).nullish() });

// [ACC GET /api/1/taxes/companies/{company_id}]
export const freeeTaxesResponse = z.looseObject({
  taxes: z.array(z.looseObject({ code: id, name: z.string(), name_ja: z.string().nullish(), display_category: z.string().nullish(), available: z.boolean().nullish() })),
});

// [ACC GET /api/1/items]
export const freeeItemsResponse = z.looseObject({
  items: z.array(z.looseObject({ id, name: z.string(), code: z.string().nullish(), available: z.boolean().nullish(), update_date: z.string().nullish() })),
});

// [ACC GET /api/1/companies]
export const freeeCompaniesResponse = z.looseObject({
  companies: z.array(z.looseObject({ id, name: z.string().nullish(), display_name: z.string().nullish(), role: z.string().nullish() })),
});
export const freeeCompanyResponse = z.looseObject({ company: z.looseObject({ id, name: z.string().nullish(), display_name: z.string().nullish() }) });

// OAuth token response (developer.freee.co.jp/reference/認可コード)
export const freeeTokenResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().int().positive(),
  refresh_token: z.string().min(1),
  scope: z.string().nullish(),
  company_id: z.union([z.string(), z.number()]).nullish(),
});
export type FreeeTokenResponse = z.infer<typeof freeeTokenResponse>;

/** Error bodies: accounting `{status_code, errors:[{type, messages}]}`, 401/403 `{message, code?}`, iv 403 `{error, message, code}`. */
export const freeeErrorBody = z.looseObject({
  status_code: z.number().nullish(),
  errors: z.array(z.looseObject({ type: z.string().nullish(), messages: z.array(z.string()).nullish() })).nullish(),
  message: z.string().nullish(),
  messages: z.array(z.string()).nullish(),
  code: z.string().nullish(),
  error: z.string().nullish(),
  error_description: z.string().nullish(),
  meta: z.looseObject({ reset: z.string().nullish() }).nullish(),
});
