/**
 * HubSpot emulator throughput (`npm run bench:sandbox`): the emulator runs unthrottled in a child process (so the
 * load generator does not share its event loop), seeded with 200 companies / 5,000 deals; a few concurrent clients
 * fire `POST /crm/v3/objects/deals/batch/read` with 100 ids each for a few seconds. Prints requests/s and p50/p95
 * latency as measured, and exits 1 when below the target (≥ 500 req/s, issue #3).
 *
 * Options (env): BENCH_SECONDS (default 5), BENCH_CLIENTS (default 8), BENCH_DEALS (default 5000).
 */
import { fork } from "node:child_process";
import http from "node:http";
import path from "node:path";

const TARGET_RPS = 500;

async function serve(): Promise<void> {
  const { startHubSpotEmulator } = await import("../sandbox/hubspot");
  const deals = Number(process.env.BENCH_DEALS ?? 5000);
  const hs = await startHubSpotEmulator({ port: 0, seed: { seed: 42, companies: 200, deals }, rateLimits: false, webhookUrl: null });
  process.send?.({ url: hs.url });
  // The parent asks for our CPU time around the measured window: server CPU per request is the load-independent figure.
  process.on("message", (m) => {
    if (m === "cpu") process.send?.({ cpu: process.cpuUsage() });
  });
  process.on("disconnect", () => {
    void hs.stop().then(() => process.exit(0));
  });
}

/** Minimal keep-alive POST (node:http, not fetch: the load generator must cost far less CPU than the server). */
function post(agent: http.Agent, url: URL, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { ...headers, "content-length": Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

function cpuOf(child: ReturnType<typeof fork>): Promise<NodeJS.CpuUsage> {
  return new Promise((resolve) => {
    const onMessage = (m: unknown) => {
      if (m && typeof m === "object" && "cpu" in m) {
        child.off("message", onMessage);
        resolve((m as { cpu: NodeJS.CpuUsage }).cpu);
      }
    };
    child.on("message", onMessage);
    child.send("cpu");
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const loadAtStart = (await import("node:os")).loadavg().map((l) => l.toFixed(2)).join(" ");
  const clients = Number(process.env.BENCH_CLIENTS ?? 8);
  const child = fork(path.resolve(__dirname, "sandbox.bench.ts"), ["--serve"], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("message", (m) => resolve((m as { url: string }).url));
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  const headers = { authorization: "Bearer pat-sandbox-0000", "content-type": "application/json" };
  const ids: string[] = [];
  for (let after: string | undefined; ;) {
    const r = (await (await fetch(`${url}/crm/v3/objects/deals?limit=100${after ? `&after=${after}` : ""}`, { headers })).json()) as { results: { id: string }[]; paging?: { next?: { after: string } } };
    ids.push(...r.results.map((d) => d.id));
    after = r.paging?.next?.after;
    if (!after) break;
  }
  const properties = ["dealname", "amount", "closedate", "dealstage", "pipeline", "hubspot_owner_id", "deal_currency_code", "hs_lastmodifieddate"];
  const bodyFor = (k: number) => JSON.stringify({ inputs: Array.from({ length: 100 }, (_, i) => ({ id: ids[(k * 100 + i) % ids.length] })), properties, propertiesWithHistory: [] });
  const bodies = Array.from({ length: 50 }, (_, k) => bodyFor(k));

  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const target = new URL(`${url}/crm/v3/objects/deals/batch/read`);
  // Warm-up (JIT, keep-alive sockets).
  for (let i = 0; i < 3; i++) await Promise.all(Array.from({ length: clients }, (_, c) => post(agent, target, headers, bodies[c % bodies.length] as string)));

  const latencies: number[] = [];
  let errors = 0;
  const cpuBefore = await cpuOf(child);
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      let k = c;
      while (performance.now() < deadline) {
        const t = performance.now();
        const res = await post(agent, target, headers, bodies[k++ % bodies.length] as string);
        latencies.push(performance.now() - t);
        if (res.status !== 200) errors++;
        // Parse a sample only: JSON.parse of a 40 KB body would make the load generator the bottleneck.
        if (latencies.length % 20 === 0) {
          const n = (JSON.parse(res.text) as { results?: unknown[] }).results?.length ?? 0;
          if (n !== 100) errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = await cpuOf(child);
  child.disconnect();
  agent.destroy();
  const serverCpuMs = (cpuAfter.user - cpuBefore.user + cpuAfter.system - cpuBefore.system) / 1000;
  latencies.sort((a, b) => a - b);
  const rps = latencies.length / elapsed;
  console.log(`HubSpot emulator batch read (100 deals/request, ${clients} clients, ${seconds} s, ${ids.length} deals seeded)`);
  console.log(`  requests: ${latencies.length}  errors: ${errors}`);
  console.log(`  throughput: ${rps.toFixed(0)} req/s (${(rps * 100).toFixed(0)} records/s)`);
  console.log(`  latency: p50 ${percentile(latencies, 50).toFixed(1)} ms  p95 ${percentile(latencies, 95).toFixed(1)} ms  max ${latencies[latencies.length - 1]?.toFixed(1)} ms`);
  console.log(`  server CPU: ${(serverCpuMs / latencies.length).toFixed(2)} ms per request → ${(latencies.length / (serverCpuMs / 1000)).toFixed(0)} req/s per fully used core`);
  console.log(`  machine load average at start: ${loadAtStart}`);
  console.log(`  target: ≥ ${TARGET_RPS} req/s → ${rps >= TARGET_RPS && errors === 0 ? "PASS" : "FAIL"}`);
  process.exitCode = rps >= TARGET_RPS && errors === 0 ? 0 : 1;
}

if (process.argv.includes("--serve")) void serve();
else
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
