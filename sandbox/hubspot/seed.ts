/**
 * Deterministic HubSpot seed: owners, products, companies (from core's generateCompanies), deals across the last
 * 12 months in every stage of both pipelines, line items at 10 % and 8 % tax, deal↔company and deal↔line item
 * associations, and a few follow-up tasks. Same seed (and same JST day, since dates are relative to the start of
 * "today" in JST, or to `anchor` when given) → identical data, ids included.
 *
 * Bulk inserts bypass validation and emit no webhooks (a seed is not a user action). 1,000 deals take well under
 * a second; 100,000 deals with ~300,000 line items take a few seconds and a few hundred MB.
 *
 * Tax: line items carry `hs_tax_rate_group_id` (documented) = "1001" (10 %) or "1002" (8 % 軽減税率, food and
 * drink products), and the emulator-maintained `hs_tax_rate` / `hs_tax_amount` (see schema.ts).
 * Companies carry a custom property `corporate_number` (法人番号, created by the seed like a portal admin would)
 * for ~70 % of the generated companies that have one.
 */
import { createRng, generateCompanies, jstDayStart, type Rng } from "../core";
import { TAX_RATE_GROUPS, type ObjectTypeName, type PropertyDef } from "./schema";
import type { HubSpotStore, HsRecord, Owner } from "./store";

export type HubSpotSeedOptions = { seed: number; companies?: number; deals?: number; anchor?: string };

const OWNER_NAMES: [string, string, string][] = [
  ["山田", "太郎", "yamada.taro"], ["佐藤", "花子", "sato.hanako"], ["鈴木", "一郎", "suzuki.ichiro"], ["高橋", "美咲", "takahashi.misaki"],
  ["田中", "健太", "tanaka.kenta"], ["伊藤", "さくら", "ito.sakura"], ["渡辺", "翔", "watanabe.sho"], ["中村", "結衣", "nakamura.yui"],
];

type ProductSeed = [name: string, price: number, sku: string, taxGroup: keyof typeof TAX_RATE_GROUPS, type: string];
const PRODUCTS: ProductSeed[] = [
  ["クラウド会計連携 導入支援", 300_000, "SVC-ONBOARD", "1001", "service"],
  ["月額保守サポート（スタンダード）", 50_000, "SUB-STD", "1001", "service"],
  ["月額保守サポート（プレミアム）", 120_000, "SUB-PRM", "1001", "service"],
  ["業務システム開発（人月）", 900_000, "DEV-MM", "1001", "service"],
  ["コンサルティング（時間）", 20_000, "CNS-HR", "1001", "service"],
  ["ノートPC（業務用）", 148_000, "HW-NPC", "1001", "inventory"],
  ["27インチモニター", 42_800, "HW-MON27", "1001", "inventory"],
  ["複合機リース（月額）", 18_000, "LS-MFP", "1001", "service"],
  ["研修パッケージ（1日）", 250_000, "TRN-1D", "1001", "service"],
  ["ライセンス（年額・10ユーザー）", 360_000, "LIC-10Y", "1001", "non_inventory"],
  ["セキュリティ診断", 480_000, "SEC-AUD", "1001", "service"],
  ["データ移行作業", 150_000, "SVC-MIG", "1001", "service"],
  // Food and drink (飲食料品) → 8 % reduced rate.
  ["会議用弁当（10食）", 12_000, "FD-BENTO10", "1002", "inventory"],
  ["ミネラルウォーター 2L×6本", 1_280, "FD-WATER6", "1002", "inventory"],
  ["お茶・菓子詰合せ", 5_400, "FD-GIFT", "1002", "inventory"],
  ["コーヒー豆 1kg", 3_800, "FD-COFFEE", "1002", "inventory"],
];

const DAY = 86_400_000;

function insert(store: HubSpotStore, type: ObjectTypeName, props: Record<string, string>, createdAt: number, updatedAt: number): HsRecord {
  const ts = store.types[type];
  const n = ts.nextN++;
  const id = String(n);
  props.hs_object_id = id;
  const c = new Date(createdAt).toISOString();
  props.createdate = c;
  props.hs_createdate = c;
  props.hs_lastmodifieddate = new Date(updatedAt).toISOString();
  const rec: HsRecord = { id, n, type, props, createdAt, updatedAt, archived: false, archivedAt: null, v: 0 };
  ts.byId.set(id, rec);
  ts.order.push(rec);
  ts.live++;
  ts.version++;
  return rec;
}

type StageLike = { id: string; metadata: Record<string, string> };
type StageGroups = { open: StageLike[]; closed: StageLike[]; won: StageLike[]; lost: StageLike[] };
const stageGroupCache = new WeakMap<StageLike[], StageGroups>();

function stageGroups(stages: StageLike[]): StageGroups {
  let g = stageGroupCache.get(stages);
  if (!g) {
    const closed = stages.filter((s) => s.metadata.isClosed === "true");
    g = {
      open: stages.filter((s) => s.metadata.isClosed !== "true"),
      closed,
      won: closed.filter((s) => s.metadata.probability === "1.0"),
      lost: closed.filter((s) => s.metadata.probability === "0.0"),
    };
    stageGroupCache.set(stages, g);
  }
  return g;
}

function pickStage(rng: Rng, stages: StageLike[], createdAt: number, anchor: number): StageLike {
  // Older deals are more likely closed; recent ones spread across open stages.
  const ageDays = (anchor - createdAt) / DAY;
  const closedChance = Math.min(0.85, 0.2 + ageDays / 400);
  const { open, closed, won, lost } = stageGroups(stages);
  if (rng.chance(closedChance) || open.length === 0) {
    return rng.chance(0.7) && won.length ? rng.pick(won) : rng.pick(lost.length ? lost : closed);
  }
  return rng.pick(open);
}

export function seedHubSpot(store: HubSpotStore, opts: HubSpotSeedOptions): Record<string, number> {
  const companyCount = opts.companies ?? 200;
  const dealCount = opts.deals ?? 1000;
  const anchor = opts.anchor ? Date.parse(opts.anchor) : jstDayStart(Date.now());
  const root = createRng(opts.seed);
  const listeners = store.listeners;
  store.listeners = []; // no webhooks for seed data
  try {
    store.reset();

    // Owners
    const orng = root.fork("owners");
    const ownerCount = orng.int(5, 8);
    const owners: Owner[] = OWNER_NAMES.slice(0, ownerCount).map(([last, first, local], i) => ({
      id: String(75_100_001 + i), email: `${local}@kakehashi-demo.example`, firstName: first, lastName: last,
      userId: 7_000_001 + i, userIdIncludingInactive: 7_000_001 + i, type: "PERSON", createdAt: "2024-04-01T00:00:00.000Z",
      updatedAt: "2024-04-01T00:00:00.000Z", archived: false, teams: [{ id: "9001", name: i < 3 ? "東日本営業部" : "西日本営業部", primary: true }],
    }));
    store.owners = owners;
    store.syncOwnerOptions();

    // Custom company property for 法人番号 (a portal admin would create it; the app may rely on it for matching).
    const now = new Date(anchor).toISOString();
    const corp: PropertyDef = {
      name: "corporate_number", label: "法人番号", type: "string", fieldType: "text", groupName: "companyinformation",
      description: "13桁の法人番号", displayOrder: 100, hasUniqueValue: false, hidden: false, formField: true, hubspotDefined: false,
      calculated: false, readOnly: false, options: [], createdAt: now, updatedAt: now, archived: false,
    };
    store.types.companies.props.set(corp.name, corp);

    // Products
    const prng = root.fork("products");
    const productCount = Math.min(PRODUCTS.length, prng.int(12, PRODUCTS.length));
    const products = PRODUCTS.slice(0, productCount).map(([name, price, sku, tax, ptype]) => {
      const created = anchor - 400 * DAY + prng.int(0, 30) * DAY;
      return insert(store, "products", {
        name, price: String(price), hs_sku: sku, hs_tax_rate_group_id: tax, hs_product_type: ptype,
        description: `${name}（サンドボックス商品）`, hs_cost_of_goods_sold: String(Math.round(price * 0.6)),
      }, created, created);
    });
    const standardProducts = products.filter((p) => p.props.hs_tax_rate_group_id === "1001");
    const foodProducts = products.filter((p) => p.props.hs_tax_rate_group_id === "1002");

    // Companies
    const crng = root.fork("companies-hubspot");
    const companies = generateCompanies(opts.seed, companyCount).map((c) => {
      const created = anchor - crng.int(30, 720) * DAY - crng.int(0, DAY - 1);
      const updated = Math.min(anchor - 1, created + crng.int(0, 200) * DAY);
      const props: Record<string, string> = {
        name: c.name, domain: c.domain, website: `https://www.${c.domain}`, phone: c.phone, address: c.address,
        city: c.city, state: c.prefecture, country: "Japan", industry: c.industry,
        hubspot_owner_id: crng.pick(owners).id,
      };
      if (c.corporateNumber && crng.chance(0.7)) props.corporate_number = c.corporateNumber;
      return insert(store, "companies", props, created, updated);
    });

    // Deals + line items
    const drng = root.fork("deals");
    const pipelines = [...store.pipelines.values()];
    const salesPipeline = pipelines[0]!;
    const customPipeline = pipelines[1] ?? salesPipeline;
    let lineItems = 0;
    let tasks = 0;
    for (let i = 0; i < dealCount; i++) {
      const company = companies.length ? companies[drng.int(0, companies.length - 1)] : undefined;
      const pipeline = drng.chance(0.8) ? salesPipeline : customPipeline;
      const createdAt = anchor - drng.int(1, 365) * DAY + drng.int(0, DAY - 1);
      const stage = pickStage(drng, pipeline.stages, createdAt, anchor);
      const usd = drng.chance(0.05);
      const owner = drng.pick(owners);
      // Walk the pipeline up to the current stage, spacing the entries between creation and now.
      const openPath = stageGroups(pipeline.stages).open;
      const path = stage.metadata.isClosed === "true" ? [...openPath.slice(0, drng.int(1, openPath.length)), stage] : openPath.slice(0, openPath.indexOf(stage) + 1);
      const span = Math.max(DAY, anchor - 1 - createdAt);
      let t = createdAt;
      const props: Record<string, string> = {};
      for (let s = 0; s < path.length; s++) {
        const st = path[s]!;
        if (s > 0) t = Math.min(anchor - 1, t + Math.floor((span / path.length) * drng.next()));
        const iso = new Date(t).toISOString();
        props[`hs_date_entered_${st.id}`] = iso;
        props[`hs_v2_date_entered_${st.id}`] = iso;
        if (s > 0) {
          props[`hs_date_exited_${path[s - 1]!.id}`] = iso;
          props[`hs_v2_date_exited_${path[s - 1]!.id}`] = iso;
        }
      }
      const updatedAt = Math.min(anchor - 1, t + drng.int(0, 3 * DAY));
      const closed = stage.metadata.isClosed === "true";
      const closedate = closed ? t : anchor + drng.int(7, 120) * DAY;
      // Line items first, so the deal amount is their sum.
      const nItems = drng.weighted<number>([[1, 16], [2, 22], [3, 24], [4, 20], [5, 18]]); // mean ≈ 3 (100k deals → ~300k line items)
      const items: HsRecord[] = [];
      let amount = 0;
      for (let k = 0; k < nItems; k++) {
        const product = foodProducts.length && drng.chance(0.15) ? drng.pick(foodProducts) : drng.pick(standardProducts.length ? standardProducts : products);
        const qty = product.props.hs_product_type === "service" ? drng.int(1, 3) : drng.int(1, 20);
        let price = Number(product.props.price);
        if (usd) price = Math.max(1, Math.round(price / 150));
        const net = qty * price;
        const group = product.props.hs_tax_rate_group_id as string;
        const rate = TAX_RATE_GROUPS[group]?.rate ?? 10;
        amount += net;
        const li = insert(store, "line_items", {
          name: product.props.name as string, hs_product_id: product.id, hs_sku: product.props.hs_sku as string,
          quantity: String(qty), price: String(price), amount: String(net), hs_tax_rate_group_id: group,
          hs_tax_rate: String(rate), hs_tax_amount: String(Math.floor((net * rate) / 100)),
          currency: usd ? "USD" : "JPY", hs_line_item_currency_code: usd ? "USD" : "JPY",
        }, createdAt, createdAt);
        items.push(li);
        lineItems++;
      }
      const prob = stage.metadata.probability ?? "0";
      Object.assign(props, {
        dealname: `${company ? company.props.name : "新規顧客"} ${items[0]?.props.name ?? "案件"}`,
        amount: String(amount), closedate: new Date(closedate).toISOString(), pipeline: pipeline.id, dealstage: stage.id,
        hubspot_owner_id: owner.id, deal_currency_code: usd ? "USD" : "JPY", dealtype: drng.chance(0.6) ? "newbusiness" : "existingbusiness",
        hs_deal_stage_probability: prob, hs_is_closed: String(closed), hs_is_closed_won: String(Number(prob) === 1 && closed),
        hs_closed_amount: Number(prob) === 1 && closed ? String(amount) : "0",
      });
      const deal = insert(store, "deals", props, createdAt, updatedAt);
      if (company) {
        store.addEdge("deals", deal.id, "companies", company.id, 341);
        store.addEdge("companies", company.id, "deals", deal.id, 342);
        store.addEdge("deals", deal.id, "companies", company.id, 5);
        store.addEdge("companies", company.id, "deals", deal.id, 6);
      }
      for (const li of items) {
        store.addEdge("deals", deal.id, "line_items", li.id, 19);
        store.addEdge("line_items", li.id, "deals", deal.id, 20);
      }
      if (drng.chance(0.05)) {
        const due = closed ? closedate + 30 * DAY : closedate;
        const task = insert(store, "tasks", {
          hs_timestamp: new Date(due).toISOString(), hs_task_subject: `フォローアップ: ${props.dealname}`,
          hs_task_status: drng.chance(0.5) ? "NOT_STARTED" : "COMPLETED", hs_task_priority: drng.pick(["LOW", "MEDIUM", "HIGH"]),
          hs_task_type: "TODO", hubspot_owner_id: owner.id,
        }, updatedAt, updatedAt);
        store.addEdge("tasks", task.id, "deals", deal.id, 216);
        store.addEdge("deals", deal.id, "tasks", task.id, 215);
        tasks++;
      }
    }
    return { owners: owners.length, products: products.length, companies: companies.length, deals: dealCount, line_items: lineItems, tasks };
  } finally {
    store.listeners = listeners;
  }
}
