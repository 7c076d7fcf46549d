/**
 * Money Forward Cloud Invoice API v3 routes (`/api/v3/...`): office, partners (+ departments), items, billings
 * (create via `POST /invoice_template_billings` for a DEPARTMENT, reads/updates via `/billings`), billing lines
 * (attach/detach; a line cannot be updated), payment status.
 *
 * Error bodies: the v3 document defines none (400/404 are declared with no content). We answer with the shape other
 * MF Cloud APIs use, `{"errors":[{"type","code","message"}]}`; clients should treat it as opaque JSON and branch on
 * the HTTP status. Paging: `page` ≥ 1, `per_page` 1–100 (default 100) → `{data, pagination}`; beyond 100 → 400.
 */
import { SandboxHttpError, type Router, type SandboxRequest, type SandboxResponse } from "../core/server";
import { isIsoDate } from "../freee/jst";
import { EXCISES, PAYMENT_STATUS_BY_CODE, newId, OFFICE, type Billing, type BillingItem, type Department, type Excise, type Item, type MfState, type Partner } from "./store";
import { billingItemView, billingView, departmentView, itemView, officeView, page, partnerView } from "./views";

export function mfError(status: number, type: string, code: string, message: string): SandboxResponse {
  return { status, json: { errors: [{ type, code, message }] } };
}

function fail(message: string, code = "invalid_parameter"): never {
  throw new SandboxHttpError(mfError(400, "invalid_request_error", code, message));
}

function notFound(what: string): never {
  throw new SandboxHttpError(mfError(404, "not_found_error", "not_found", `${what} not found`));
}

export type MfAuth = { scopes: string[] };

export function mfAuthenticate(state: MfState, req: SandboxRequest, now = Date.now()): MfAuth {
  const header = req.headers.authorization;
  const m = typeof header === "string" ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
  const t = m ? state.accessTokens.get((m[1] ?? "").trim()) : undefined;
  const g = t ? state.grants.get(t.grantId) : undefined;
  if (!t || !g || t.revoked || g.revoked) throw new SandboxHttpError(mfError(401, "authentication_error", "invalid_token", "The access token is invalid"));
  if (t.expiresAt <= now) throw new SandboxHttpError(mfError(401, "authentication_error", "token_expired", "The access token expired"));
  const write = req.method !== "GET" && req.method !== "HEAD";
  if (write && !g.scopes.includes("mfc/invoice/data.write")) throw new SandboxHttpError(mfError(403, "permission_error", "insufficient_scope", "mfc/invoice/data.write scope is required"));
  return { scopes: g.scopes };
}

function body(req: SandboxRequest): Record<string, unknown> {
  let b: unknown;
  try {
    b = req.json();
  } catch {
    fail("Request body is not valid JSON", "invalid_json");
  }
  if (b === undefined) return {};
  if (typeof b !== "object" || b === null || Array.isArray(b)) fail("Request body must be a JSON object", "invalid_json");
  return b as Record<string, unknown>;
}

function paging(req: SandboxRequest, maxPerPage: number | null): { page: number; perPage: number } {
  const p = req.query.get("page");
  const pp = req.query.get("per_page");
  const pageNo = p === null || p === "" ? 1 : Number(p);
  const perPage = pp === null || pp === "" ? 100 : Number(pp);
  if (!Number.isInteger(pageNo) || pageNo < 1) fail("page must be an integer greater than or equal to 1");
  if (!Number.isInteger(perPage) || perPage < 1 || (maxPerPage !== null && perPage > maxPerPage)) fail(`per_page must be between 1 and ${maxPerPage ?? "∞"}`);
  return { page: pageNo, perPage };
}

const s = (b: Record<string, unknown>, k: string, max: number, min = 0): string | undefined => {
  const v = b[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") fail(`${k} must be a string`);
  if (v.length < min || v.length > max) fail(`${k} must be ${min}..${max} characters`);
  return v;
};

const d = (b: Record<string, unknown>, k: string): string | undefined => {
  const v = b[k];
  if (v === undefined || v === null || v === "") return undefined;
  if (!isIsoDate(v)) fail(`${k} must be a date (YYYY-MM-DD)`);
  return v;
};

const AMOUNT_LIMIT = 10_000_000_000;
const num = (b: Record<string, unknown>, k: string): number | undefined => {
  const v = b[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v) || Math.abs(v) > AMOUNT_LIMIT) fail(`${k} must be a number between -10000000000 and 10000000000`);
  return v;
};

const excise = (b: Record<string, unknown>, required: boolean): Excise | undefined => {
  const v = b.excise;
  if (v === undefined || v === null) {
    if (required) fail("excise is required");
    return undefined;
  }
  if (!(EXCISES as readonly string[]).includes(v as string)) fail(`excise must be one of ${EXCISES.join(", ")}`);
  return v as Excise;
};

const DEPT_FIELDS = ["zip", "tel", "prefecture", "address1", "address2", "person_name", "person_title", "person_dept", "office_member_name", "email", "cc_emails", "peppol_id"] as const;

function applyDepartment(dept: Department, b: Record<string, unknown>, creating: boolean): void {
  const present = DEPT_FIELDS.filter((k) => b[k] !== undefined && b[k] !== null);
  if (creating && present.length === 0) fail("Fill in at least one department parameter");
  const lim: Record<(typeof DEPT_FIELDS)[number], number> = { zip: 8, tel: 30, prefecture: 10, address1: 80, address2: 80, person_name: 35, person_title: 35, person_dept: 35, office_member_name: 40, email: 255, cc_emails: 500, peppol_id: 64 };
  for (const k of present) {
    const v = s(b, k, lim[k]) as string;
    if (k === "zip" && !/^\d{3}-?\d{4}$/.test(v)) fail("zip must match ^\\d{3}-?\\d{4}$");
    if (k === "tel" && (v.length < 7 || !/^(\+|＋)?[0-9０-９\-－ー−]+\s*$/.test(v))) fail("tel is invalid");
    if (k === "peppol_id" && !/^((0088|0188):[0-9]{13}|0221:T[0-9]{13})$/.test(v)) fail("peppol_id is invalid");
    dept[k] = v;
  }
  dept.updatedAt = Date.now();
}

function newDepartment(state: MfState, partnerId: string): Department {
  const now = Date.now();
  return {
    id: newId(state, "department"),
    partnerId,
    zip: "", tel: "", prefecture: "", address1: "", address2: "", person_name: "", person_title: "", person_dept: "",
    email: "", cc_emails: "", peppol_id: "", office_member_id: OFFICE.member_id, office_member_name: "",
    createdAt: now,
    updatedAt: now,
  };
}

function applyPartner(p: Partner, b: Record<string, unknown>): void {
  const name = s(b, "name", 100, 1);
  if (name !== undefined) p.name = name;
  const code = s(b, "code", 30);
  if (code !== undefined) p.code = code;
  const kana = s(b, "name_kana", 350);
  if (kana !== undefined) p.name_kana = kana;
  const suffix = s(b, "name_suffix", 20);
  if (suffix !== undefined) p.name_suffix = suffix;
  const memo = s(b, "memo", 500);
  if (memo !== undefined) p.memo = memo;
  p.updatedAt = Date.now();
}

function buildBillingItem(state: MfState, o: Record<string, unknown>): BillingItem {
  const now = Date.now();
  let master: Item | undefined;
  if (o.item_id !== undefined && o.item_id !== null) {
    master = state.items.get(String(o.item_id));
    if (!master) fail("item_id is invalid");
  }
  const ex = excise(o, !master) ?? master?.excise ?? "ten_percent";
  const name = master ? master.name : s(o, "name", 450, 1);
  if (!name) fail("name is required when item_id is not given");
  return {
    id: newId(state, "billing-item"),
    name,
    code: master?.code ?? "",
    detail: s(o, "detail", 200) ?? master?.detail ?? "",
    unit: s(o, "unit", 20) ?? master?.unit ?? "",
    price: num(o, "price") ?? master?.price ?? 0,
    quantity: num(o, "quantity") ?? master?.quantity ?? 1,
    excise: ex,
    delivery_number: s(o, "delivery_number", 30) ?? "",
    delivery_date: d(o, "delivery_date") ?? null,
    createdAt: now,
    updatedAt: now,
  };
}

export function registerMfApiRoutes(router: Router, state: MfState): void {
  const auth = (req: SandboxRequest) => mfAuthenticate(state, req);
  const partnerOr404 = (id: string | undefined) => state.partners.get(id ?? "") ?? notFound("Partner");
  const billingOr404 = (id: string | undefined) => state.billings.get(id ?? "") ?? notFound("Billing");
  const departmentOf = (p: Partner, id: string | undefined) => {
    const dept = state.departments.get(id ?? "");
    if (!dept || dept.partnerId !== p.id) notFound("Department");
    return dept;
  };
  const V = "/api/v3";

  router.get(`${V}/office`, (req) => {
    auth(req);
    return { status: 200, json: officeView() };
  });

  // --- partners --------------------------------------------------------------------------------------------------
  router.get(`${V}/partners`, (req) => {
    auth(req);
    const { page: pg, perPage } = paging(req, 100);
    const list = (k: string) => (req.query.get(k) ?? "").split(",").map((x) => x.trim()).filter(Boolean);
    const names = list("name");
    const codes = list("code");
    const kanas = list("name_kana");
    const rows = [...state.partners.values()]
      .filter((p) => (names.length === 0 || names.some((n) => p.name.includes(n))) && (codes.length === 0 || codes.includes(p.code)) && (kanas.length === 0 || kanas.some((k) => p.name_kana.includes(k))))
      .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
    const out = page(rows, pg, perPage);
    return { status: 200, json: { data: out.data.map((p) => partnerView(state, p)), pagination: out.pagination } };
  });
  router.post(`${V}/partners`, (req) => {
    auth(req);
    const b = body(req);
    if (b.name === undefined || b.name === null || b.name === "") fail("name is required");
    const now = Date.now();
    const p: Partner = { id: newId(state, "partner"), code: "", name: "", name_kana: "", name_suffix: "御中", memo: "", createdAt: now, updatedAt: now, departmentIds: [] };
    applyPartner(p, b);
    if (p.code && [...state.partners.values()].some((x) => x.code === p.code)) fail("code has already been taken", "duplicated");
    const depts = b.departments;
    if (depts !== undefined && depts !== null) {
      if (!Array.isArray(depts) || depts.length > 10) fail("departments must be an array of at most 10 items");
      for (const raw of depts) {
        const dept = newDepartment(state, p.id);
        applyDepartment(dept, (raw ?? {}) as Record<string, unknown>, true);
        state.departments.set(dept.id, dept);
        p.departmentIds.push(dept.id);
      }
    }
    // Whether v3 auto-creates a department when none is sent is not documented; the sandbox does not, so a
    // client that forgets one meets `departments: []` and cannot bill (as the doc warns).
    state.partners.set(p.id, p);
    return { status: 201, json: partnerView(state, p) };
  });
  router.get(`${V}/partners/:id`, (req) => {
    auth(req);
    return { status: 200, json: partnerView(state, partnerOr404(req.params.id)) };
  });
  router.put(`${V}/partners/:id`, (req) => {
    auth(req);
    const p = partnerOr404(req.params.id);
    const b = body(req);
    const code = s(b, "code", 30);
    if (code && [...state.partners.values()].some((x) => x.code === code && x.id !== p.id)) fail("code has already been taken", "duplicated");
    applyPartner(p, b);
    return { status: 200, json: partnerView(state, p) };
  });
  router.delete(`${V}/partners/:id`, (req) => {
    auth(req);
    const p = partnerOr404(req.params.id);
    for (const bl of state.billings.values()) if (p.departmentIds.includes(bl.departmentId)) fail("Partner has billings and cannot be deleted", "in_use");
    for (const id of p.departmentIds) state.departments.delete(id);
    state.partners.delete(p.id);
    return { status: 204 };
  });

  // --- departments -----------------------------------------------------------------------------------------------
  router.get(`${V}/partners/:id/departments`, (req) => {
    auth(req);
    const p = partnerOr404(req.params.id);
    const { page: pg, perPage } = paging(req, 100);
    const out = page(p.departmentIds.map((id) => state.departments.get(id)).filter((x): x is Department => !!x), pg, perPage);
    return { status: 200, json: { data: out.data.map(departmentView), pagination: out.pagination } };
  });
  router.post(`${V}/partners/:id/departments`, (req) => {
    auth(req);
    const p = partnerOr404(req.params.id);
    if (p.departmentIds.length >= 10) fail("A partner can have at most 10 departments");
    const dept = newDepartment(state, p.id);
    applyDepartment(dept, body(req), true);
    state.departments.set(dept.id, dept);
    p.departmentIds.push(dept.id);
    return { status: 201, json: departmentView(dept) };
  });
  router.get(`${V}/partners/:id/departments/:departmentId`, (req) => {
    auth(req);
    return { status: 200, json: departmentView(departmentOf(partnerOr404(req.params.id), req.params.departmentId)) };
  });
  router.put(`${V}/partners/:id/departments/:departmentId`, (req) => {
    auth(req);
    const dept = departmentOf(partnerOr404(req.params.id), req.params.departmentId);
    applyDepartment(dept, body(req), false);
    return { status: 200, json: departmentView(dept) };
  });
  router.delete(`${V}/partners/:id/departments/:departmentId`, (req) => {
    auth(req);
    const p = partnerOr404(req.params.id);
    const dept = departmentOf(p, req.params.departmentId);
    for (const bl of state.billings.values()) if (bl.departmentId === dept.id) fail("Department has billings and cannot be deleted", "in_use");
    state.departments.delete(dept.id);
    p.departmentIds = p.departmentIds.filter((x) => x !== dept.id);
    return { status: 204 };
  });

  // --- items -----------------------------------------------------------------------------------------------------
  router.get(`${V}/items`, (req) => {
    auth(req);
    const { page: pg, perPage } = paging(req, null);
    const names = (req.query.get("name") ?? "").split(",").filter(Boolean);
    const codes = (req.query.get("code") ?? "").split(",").filter(Boolean);
    const rows = [...state.items.values()].filter((i) => (names.length === 0 || names.some((n) => i.name.includes(n))) && (codes.length === 0 || codes.includes(i.code)));
    const out = page(rows, pg, perPage);
    return { status: 200, json: { data: out.data.map(itemView), pagination: out.pagination } };
  });
  router.post(`${V}/items`, (req) => {
    auth(req);
    const b = body(req);
    const name = s(b, "name", 450, 1);
    if (!name) fail("name is required");
    const ex = excise(b, true) as Excise;
    const now = Date.now();
    const item: Item = { id: newId(state, "item"), name, code: s(b, "code", 30, 1) ?? "", detail: s(b, "detail", 200) ?? "", unit: s(b, "unit", 20) ?? "", price: num(b, "price") ?? 0, quantity: num(b, "quantity") ?? 1, excise: ex, createdAt: now, updatedAt: now };
    state.items.set(item.id, item);
    return { status: 201, json: itemView(item) };
  });
  router.get(`${V}/items/:id`, (req) => {
    auth(req);
    return { status: 200, json: itemView(state.items.get(req.params.id ?? "") ?? notFound("Item")) };
  });
  router.put(`${V}/items/:id`, (req) => {
    auth(req);
    const item = state.items.get(req.params.id ?? "") ?? notFound("Item");
    const b = body(req);
    item.name = s(b, "name", 450, 1) ?? item.name;
    item.code = s(b, "code", 30, 1) ?? item.code;
    item.detail = s(b, "detail", 200) ?? item.detail;
    item.unit = s(b, "unit", 20) ?? item.unit;
    item.price = num(b, "price") ?? item.price;
    item.quantity = num(b, "quantity") ?? item.quantity;
    item.excise = excise(b, false) ?? item.excise;
    item.updatedAt = Date.now();
    return { status: 200, json: itemView(item) };
  });
  router.delete(`${V}/items/:id`, (req) => {
    auth(req);
    if (!state.items.delete(req.params.id ?? "")) notFound("Item");
    return { status: 204 };
  });

  // --- billings --------------------------------------------------------------------------------------------------
  router.post(`${V}/invoice_template_billings`, (req) => {
    auth(req);
    const b = body(req);
    const deptId = s(b, "department_id", 64);
    if (!deptId) fail("department_id is required");
    const dept = state.departments.get(deptId);
    if (!dept) fail("department_id is invalid");
    const billingDate = d(b, "billing_date");
    if (!billingDate) fail("billing_date is required");
    // 3.5.0 (the document we follow) requires due_date; 3.6.0 would derive it from the partner's payment deadline.
    const dueDate = d(b, "due_date");
    if (!dueDate) fail("due_date is required");
    const rawItems = b.items;
    if (rawItems !== undefined && !Array.isArray(rawItems)) fail("items must be an array");
    const tags = b.tag_names;
    if (tags !== undefined && (!Array.isArray(tags) || tags.some((t) => typeof t !== "string" || t.length > 255))) fail("tag_names must be an array of strings");
    const now = Date.now();
    const billing: Billing = {
      id: newId(state, "billing"),
      departmentId: dept.id,
      title: s(b, "title", 200) ?? "",
      memo: s(b, "memo", 450) ?? "",
      payment_condition: s(b, "payment_condition", 250) ?? "",
      billing_date: billingDate,
      due_date: dueDate,
      sales_date: d(b, "sales_date") ?? null,
      billing_number: s(b, "billing_number", 30) ?? "",
      note: s(b, "note", 2000) ?? "",
      document_name: s(b, "document_name", 25) ?? "請求書",
      tag_names: (tags as string[] | undefined) ?? [],
      payment_status: "未設定",
      email_status: "未送信",
      posting_status: "未郵送",
      is_downloaded: false,
      is_locked: false,
      items: ((rawItems as unknown[] | undefined) ?? []).map((r, i) => {
        if (typeof r !== "object" || r === null) fail(`items[${i}] must be an object`);
        return buildBillingItem(state, r as Record<string, unknown>);
      }),
      createdAt: now,
      updatedAt: now,
    };
    // billing_number: whether MF auto-numbers an omitted one is not documented; the sandbox numbers it like the UI does.
    if (!billing.billing_number) billing.billing_number = `${billingDate.replaceAll("-", "").slice(0, 6)}-${String(state.billings.size + 1).padStart(3, "0")}`;
    state.billings.set(billing.id, billing);
    return { status: 201, json: billingView(state, billing) };
  });
  router.get(`${V}/billings`, (req) => {
    auth(req);
    const { page: pg, perPage } = paging(req, 100);
    const q = req.query;
    const rangeKey = q.get("range_key");
    if (rangeKey && !["billing_date", "due_date", "sales_date", "created_at", "updated_at"].includes(rangeKey)) fail("range_key is invalid");
    const from = q.get("from");
    const to = q.get("to");
    if ((from && !isIsoDate(from)) || (to && !isIsoDate(to))) fail("from/to must be dates (YYYY-MM-DD)");
    const keyOf = (b: Billing): string | null => {
      if (rangeKey === "created_at" || rangeKey === "updated_at") {
        const ms = rangeKey === "created_at" ? b.createdAt : b.updatedAt;
        return new Date(ms + 9 * 3600_000).toISOString().slice(0, 10);
      }
      if (rangeKey === "due_date") return b.due_date;
      if (rangeKey === "sales_date") return b.sales_date;
      return b.billing_date;
    };
    const free = q.get("q");
    const partnerId = q.get("partner_id");
    const number = q.get("document_number");
    const status = q.get("status");
    const partnerName = q.get("partner_name");
    const tags = (q.get("tags") ?? "").split(",").filter(Boolean);
    const partnerOf = (b: Billing) => state.partners.get(state.departments.get(b.departmentId)?.partnerId ?? "");
    const rows = [...state.billings.values()]
      .filter((b) => {
        if (rangeKey && (from || to)) {
          const k = keyOf(b);
          if (!k || (from && k < from) || (to && k > to)) return false;
        }
        if (partnerId && partnerOf(b)?.id !== partnerId) return false;
        if (free) {
          // q: free text over partner name (exact), statuses and title; it overrides the specific filters.
          const p = partnerOf(b);
          return p?.name === free || b.title.includes(free) || b.payment_status === free || b.billing_number === free;
        }
        if (number && b.billing_number !== number) return false;
        if (status && b.payment_status !== status && b.email_status !== status && !(status === "ロック中" ? b.is_locked : status === "未ロック" ? !b.is_locked : false)) return false;
        if (partnerName && !(partnerOf(b)?.name ?? "").includes(partnerName)) return false;
        if (tags.length > 0 && !tags.every((t) => b.tag_names.includes(t))) return false;
        return true;
      })
      .sort((a, b) => (a.billing_date === b.billing_date ? b.createdAt - a.createdAt : a.billing_date < b.billing_date ? 1 : -1));
    const out = page(rows, pg, perPage);
    return { status: 200, json: { data: out.data.map((b) => billingView(state, b)), pagination: out.pagination } };
  });
  router.get(`${V}/billings/:id`, (req) => {
    auth(req);
    return { status: 200, json: billingView(state, billingOr404(req.params.id)) };
  });
  router.put(`${V}/billings/:id`, (req) => {
    auth(req);
    const bl = billingOr404(req.params.id);
    const b = body(req);
    if (b.items !== undefined) fail("items cannot be updated here; attach and detach billing items instead");
    const deptId = s(b, "department_id", 64);
    if (deptId !== undefined) {
      if (!state.departments.has(deptId)) fail("department_id is invalid");
      bl.departmentId = deptId;
    }
    bl.title = s(b, "title", 200, 1) ?? bl.title;
    bl.memo = s(b, "memo", 450) ?? bl.memo;
    bl.payment_condition = s(b, "payment_condition", 250) ?? bl.payment_condition;
    bl.billing_date = d(b, "billing_date") ?? bl.billing_date;
    bl.due_date = d(b, "due_date") ?? bl.due_date;
    bl.sales_date = d(b, "sales_date") ?? bl.sales_date;
    bl.billing_number = s(b, "billing_number", 30) ?? bl.billing_number;
    bl.note = s(b, "note", 2000) ?? bl.note;
    bl.document_name = s(b, "document_name", 25) ?? bl.document_name;
    if (Array.isArray(b.tag_names)) bl.tag_names = b.tag_names.map(String);
    bl.updatedAt = Date.now();
    return { status: 200, json: billingView(state, bl) };
  });
  router.delete(`${V}/billings/:id`, (req) => {
    auth(req);
    const bl = billingOr404(req.params.id);
    state.billings.delete(bl.id);
    return { status: 204 };
  });
  router.get(`${V}/billings/:id/items`, (req) => {
    auth(req);
    const bl = billingOr404(req.params.id);
    const { page: pg, perPage } = paging(req, 100);
    const out = page(bl.items, pg, perPage);
    return { status: 200, json: { data: out.data.map(billingItemView), pagination: out.pagination } };
  });
  router.post(`${V}/billings/:id/items`, (req) => {
    auth(req);
    const bl = billingOr404(req.params.id);
    const item = buildBillingItem(state, body(req));
    bl.items.push(item);
    bl.updatedAt = Date.now();
    return { status: 201, json: billingItemView(item) };
  });
  router.get(`${V}/billings/:id/items/:itemId`, (req) => {
    auth(req);
    const bl = billingOr404(req.params.id);
    return { status: 200, json: billingItemView(bl.items.find((i) => i.id === req.params.itemId) ?? notFound("BillingItem")) };
  });
  router.delete(`${V}/billings/:id/items/:itemId`, (req) => {
    auth(req);
    const bl = billingOr404(req.params.id);
    const idx = bl.items.findIndex((i) => i.id === req.params.itemId);
    if (idx < 0) notFound("BillingItem");
    bl.items.splice(idx, 1);
    bl.updatedAt = Date.now();
    return { status: 204 };
  });
  router.put(`${V}/billings/:id/payment_status`, (req) => {
    auth(req);
    const bl = billingOr404(req.params.id);
    const b = body(req);
    const code = b.payment_status;
    const status = typeof code === "string" ? PAYMENT_STATUS_BY_CODE[code] : undefined;
    if (!status) fail('payment_status must be one of "0", "1", "2"');
    bl.payment_status = status;
    bl.updatedAt = Date.now();
    return { status: 200, json: billingView(state, bl) };
  });
}
