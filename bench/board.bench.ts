/**
 * Board benchmark (`npm run bench:board`): seeds 100,000 deals into a fresh database (a new database on DATABASE_URL's
 * server, else the embedded Postgres), then measures the board data endpoint's server time in-process (the same
 * service the route handler calls, many iterations with varied filters and viewers) and, when BOARD_BENCH_APP_URL
 * points at a running app signed in as BOARD_BENCH_EMAIL / BOARD_BENCH_PASSWORD, the page's largest contentful paint
 * in headless Chromium. Prints the figures and the machine; exits 1 when a target is missed.
 * BOARD_BENCH_REUSE_URL=<url> reuses an already seeded database (for repeated runs).
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { createDb } from "@/db/client";
import { startLocalPostgres, type LocalPostgres } from "@/db/embedded";
import { runMigrations } from "@/db/migrate";
import { parseBoardFilters } from "@/lib/board/board-filters";
import { getBoard, getColumnPage, type BoardViewer } from "@/lib/board/get-board";
import { todayJst } from "@/lib/format";
import { seedBoard } from "./board-seed";

const DEALS = Number(process.env.BOARD_BENCH_DEALS ?? 100_000);
const ITERATIONS = Number(process.env.BOARD_BENCH_ITERATIONS ?? 200);
const P95_TARGET_MS = 150;
const LCP_TARGET_MS = 1500;

const cpus = os.cpus();
console.log(`machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? "unknown CPU"}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, node ${process.version}, ${os.platform()} ${os.arch()}, load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function prepareDatabase(): Promise<{ url: string; cleanup: () => Promise<void> }> {
  if (process.env.BOARD_BENCH_REUSE_URL) return { url: process.env.BOARD_BENCH_REUSE_URL, cleanup: async () => {} };
  let local: LocalPostgres | null = null;
  let tempRoot: string | null = null;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    tempRoot = mkdtempSync(path.join(os.tmpdir(), "kakehashi-bench-board-"));
    local = await startLocalPostgres({ root: tempRoot, persistent: false, database: "postgres", log: () => {} });
    adminUrl = local.url;
  }
  const name = `kakehashi_bench_board_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await runMigrations(url.toString());
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  const started = performance.now();
  await seedBoard(sql, { deals: DEALS, today: todayJst() });
  await sql.end();
  console.log(`seeded ${DEALS.toLocaleString("en")} deals into ${name} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return {
    url: url.toString(),
    cleanup: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
      await admin.end({ timeout: 5 });
      if (local) await local.stop();
      if (tempRoot) rmSync(tempRoot, { recursive: true, force: true });
    },
  };
}

async function measureServer(url: string): Promise<{ p50: number; p95: number; max: number; n: number }> {
  const { db, close } = createDb(url, { max: 4 });
  const executive: BoardViewer = { roles: ["executive"], hubspotOwnerId: null };
  const sales: BoardViewer = { roles: ["sales"], hubspotOwnerId: "9003" };
  const variants: { viewer: BoardViewer; query: Record<string, string> }[] = [
    { viewer: executive, query: {} },
    { viewer: executive, query: { period: "last_90_days" } },
    { viewer: executive, query: { period: "this_year", owner: "9007" } },
    { viewer: executive, query: { pipeline: "12345" } },
    { viewer: executive, query: { min: "1000000", max: "3000000" } },
    { viewer: executive, query: { q: "ベンチ商事42" } },
    { viewer: executive, query: { q: "INV-00123" } },
    { viewer: executive, query: { target: "freee", period: "last_month" } },
    { viewer: sales, query: {} },
    { viewer: executive, query: { mine: "1" } },
  ];
  for (const v of variants) await getBoard(db, v.viewer, parseBoardFilters(v.query)); // warm-up: plans and caches
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const v = variants[i % variants.length]!;
    const started = performance.now();
    await getBoard(db, v.viewer, parseBoardFilters(v.query));
    times.push(performance.now() - started);
  }
  const pageTimes: number[] = [];
  for (let i = 0; i < 40; i++) {
    const started = performance.now();
    await getColumnPage(db, executive, parseBoardFilters({}), (["won", "invoiced", "awaiting", "paid"] as const)[i % 4]!, 50 * (1 + (i % 20)));
    pageTimes.push(performance.now() - started);
  }
  pageTimes.sort((a, b) => a - b);
  console.log(`column page (offset 50–1,000): p50 ${percentile(pageTimes, 50).toFixed(1)} ms, p95 ${percentile(pageTimes, 95).toFixed(1)} ms`);
  const board = await getBoard(db, executive, parseBoardFilters({}));
  console.log(`board (this month): ${Object.values(board.columns).map((c) => `${c.summary.column} ${c.summary.count.toLocaleString("en")} / ¥${c.summary.total.toLocaleString("en")}`).join(", ")}`);
  await close();
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1)!, n: times.length };
}

/** LCP of /board in headless Chromium against a running app (the app brings its own data; sign-in by the API). */
async function measureLcp(): Promise<number | null> {
  const appUrl = process.env.BOARD_BENCH_APP_URL;
  if (!appUrl) {
    console.log("LCP: skipped — set BOARD_BENCH_APP_URL (a running app, e.g. the demo) and BOARD_BENCH_EMAIL / BOARD_BENCH_PASSWORD to measure it");
    return null;
  }
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    console.log(`LCP: skipped — no Chromium at ${executablePath}`);
    return null;
  }
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"] });
  try {
    const context = await browser.newContext({ baseURL: appUrl, locale: "ja-JP", timezoneId: "Asia/Tokyo", viewport: { width: 1440, height: 900 } });
    const csrf = (await (await context.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    await context.request.post("/api/auth/callback/credentials", {
      form: { email: process.env.BOARD_BENCH_EMAIL ?? "exec@demo.kakehashi.jp", password: process.env.BOARD_BENCH_PASSWORD ?? "kakehashi-demo", csrfToken: csrf.csrfToken, callbackUrl: "/" },
      maxRedirects: 0,
    });
    const page = await context.newPage();
    await page.goto("/board"); // warm-up: compiles/caches on the server side
    const lcps: number[] = [];
    for (let i = 0; i < 5; i++) {
      await page.goto("/board", { waitUntil: "load" });
      const lcp = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            let last = 0;
            new PerformanceObserver((list) => {
              for (const entry of list.getEntries()) last = entry.startTime;
            }).observe({ type: "largest-contentful-paint", buffered: true });
            setTimeout(() => resolve(last), 1000);
          }),
      );
      lcps.push(lcp);
    }
    lcps.sort((a, b) => a - b);
    console.log(`LCP /board: median ${lcps[2]!.toFixed(0)} ms, worst ${lcps.at(-1)!.toFixed(0)} ms (5 loads, ${appUrl})`);
    return lcps[2]!;
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const { url, cleanup } = await prepareDatabase();
  let failed = false;
  try {
    const server = await measureServer(url);
    console.log(`board data server time over ${server.n} requests: p50 ${server.p50.toFixed(1)} ms, p95 ${server.p95.toFixed(1)} ms, max ${server.max.toFixed(1)} ms (target p95 ≤ ${P95_TARGET_MS} ms)`);
    if (server.p95 > P95_TARGET_MS) failed = true;
    const lcp = await measureLcp();
    if (lcp !== null && lcp > LCP_TARGET_MS) failed = true;
  } finally {
    await cleanup();
  }
  console.log(failed ? "RESULT: target missed" : "RESULT: targets met");
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
