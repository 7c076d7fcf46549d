/**
 * The e2e stack: a fresh database (throwaway embedded cluster, or a new database on DATABASE_URL's server),
 * migrations, demo users, the sandbox on its own ports (so a running demo is not disturbed), the worker and the
 * built app. Writes e2e/.state.json for specs that need to look at the database or drive the sandbox.
 */
import { existsSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb } from "../db/client";
import { seedDemoUsers } from "../lib/demo/seed-demo-users";
import { startSandbox } from "../sandbox";
import { startChild, stopChildren, type Child } from "../scripts/proc";
import { createThrowawayDatabase } from "../test/throwaway-database";

const port = Number(process.env.E2E_PORT ?? 3100);
const ports = { hubspot: 4201, freee: 4202, mf: 4203 };
const log = (m: string) => process.stderr.write(`[e2e-serve] ${m}\n`);

async function main(): Promise<void> {
  const database = await createThrowawayDatabase("e2e");
  const { url: databaseUrl, name, tempRoot } = database;

  const appUrl = `http://127.0.0.1:${port}`;
  const sandbox = await startSandbox({
    hubspotPort: ports.hubspot,
    freeePort: ports.freee,
    mfPort: ports.mf,
    seed: { seed: 42 },
    hubspotWebhookUrl: `${appUrl}/api/webhooks/hubspot`,
  });
  // The demo steps below run in this process: point them at the same sandbox ports and secrets as the app.
  Object.assign(process.env, {
    KAKEHASHI_TARGET: "sandbox",
    KAKEHASHI_DATA_DIR: tempRoot ?? path.join(os.tmpdir(), "kakehashi-e2e-secrets"),
    SANDBOX_HUBSPOT_PORT: String(ports.hubspot),
    SANDBOX_FREEE_PORT: String(ports.freee),
    SANDBOX_MF_PORT: String(ports.mf),
    APP_BASE_URL: appUrl,
  });
  const { db, close } = createDb(databaseUrl, { max: 2 });
  const owners = (await (await fetch(`${sandbox.hubspot.url}/crm/v3/owners?limit=1`, { headers: { authorization: "Bearer pat-sandbox-0000" } })).json()) as { results?: { id: string }[] };
  await seedDemoUsers(db, { salesOwnerId: owners.results?.[0]?.id ?? null });
  const prepare = path.resolve("lib/demo/prepare-demo.ts");
  if (existsSync(prepare)) {
    const { prepareDemo } = (await import(prepare)) as { prepareDemo: (db: unknown, log: (m: string) => void) => Promise<void> };
    await prepareDemo(db, log);
  }
  await close();

  writeFileSync(
    path.resolve("e2e/.state.json"),
    JSON.stringify({ databaseUrl, appUrl, sandbox: { hubspot: sandbox.hubspot.url, freee: sandbox.freee.url, mf: sandbox.mf.url } }, null, 2),
  );

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_OPTIONS: "",
    DATABASE_URL: databaseUrl,
    KAKEHASHI_TARGET: "sandbox",
    KAKEHASHI_DATA_DIR: tempRoot ?? path.join(os.tmpdir(), "kakehashi-e2e-secrets"),
    SANDBOX_HUBSPOT_PORT: String(ports.hubspot),
    SANDBOX_FREEE_PORT: String(ports.freee),
    SANDBOX_MF_PORT: String(ports.mf),
    APP_BASE_URL: appUrl,
  };
  if (!existsSync(".next/BUILD_ID")) throw new Error("No build found: run `npx next build` first (npm test does).");
  const children: Child[] = [
    startChild("worker", process.execPath, ["--conditions=react-server", "--import", "tsx", "lib/jobs/worker.ts"], env),
    startChild("app", process.execPath, [require.resolve("next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], env),
  ];
  log(`database ${name}; sandbox ${ports.hubspot}/${ports.freee}/${ports.mf}; app ${appUrl}`);

  const shutdown = async () => {
    await stopChildren(children);
    await sandbox.stop();
    await database.drop();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown());
  process.on("SIGINT", () => void shutdown());
}

main().catch((error: unknown) => {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
