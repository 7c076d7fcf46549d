import "server-only";
import PgBoss from "pg-boss";
import { resolveDatabaseUrl } from "@/db/connection-url";
import { logger } from "@/lib/logger";
import { getJobDefinition, jobDefinitions } from "./registry";
import type { JobDefinition, SendOptions } from "./types";

export const deadLetterName = (name: string) => `${name}.dead`;

/** One PgBoss per process. pg-boss keeps its tables in its own `pgboss` schema and migrates it on start(). */
const globalForBoss = globalThis as unknown as { kakehashiBoss?: Promise<PgBoss> };

export async function createBoss(
  url: string,
  options: { schedule?: boolean; supervise?: boolean; definitions?: JobDefinition[] } = {},
): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    max: 4,
    schedule: options.schedule ?? false,
    supervise: options.supervise ?? false,
    application_name: "kakehashi",
  });
  boss.on("error", (error) => logger.error("pg-boss error", { error }));
  await boss.start();
  await ensureQueues(boss, options.definitions ?? jobDefinitions);
  return boss;
}

/** Creates (or updates) every queue and its dead-letter queue. Idempotent. */
export async function ensureQueues(boss: PgBoss, definitions: JobDefinition[]): Promise<void> {
  for (const definition of definitions) {
    const dead = deadLetterName(definition.name);
    if (!(await boss.getQueue(dead))) await boss.createQueue(dead, { name: dead, retryLimit: 0 });
    const options = {
      name: definition.name,
      policy: definition.queue.policy ?? "standard",
      retryLimit: definition.queue.retryLimit,
      retryDelay: definition.queue.retryDelay,
      retryBackoff: definition.queue.retryBackoff,
      expireInSeconds: definition.queue.expireInSeconds ?? 15 * 60,
      deadLetter: dead,
    } as const;
    if (await boss.getQueue(definition.name)) {
      const { policy: _policy, ...updatable } = options;
      await boss.updateQueue(definition.name, updatable);
    } else {
      await boss.createQueue(definition.name, options);
    }
  }
}

/** The app's (and the CLI's) producer instance: no scheduling, no maintenance — the worker owns those. */
export function getBoss(): Promise<PgBoss> {
  globalForBoss.kakehashiBoss ??= resolveDatabaseUrl().then((url) => createBoss(url));
  return globalForBoss.kakehashiBoss;
}

export class InvalidJobPayloadError extends Error {
  override name = "InvalidJobPayloadError";
}

/** Validates the payload against the job's schema before it is queued: a bad payload never enters the queue. */
export async function sendJob(name: string, payload: unknown, options: SendOptions = {}, boss?: PgBoss): Promise<string | null> {
  const definition = getJobDefinition(name);
  const parsed = definition.schema.safeParse(payload);
  if (!parsed.success) throw new InvalidJobPayloadError(`Invalid payload for ${name}: ${parsed.error.message}`);
  const instance = boss ?? (await getBoss());
  return instance.send(name, parsed.data as object, options);
}
