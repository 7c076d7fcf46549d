import type { JobDefinition } from "./types";
import { systemHeartbeat } from "./definitions/system-heartbeat";

/** Every job type. A job is added here and nowhere else; the worker creates its queue and dead-letter queue. */
export const jobDefinitions: JobDefinition[] = [systemHeartbeat];

export function getJobDefinition(name: string): JobDefinition {
  const definition = jobDefinitions.find((d) => d.name === name);
  if (!definition) throw new Error(`Unknown job: ${name}`);
  return definition;
}
