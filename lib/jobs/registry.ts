import type { JobDefinition } from "./types";
import { systemHeartbeat } from "./definitions/system-heartbeat";
import { invoicingJobs } from "./definitions/invoicing-jobs";
import { hubspotEnsureWebhooks } from "./definitions/hubspot-ensure-webhooks";
import { hubspotProcessWebhooks } from "./definitions/hubspot-process-webhooks";
import { hubspotSync } from "./definitions/hubspot-sync";
import { accountingSync, accountingSyncDue, accountingSyncNightly } from "./definitions/accounting-sync";
import { partnersRunMatching } from "./definitions/partners-run-matching";
import { partnersSyncCompany } from "./definitions/partners-sync-company";

/** Every job type. A job is added here and nowhere else; the worker creates its queue and dead-letter queue. */
export const jobDefinitions: JobDefinition[] = [systemHeartbeat, ...invoicingJobs, hubspotSync, hubspotProcessWebhooks, hubspotEnsureWebhooks, accountingSync, accountingSyncDue, accountingSyncNightly, partnersRunMatching, partnersSyncCompany];

export function getJobDefinition(name: string): JobDefinition {
  const definition = jobDefinitions.find((d) => d.name === name);
  if (!definition) throw new Error(`Unknown job: ${name}`);
  return definition;
}
