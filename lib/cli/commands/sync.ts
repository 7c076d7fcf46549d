import { CliUsageError, parseFlags, type CliCommand } from "../types";

const OBJECTS = ["companies", "deals", "line_items", "products"] as const;
type SyncObject = (typeof OBJECTS)[number];

/**
 * `sync --full | --incremental [--object <type>] [--restart] [--connection <id>]` — runs the HubSpot sync in this
 * process (no worker needed). A full sync resumes from its checkpoint unless --restart. Progress bars on stderr,
 * a JSON summary on stdout; exit 1 on failure.
 */
const command: CliCommand = {
  name: "sync",
  summary: "sync HubSpot into Postgres (--full | --incremental) [--object <type>] (JSON summary)",
  usage: "sync --full|--incremental [--object companies|deals|line_items|products] [--restart] [--connection <uuid>]",
  run: async (args, io) => {
    const { flags } = parseFlags(args);
    const full = flags.full === true;
    const incremental = flags.incremental === true;
    if (full === incremental) throw new CliUsageError("pass exactly one of --full or --incremental");
    let objects: SyncObject[] | undefined;
    if (flags.object !== undefined) {
      if (typeof flags.object !== "string" || !OBJECTS.includes(flags.object as SyncObject)) throw new CliUsageError(`--object must be one of ${OBJECTS.join(", ")}`);
      objects = [flags.object as SyncObject];
    }
    const { resolveDatabaseUrl } = await import("@/db/connection-url");
    const { createDb } = await import("@/db/client");
    const { getActiveHubSpotConnection, getConnection } = await import("@/lib/connections/manage-connections");
    const { hubspotClientFor } = await import("@/lib/connections/hubspot-client");
    const { runHubSpotFullSync } = await import("@/lib/sync/full-sync");
    const { runHubSpotIncrementalSync } = await import("@/lib/sync/incremental-sync");
    const { createLogger } = await import("@/lib/logger");
    const cliProgress = (await import("cli-progress")).default;

    const { db, close } = createDb(await resolveDatabaseUrl(), { max: 6 });
    const bars = new cliProgress.MultiBar(
      { stream: process.stderr, format: " {object} |{bar}| {value} records, {pages} pages {state}", hideCursor: true, clearOnComplete: false, noTTYOutput: true, notTTYSchedule: 5_000 },
      cliProgress.Presets.shades_classic,
    );
    const barOf = new Map<string, ReturnType<typeof bars.create>>();
    const onProgress = (p: { object: string; records: number; pages: number; done: boolean }) => {
      let bar = barOf.get(p.object);
      if (!bar) barOf.set(p.object, (bar = bars.create(0, 0, { object: p.object.padEnd(10), pages: 0, state: "" })));
      bar.setTotal(Math.max(p.records, bar.getTotal()));
      bar.update(p.records, { pages: p.pages, state: p.done ? "done" : "" });
    };
    const started = performance.now();
    try {
      const connection = typeof flags.connection === "string" ? await getConnection(db, flags.connection) : await getActiveHubSpotConnection(db);
      if (!connection || connection.status !== "active") {
        bars.stop();
        io.stdout(`${JSON.stringify({ ok: false, error: connection ? `connection is ${connection.status}` : "no HubSpot connection (settings → connections)" })}\n`);
        return 1;
      }
      const client = hubspotClientFor(db, connection);
      const log = createLogger({ component: "cli:sync", connectionId: connection.id });
      const objectsOut = full
        ? (await runHubSpotFullSync({ db, client, connection, log, objects, restart: flags.restart === true, onProgress })).objects
        : await runHubSpotIncrementalSync({ db, client, connection, log, objects, onProgress });
      bars.stop();
      const seconds = (performance.now() - started) / 1000;
      const records = objectsOut.reduce((n, o) => n + o.records, 0);
      io.stdout(`${JSON.stringify({ ok: true, mode: full ? "full" : "incremental", connectionId: connection.id, seconds: Math.round(seconds * 10) / 10, records, recordsPerSecond: Math.round(records / Math.max(seconds, 0.001)), objects: objectsOut }, null, 2)}\n`);
      return 0;
    } catch (error) {
      bars.stop();
      io.stdout(`${JSON.stringify({ ok: false, error: error instanceof Error ? error.message : String(error) })}\n`);
      return 1;
    } finally {
      await close();
    }
  },
};

export default command;
