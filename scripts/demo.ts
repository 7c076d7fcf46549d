/**
 * `npm run demo` — the whole product on its embedded defaults: Postgres (embedded under .data/ unless
 * DATABASE_URL is set), migrations, the sandbox emulators seeded with Japanese demo data, the demo users, the
 * worker and the app at http://localhost:3000. `npm run dev` does the same with `next dev`.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { resolveDatabaseUrl, stopLocalDatabase } from "@/db/connection-url";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoUsers } from "@/lib/demo/seed-demo-users";
import { startChild, stopChildren, waitForHttp, type Child } from "./proc";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const hubspotPort = Number(process.env.SANDBOX_HUBSPOT_PORT ?? 4101);
const log = (message: string) => process.stderr.write(`[demo] ${message}\n`);

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const stat = statSync(full);
    newest = Math.max(newest, stat.isDirectory() ? newestMtime(full) : stat.mtimeMs);
  }
  return newest;
}

function buildIsStale(): boolean {
  const buildId = path.join(".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return ["app", "components", "lib", "db"].some((dir) => newestMtime(dir) > built) || statSync("package-lock.json").mtimeMs > built;
}

async function firstSandboxOwnerId(): Promise<string | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${hubspotPort}/crm/v3/owners?limit=1`, { headers: { authorization: "Bearer pat-sandbox-0000" } });
    if (!response.ok) return null;
    const body = (await response.json()) as { results?: { id: string }[] };
    return body.results?.[0]?.id ?? null;
  } catch {
    return null;
  }
}

const children: Child[] = [];

async function assertPortsFree(ports: number[]): Promise<void> {
  const { findFreePort } = await import("@/db/embedded");
  for (const p of ports) {
    if ((await findFreePort(p)) !== p) {
      throw new Error(`port ${p} is already in use — is another demo or sandbox running? Stop it (or set PORT / SANDBOX_*_PORT) and retry.`);
    }
  }
}

async function main(): Promise<void> {
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("stopping…");
    await stopChildren(children);
    await stopLocalDatabase();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  await assertPortsFree([port, hubspotPort, Number(process.env.SANDBOX_FREEE_PORT ?? 4102), Number(process.env.SANDBOX_MF_PORT ?? 4103)]);
  const url = await resolveDatabaseUrl();
  await runMigrations(url);
  log("database ready");

  // Children get the resolved database and point every provider at the sandbox. NODE_OPTIONS is scrubbed so
  // the react-server condition of this launcher does not leak into Next.
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, KAKEHASHI_TARGET: "sandbox", NODE_OPTIONS: "" };
  const appUrl = `http://127.0.0.1:${port}`;
  children.push(
    startChild("sandbox", process.execPath, ["--import", "tsx", "sandbox/main.ts", "--seed", process.env.SANDBOX_SEED ?? "42"], {
      ...env,
      SANDBOX_HUBSPOT_WEBHOOK_URL: process.env.SANDBOX_HUBSPOT_WEBHOOK_URL ?? `${appUrl}/api/webhooks/hubspot`,
    }),
  );
  await waitForHttp(`http://127.0.0.1:${hubspotPort}/_sandbox/state`, 60_000);
  log("sandbox ready");

  const { db, close } = createDb(url, { max: 2 });
  await seedDemoUsers(db, { salesOwnerId: await firstSandboxOwnerId() });
  const prepare = path.resolve("lib/demo/prepare-demo.ts");
  if (existsSync(prepare)) {
    const { prepareDemo } = (await import(prepare)) as { prepareDemo: (db: unknown, log: (m: string) => void) => Promise<void> };
    await prepareDemo(db, log);
  }
  await close();

  if (!dev && buildIsStale()) {
    log("building the app (first run or sources changed)…");
    const build = startChild("build", process.execPath, [require.resolve("next/dist/bin/next"), "build"], env);
    children.push(build);
    if ((await build.exited) !== 0) throw new Error("next build failed");
    children.splice(children.indexOf(build), 1);
  }
  children.push(startChild("worker", process.execPath, ["--conditions=react-server", "--import", "tsx", "lib/jobs/worker.ts"], env));
  children.push(startChild("app", process.execPath, [require.resolve("next/dist/bin/next"), dev ? "dev" : "start", "-p", String(port)], env));
  await waitForHttp(`${appUrl}/api/health`, 180_000);

  const credentials = DEMO_USERS.map((u) => `    ${u.roles.join(",").padEnd(10)} ${u.email}`).join("\n");
  process.stderr.write(`\n  Kakehashi is running at http://localhost:${port}\n  Demo users (password: ${DEMO_PASSWORD}):\n${credentials}\n  Sandbox: HubSpot :${hubspotPort}, freee :${process.env.SANDBOX_FREEE_PORT ?? 4102}, Money Forward :${process.env.SANDBOX_MF_PORT ?? 4103}\n  Ctrl+C stops everything.\n\n`);

  const exited = await Promise.race(children.map((c) => c.exited.then((code) => ({ name: c.name, code }))));
  if (!stopping) {
    log(`${exited.name} exited with ${exited.code}; stopping the rest`);
    await shutdown(exited.code ?? 1);
  }
}

main().catch(async (error: unknown) => {
  process.stderr.write(`[demo] failed: ${error instanceof Error ? error.message : String(error)}\n`);
  await stopChildren(children);
  await stopLocalDatabase();
  process.exit(1);
});
