import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Database } from "@/db/client";

/**
 * Demo / e2e preparation, run by `npm run demo` and e2e/serve.ts after migrations and demo users: connect the
 * sandbox HubSpot portal and run the initial sync, then every other step. Robust by design: a step that fails is
 * logged and skipped, never thrown (a sandbox hiccup must not stop the demo from starting).
 *
 * HOOK for other modules: drop a file in `lib/demo/steps/<name>.ts` with `export default async function (db, log)`
 * (a DemoStep). Steps run after the HubSpot step, in file-name order. Or push onto `demoSteps` before calling.
 */
export type DemoLog = (message: string) => void;
export type DemoStep = (db: Database, log: DemoLog) => Promise<void>;
export type PrepareDemoOptions = {
  /** Override the HubSpot API base URL (defaults to env HUBSPOT_API_BASE_URL). e2e passes its sandbox URL. */
  hubspotBaseUrl?: string;
  /** The app's public URL, for the sandbox webhook target (defaults to env APP_BASE_URL). */
  appBaseUrl?: string;
};

let options: PrepareDemoOptions = {};

/** Connect the sandbox HubSpot portal (OAuth tokens from the control API; fallback: the private-app token). */
async function connectHubSpotSandbox(db: Database, log: DemoLog): Promise<void> {
  const { env } = await import("@/lib/env");
  const e = env();
  if (e.KAKEHASHI_TARGET !== "sandbox") {
    log("prepare-demo: not in sandbox mode, HubSpot is connected through settings → connections");
    return;
  }
  const { connectSandboxHubSpot } = await import("@/lib/connections/connect-sandbox");
  const { hubspotClientFor } = await import("@/lib/connections/hubspot-client");
  const { runHubSpotIncrementalSync } = await import("@/lib/sync/incremental-sync");
  const { createLogger } = await import("@/lib/logger");
  const baseUrl = options.hubspotBaseUrl ?? e.HUBSPOT_API_BASE_URL;
  const connection = await connectSandboxHubSpot(db, { baseUrl, appBaseUrl: options.appBaseUrl ?? e.APP_BASE_URL, actor: "system", log });
  const started = performance.now();
  // The seed-42 portal (200 companies, 1,000 deals) syncs in a few seconds; cap it so a stuck sandbox cannot hang the demo.
  const client = hubspotClientFor(db, connection, { baseUrl, signal: AbortSignal.timeout(120_000) });
  const result = await runHubSpotIncrementalSync({ db, client, connection, log: createLogger({ component: "prepare-demo" }) });
  const records = result.reduce((n, r) => n + r.records, 0);
  log(`prepare-demo: HubSpot synced ${records} records in ${Math.round(performance.now() - started)} ms (${result.map((r) => `${r.object} ${r.records}`).join(", ")})`);
}

export const demoSteps: DemoStep[] = [connectHubSpotSandbox];

async function discoveredSteps(log: DemoLog): Promise<DemoStep[]> {
  const dir = path.resolve(process.cwd(), "lib/demo/steps");
  if (!existsSync(dir)) return [];
  const steps: DemoStep[] = [];
  for (const file of readdirSync(dir).filter((f) => /\.ts$/.test(f) && !/\.test\.ts$/.test(f)).sort()) {
    try {
      const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { default?: DemoStep };
      if (typeof mod.default === "function") steps.push(mod.default);
    } catch (error) {
      log(`prepare-demo: could not load step ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return steps;
}

export async function prepareDemo(db: Database, log: DemoLog, opts: PrepareDemoOptions = {}): Promise<void> {
  options = opts;
  for (const step of [...demoSteps, ...(await discoveredSteps(log))]) {
    try {
      await step(db, log);
    } catch (error) {
      log(`prepare-demo: step ${step.name || "(anonymous)"} failed, continuing: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
