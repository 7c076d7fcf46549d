/**
 * HubSpot object model of the emulator: object types (names, singular names, type ids), built-in property
 * definitions, default returned properties, and HubSpot-defined association types.
 *
 * Sources: api-hubspot.md §2 (type ids 0-2/0-3/0-7/0-8/0-27, 0-1 contacts), §3 (default search properties),
 * §5 (association type ids), §7 (task properties). Where HubSpot documents nothing (e.g. line-item tax properties),
 * the choice is commented at the definition.
 */

export type ObjectTypeName = "companies" | "deals" | "line_items" | "products" | "tasks" | "contacts";

export type ObjectTypeDef = {
  name: ObjectTypeName;
  singular: string; // as used in association type names and webhook subscription types ("line_item")
  typeId: string;
  /** Base of generated ids, so ids of different types never collide (HubSpot ids are portal-unique numbers). */
  idBase: number;
  defaultProperties: string[];
  /** Properties searched by the search API's free-text `query`. */
  queryProperties: string[];
  /** Webhook object name (`deal.creation`); undefined when HubSpot has no CRM webhooks for the type. */
  webhookObject?: string;
};

export const OBJECT_TYPES: Record<ObjectTypeName, ObjectTypeDef> = {
  contacts: {
    name: "contacts", singular: "contact", typeId: "0-1", idBase: 10_000_000_000,
    defaultProperties: ["firstname", "lastname", "email", "createdate", "lastmodifieddate", "hs_object_id"],
    queryProperties: ["firstname", "lastname", "email"], webhookObject: "contact",
  },
  companies: {
    name: "companies", singular: "company", typeId: "0-2", idBase: 20_000_000_000,
    defaultProperties: ["name", "domain", "createdate", "hs_lastmodifieddate", "hs_object_id"],
    queryProperties: ["name", "domain", "phone", "website"], webhookObject: "company",
  },
  deals: {
    name: "deals", singular: "deal", typeId: "0-3", idBase: 30_000_000_000,
    defaultProperties: ["dealname", "amount", "closedate", "pipeline", "dealstage", "createdate", "hs_lastmodifieddate", "hs_object_id"],
    queryProperties: ["dealname"], webhookObject: "deal",
  },
  products: {
    name: "products", singular: "product", typeId: "0-7", idBase: 50_000_000_000,
    defaultProperties: ["name", "description", "price", "createdate", "hs_lastmodifieddate", "hs_object_id"],
    queryProperties: ["name", "description", "hs_sku"], webhookObject: "product",
  },
  line_items: {
    name: "line_items", singular: "line_item", typeId: "0-8", idBase: 40_000_000_000,
    defaultProperties: ["quantity", "amount", "price", "createdate", "hs_lastmodifieddate", "hs_object_id"],
    queryProperties: ["name", "hs_sku"], webhookObject: "line_item",
  },
  tasks: {
    name: "tasks", singular: "task", typeId: "0-27", idBase: 60_000_000_000,
    defaultProperties: ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"],
    queryProperties: ["hs_task_subject", "hs_task_body"],
  },
};

const ALIASES = new Map<string, ObjectTypeName>();
for (const def of Object.values(OBJECT_TYPES)) {
  ALIASES.set(def.name, def.name);
  ALIASES.set(def.singular, def.name);
  ALIASES.set(def.typeId, def.name);
}
// HubSpot also accepts these spellings in object paths.
ALIASES.set("line_item", "line_items");
ALIASES.set("lineitems", "line_items");
ALIASES.set("task", "tasks");

/** "deals" | "deal" | "0-3" (and other HubSpot spellings, case-insensitive) → canonical name, or null. */
export function resolveObjectType(raw: string): ObjectTypeName | null {
  return ALIASES.get(raw.toLowerCase()) ?? null;
}

export type PropertyType = "string" | "number" | "date" | "datetime" | "enumeration" | "bool" | "phone_number";

export type PropertyOption = { label: string; value: string; displayOrder: number; hidden: boolean; description?: string };

export type PropertyDef = {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: string;
  groupName: string;
  description: string;
  displayOrder: number;
  hasUniqueValue: boolean;
  hidden: boolean;
  formField: boolean;
  hubspotDefined: boolean;
  calculated: boolean;
  /** Maintained by the emulator (createdate, hs_lastmodifieddate, hs_object_id, …): writes are ignored. */
  readOnly: boolean;
  options: PropertyOption[];
  createdAt: string;
  updatedAt: string;
  archived: boolean;
};

export type PropertyGroupDef = { name: string; label: string; displayOrder: number; archived: boolean };

type P = [name: string, label: string, type: PropertyType, fieldType?: string, extra?: Partial<PropertyDef>];

const EPOCH = "2020-01-01T00:00:00.000Z";

function def(groupName: string, [name, label, type, fieldType, extra]: P, i: number): PropertyDef {
  return {
    name, label, type,
    fieldType: fieldType ?? (type === "number" ? "number" : type === "date" || type === "datetime" ? "date" : type === "enumeration" ? "select" : type === "bool" ? "booleancheckbox" : "text"),
    groupName, description: "", displayOrder: i, hasUniqueValue: false, hidden: false, formField: false,
    hubspotDefined: true, calculated: false, readOnly: false, options: [], createdAt: EPOCH, updatedAt: EPOCH, archived: false,
    ...extra,
  };
}

const ro = { readOnly: true } as const;
const opts = (...values: string[]): Partial<PropertyDef> => ({
  options: values.map((v, i) => ({ label: v, value: v, displayOrder: i, hidden: false })),
});

const COMMON: P[] = [
  ["hs_object_id", "Record ID", "number", "number", ro],
  ["createdate", "Create Date", "datetime", "date", ro],
  ["hs_createdate", "Create Date", "datetime", "date", ro],
  ["hs_lastmodifieddate", "Last Modified Date", "datetime", "date", ro],
  ["hubspot_owner_id", "Owner", "enumeration", "select"],
  ["hs_merged_object_ids", "Merged record IDs", "enumeration", "checkbox", ro],
];

const BUILTIN: Record<ObjectTypeName, { group: string; props: P[] }> = {
  contacts: {
    group: "contactinformation",
    props: [["firstname", "First Name", "string"], ["lastname", "Last Name", "string"], ["email", "Email", "string"],
      ["phone", "Phone Number", "string"], ["company", "Company Name", "string"], ["lastmodifieddate", "Last Modified Date", "datetime", "date", ro]],
  },
  companies: {
    group: "companyinformation",
    props: [["name", "Name", "string"], ["domain", "Company Domain Name", "string"], ["website", "Website URL", "string"],
      ["phone", "Phone Number", "string"], ["address", "Street Address", "string"], ["city", "City", "string"],
      ["state", "State/Region", "string"], ["zip", "Postal Code", "string"], ["country", "Country/Region", "string"],
      ["industry", "Industry", "string"], ["description", "Description", "string", "textarea"],
      ["numberofemployees", "Number of Employees", "number"], ["annualrevenue", "Annual Revenue", "number"],
      ["num_associated_deals", "Number of Associated Deals", "number", "number", ro]],
  },
  deals: {
    group: "dealinformation",
    props: [["dealname", "Deal Name", "string"], ["amount", "Amount", "number"], ["closedate", "Close Date", "datetime", "date"],
      ["pipeline", "Pipeline", "enumeration", "select"], ["dealstage", "Deal Stage", "enumeration", "radio"],
      ["dealtype", "Deal Type", "enumeration", "radio", opts("newbusiness", "existingbusiness")],
      ["description", "Deal Description", "string", "textarea"],
      // deal_currency_code: not documented publicly (api-hubspot.md §4); multi-currency portals expose it, so we do.
      ["deal_currency_code", "Currency", "enumeration", "select", opts("JPY", "USD", "EUR")],
      ["hs_deal_stage_probability", "Deal probability", "number", "number", ro],
      ["hs_is_closed", "Is Deal Closed?", "bool", "booleancheckbox", ro],
      ["hs_is_closed_won", "Is Closed Won", "bool", "booleancheckbox", ro],
      ["hs_closed_amount", "Closed Amount", "number", "number", ro],
      ["num_associated_contacts", "Number of Contacts", "number", "number", ro]],
  },
  products: {
    group: "productinformation",
    props: [["name", "Name", "string"], ["description", "Description", "string", "textarea"], ["price", "Unit price", "number"],
      ["hs_sku", "SKU", "string"], ["hs_cost_of_goods_sold", "Unit cost", "number"],
      ["hs_product_type", "Product type", "enumeration", "select", opts("inventory", "non_inventory", "service")],
      ["hs_tax_rate_group_id", "Tax rate", "string"]],
  },
  line_items: {
    group: "lineiteminformation",
    props: [["name", "Name", "string"], ["description", "Description", "string", "textarea"], ["hs_sku", "SKU", "string"],
      ["quantity", "Quantity", "number"], ["price", "Unit price", "number"],
      // amount = quantity × price − discount, maintained by HubSpot (api-hubspot.md §5).
      ["amount", "Net price", "number", "number", ro], ["currency", "Currency", "string"],
      ["hs_product_id", "Product ID", "number"], ["discount", "Unit discount", "number"],
      ["hs_discount_percentage", "Discount percentage", "number"],
      // Tax: `hs_tax_rate_group_id` is the documented property (api-hubspot.md §5). HubSpot documents no readable
      // percentage, so the emulator also maintains `hs_tax_rate` (percent, e.g. "10" / "8", derived from the group)
      // and `hs_tax_amount` (third-party name, §5) so the app can read the rate without the tax-rate library API.
      ["hs_tax_rate_group_id", "Tax rate group", "string"], ["hs_tax_rate", "Tax rate (%)", "number", "number", ro],
      ["hs_tax_amount", "Tax amount", "number", "number", ro], ["hs_line_item_currency_code", "Currency", "string"],
      ["hs_recurring_billing_start_date", "Billing start date", "date"], ["hs_recurring_billing_period", "Term", "string"],
      ["recurringbillingfrequency", "Billing frequency", "enumeration", "select", opts("monthly", "quarterly", "annually")]],
  },
  tasks: {
    group: "task",
    props: [["hs_timestamp", "Due date", "datetime", "date"], ["hs_task_subject", "Task Title", "string"],
      ["hs_task_body", "Task notes", "string", "textarea"],
      ["hs_task_status", "Task Status", "enumeration", "select", opts("NOT_STARTED", "IN_PROGRESS", "WAITING", "COMPLETED", "DEFERRED")],
      ["hs_task_priority", "Priority", "enumeration", "select", opts("NONE", "LOW", "MEDIUM", "HIGH")],
      ["hs_task_type", "Task Type", "enumeration", "select", opts("EMAIL", "CALL", "TODO", "LINKED_IN")],
      ["hs_task_reminders", "Reminder", "string"], ["hs_task_completion_date", "Completion date", "datetime", "date", ro]],
  },
};

export const TAX_RATE_GROUPS: Record<string, { rate: number; label: string }> = {
  // Emulated tax-rate library entries (ids are opaque in HubSpot; these are stable for the sandbox).
  "1001": { rate: 10, label: "消費税 10%" },
  "1002": { rate: 8, label: "消費税 8%（軽減税率）" },
  "1003": { rate: 0, label: "非課税" },
};

export function builtinProperties(type: ObjectTypeName): { groups: PropertyGroupDef[]; props: PropertyDef[] } {
  const b = BUILTIN[type];
  const props = [...COMMON, ...b.props].map((p, i) => def(b.group, p, i));
  const groups: PropertyGroupDef[] = [
    { name: b.group, label: `${OBJECT_TYPES[type].singular} information`, displayOrder: -1, archived: false },
  ];
  return { groups, props };
}

/** Property names the emulator derives per deal stage (api-hubspot.md §4 names both generations). */
export const STAGE_PROPERTY_PREFIXES = ["hs_date_entered_", "hs_v2_date_entered_", "hs_date_exited_", "hs_v2_date_exited_"];

// ---- associations ----------------------------------------------------------------------------------------------

export type AssociationTypeDef = {
  id: number;
  from: ObjectTypeName;
  to: ObjectTypeName;
  inverse: number;
  primary: boolean;
  /** v3 `associations` result type names, e.g. "deal_to_company" / "deal_to_company_unlabeled". */
  v3Name: string;
  label: string | null;
};

const A: [number, ObjectTypeName, ObjectTypeName, number, boolean][] = [
  [341, "deals", "companies", 342, false], [5, "deals", "companies", 6, true],
  [19, "deals", "line_items", 20, false],
  [215, "deals", "tasks", 216, false],
  [191, "companies", "tasks", 192, false],
  [3, "deals", "contacts", 4, false],
  [279, "contacts", "companies", 280, false], [1, "contacts", "companies", 2, true],
  [204, "contacts", "tasks", 203, false],
];

export const ASSOCIATION_TYPES = new Map<number, AssociationTypeDef>();
for (const [id, from, to, inverse, primary] of A) {
  const f = OBJECT_TYPES[from].singular;
  const t = OBJECT_TYPES[to].singular;
  ASSOCIATION_TYPES.set(id, { id, from, to, inverse, primary, v3Name: primary ? `${f}_to_${t}` : `${f}_to_${t}${hasPrimary(from, to) ? "_unlabeled" : ""}`, label: primary ? "Primary" : null });
  ASSOCIATION_TYPES.set(inverse, { id: inverse, from: to, to: from, inverse: id, primary, v3Name: primary ? `${t}_to_${f}` : `${t}_to_${f}${hasPrimary(from, to) ? "_unlabeled" : ""}`, label: primary ? "Primary" : null });
}
function hasPrimary(from: ObjectTypeName, to: ObjectTypeName): boolean {
  return (from === "deals" && to === "companies") || (from === "contacts" && to === "companies");
}

/** The unlabelled (default) association type between two object types, if HubSpot defines one. */
export function defaultAssociationType(from: ObjectTypeName, to: ObjectTypeName): AssociationTypeDef | undefined {
  for (const a of ASSOCIATION_TYPES.values()) if (a.from === from && a.to === to && !a.primary) return a;
  return undefined;
}
