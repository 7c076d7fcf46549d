/**
 * `npm run sandbox`: HubSpot on 4101, freee on 4102, Money Forward on 4103 (env SANDBOX_HUBSPOT_PORT,
 * SANDBOX_FREEE_PORT, SANDBOX_MF_PORT), seeded with `--seed 42` by default (`--seed N`, `--companies N`,
 * `--deals N`, `--no-seed`). SANDBOX_HUBSPOT_WEBHOOK_URL sets HubSpot's webhook target. Logs go to stderr.
 * Stops cleanly on SIGINT / SIGTERM.
 */
import { parseArgs } from "node:util";
import { startSandbox } from "./index";

function port(env: string | undefined, fallback: number): number {
  const n = Number(env);
  return Number.isInteger(n) && n >= 0 && n < 65536 && env !== undefined && env !== "" ? n : fallback;
}

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a non-negative integer, got ${v}`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: "string" },
      companies: { type: "string" },
      deals: { type: "string" },
      "no-seed": { type: "boolean", default: false },
    },
    strict: true,
  });
  const seedNumber = int("seed", values.seed) ?? 42;
  const companies = int("companies", values.companies);
  const deals = int("deals", values.deals);
  const seed = values["no-seed"] ? false : { seed: seedNumber, ...(companies !== undefined ? { companies } : {}), ...(deals !== undefined ? { deals } : {}) };
  const started = performance.now();
  const sandbox = await startSandbox({
    hubspotPort: port(process.env.SANDBOX_HUBSPOT_PORT, 4101),
    freeePort: port(process.env.SANDBOX_FREEE_PORT, 4102),
    mfPort: port(process.env.SANDBOX_MF_PORT, 4103),
    seed,
    ...(process.env.SANDBOX_HUBSPOT_WEBHOOK_URL ? { hubspotWebhookUrl: process.env.SANDBOX_HUBSPOT_WEBHOOK_URL } : {}),
  });
  console.error(`[sandbox] HubSpot        ${sandbox.hubspot.url}`);
  console.error(`[sandbox] freee          ${sandbox.freee.url}`);
  console.error(`[sandbox] Money Forward  ${sandbox.mf.url}`);
  console.error(`[sandbox] ${seed === false ? "not seeded" : `seed ${JSON.stringify(seed)}`}; ready in ${Math.round(performance.now() - started)} ms`);
  if (process.env.SANDBOX_HUBSPOT_WEBHOOK_URL) console.error(`[sandbox] HubSpot webhooks → ${process.env.SANDBOX_HUBSPOT_WEBHOOK_URL}`);
  console.error("[sandbox] control API: /_sandbox/{state,requests,reset,seed,faults,tokens,rate-limits} (see sandbox/README.md)");

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`[sandbox] ${signal}: stopping`);
    sandbox.stop().then(
      () => process.exit(0),
      (err) => {
        console.error("[sandbox] stop failed", err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err) => {
  console.error("[sandbox] failed to start:", err instanceof Error ? err.message : err);
  process.exit(1);
});
