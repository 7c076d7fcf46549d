/**
 * Cash forecast benchmark (`npm run bench:forecast`): seeds 100,000 deals with bench/board-seed.ts into a fresh
 * database (a new database on DATABASE_URL's server, else a throwaway embedded Postgres), makes the set forecast-shaped
 * (stage probabilities, open deals closing from a month ago to six months ahead, payment rows for the settled
 * invoices, mapping rules with per-company terms), then measures the forecast data service in-process — the function
 * GET /api/forecast calls — over varied filters and horizons. Target: p95 ≤ 300 ms. Prints p50/p95/max, the figures,
 * and each query's plan time with FORECAST_BENCH_EXPLAIN=1; exits 1 when the target is missed.
 * FORECAST_BENCH_REUSE_URL=<url> reuses an already prepared database (nothing is seeded or dropped);
 * FORECAST_BENCH_KEEP=1 keeps the one it seeded (its URL is printed) for EXPLAIN sessions.
 */
import os from "node:os";
import postgres from "postgres";
import { createDb } from "@/db/client";
import { formatYen, todayJst } from "@/lib/format";
import { parseForecastFilters } from "@/lib/forecast/forecast-filters";
import { getCashForecast } from "@/lib/forecast/get-cash-forecast";
import { createThrowawayDatabase } from "../test/throwaway-database";
import { seedBoard } from "./board-seed";

const DEALS = Number(process.env.FORECAST_BENCH_DEALS ?? 100_000);
const ITERATIONS = Number(process.env.FORECAST_BENCH_ITERATIONS ?? 120);
const P95_TARGET_MS = 300;

const cpus = os.cpus();
console.log(`machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? "unknown CPU"}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** What board-seed.ts leaves out and a forecast needs; set-based, a few seconds. */
async function makeForecastShaped(sql: postgres.Sql, today: string): Promise<void> {
  await sql`update hubspot_stages set probability = case id when 'appointmentscheduled' then 0.2 when '1001' then 0.6 when 'closedwon' then 1 when '1002' then 1 else 0 end`;
  // Open deals are not on the board (no trigger work to speak of); spread their close dates over −30…+180 days.
  await sql`update crm_deals d set close_date = ${today}::date - 30 + (abs(hashtext(d.id)) % 211)
    from hubspot_stages s where s.connection_id = d.connection_id and s.pipeline_id = d.pipeline_id and s.id = d.stage_id and s.kind = 'open'`;
  // One payment row per paid invoice; partly paid ones in two instalments, one of them not mirrored (the fallback path).
  await sql`insert into accounting_payments (connection_id, id, invoice_id, paid_on, amount)
    select ai.connection_id, 'pay-' || ai.id, ai.id, ai.last_paid_on, case when ai.payment_status = 'paid' then ai.paid_amount else ai.paid_amount / 2 end
    from accounting_invoices ai where ai.paid_amount > 0 and ai.last_paid_on is not null`;
  const companies = Array.from({ length: 50 }, (_, i) => ({ companyId: `c${i * 97 + 1}`, terms: { closingDay: 20, payMonthOffset: 1, payDay: 10, holidayShift: "next" } }));
  await sql`insert into mapping_rule_versions (version, rules, note) values (1, ${sql.json({ companyPaymentTerms: companies })}, 'bench')`;
  await sql`analyze`;
}

async function prepareDatabase(): Promise<{ url: string; cleanup: () => Promise<void> }> {
  if (process.env.FORECAST_BENCH_REUSE_URL) return { url: process.env.FORECAST_BENCH_REUSE_URL, cleanup: async () => {} };
  const database = await createThrowawayDatabase("bench");
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  const started = performance.now();
  const today = todayJst();
  await seedBoard(sql, { deals: DEALS, today });
  await makeForecastShaped(sql, today);
  await sql.end();
  console.log(`seeded ${DEALS.toLocaleString("en")} deals into ${database.name} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (process.env.FORECAST_BENCH_KEEP === "1") {
    console.log(`kept: FORECAST_BENCH_REUSE_URL=${database.url}`);
    return { url: database.url, cleanup: async () => {} };
  }
  return { url: database.url, cleanup: database.drop };
}

const VARIANTS: Record<string, string>[] = [
  {},
  { view: "week" },
  { ahead: "12", past: "12" },
  { owner: "9007" },
  { pipeline: "12345" },
  { target: "freee" },
  { open: "0" },
  { view: "week", ahead: "26", owner: "9003" },
];

async function explain(url: string): Promise<void> {
  // The service's own queries, captured from the driver and re-run under EXPLAIN ANALYZE.
  const captured: { text: string; params: unknown[] }[] = [];
  const client = postgres(url, { max: 4, onnotice: () => {}, debug: (_c, text, params) => void captured.push({ text, params: params as unknown[] }) });
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const schema = await import("@/db/schema");
  const db = drizzle(client, { schema, casing: "snake_case" });
  await getCashForecast(db, parseForecastFilters({}));
  for (const q of captured.filter((c) => /^\s*(select|with)/i.test(c.text) && /accounting_|board_deals|crm_deals|invoice_drafts/.test(c.text))) {
    const plan = await client.unsafe(`explain (analyze, buffers off, timing off, summary on) ${q.text}`, q.params as never[]);
    const lines = plan.map((r) => String(Object.values(r)[0]));
    const head = q.text.replace(/\s+/g, " ").trim().slice(0, 90);
    console.log(`  ${lines.at(-1)?.trim()} — ${head}…`);
  }
  await client.end();
}

async function main(): Promise<void> {
  const { url, cleanup } = await prepareDatabase();
  try {
    const { db, close } = createDb(url, { max: 10 });
    for (const v of VARIANTS) await getCashForecast(db, parseForecastFilters(v)); // warm-up: plans and caches
    const times: number[] = [];
    const byVariant = new Map<string, number[]>();
    for (let i = 0; i < ITERATIONS; i++) {
      const v = VARIANTS[i % VARIANTS.length]!;
      const started = performance.now();
      await getCashForecast(db, parseForecastFilters(v));
      const ms = performance.now() - started;
      times.push(ms);
      const key = new URLSearchParams(v).toString() || "(default)";
      byVariant.set(key, [...(byVariant.get(key) ?? []), ms]);
    }
    const f = await getCashForecast(db, parseForecastFilters({}));
    await close();
    times.sort((a, b) => a - b);
    const p50 = percentile(times, 50);
    const p95 = percentile(times, 95);
    console.log(`forecast data (getCashForecast, in-process, ${times.length} calls over ${VARIANTS.length} filter sets): p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms (target p95 ≤ ${P95_TARGET_MS} ms)`);
    for (const [key, list] of byVariant) {
      list.sort((a, b) => a - b);
      console.log(`  ${key.padEnd(36)} p50 ${percentile(list, 50).toFixed(1)} ms`);
    }
    console.log(
      `figures (default view): received ${formatYen(f.totals.received)}, invoiced ${formatYen(f.totals.invoiced)}, overdue ${formatYen(f.totals.overdue)}, won ${formatYen(f.totals.won)}, pipeline ${formatYen(f.totals.pipeline)} (unweighted ${formatYen(f.totals.pipelineUnweighted)}); left out: stale won ${f.notes.staleWon.count.toLocaleString("en")}, stale pipeline ${f.notes.stalePipeline.count.toLocaleString("en")}`,
    );
    if (process.env.FORECAST_BENCH_EXPLAIN === "1") {
      console.log("query plans (EXPLAIN ANALYZE, default filters):");
      await explain(url);
    }
    if (p95 > P95_TARGET_MS) {
      console.log(`FAIL: p95 ${p95.toFixed(1)} ms > ${P95_TARGET_MS} ms`);
      process.exitCode = 1;
    }
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
