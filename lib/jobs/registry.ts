import type { JobDefinition } from "./types";
import { systemHeartbeat } from "./definitions/system-heartbeat";
import { invoicingJobs } from "./definitions/invoicing-jobs";

/** Every job type. A job is added here and nowhere else; the worker creates its queue and dead-letter queue. */
export const jobDefinitions: JobDefinition[] = [systemHeartbeat, ...invoicingJobs];

export function getJobDefinition(name: string): JobDefinition {
  const definition = jobDefinitions.find((d) => d.name === name);
  if (!definition) throw new Error(`Unknown job: ${name}`);
  return definition;
}
