import type { JobDefinition } from "../types";
import { invoicingCreateHubspotTask } from "./invoicing-create-hubspot-task";
import { invoicingDealChanged } from "./invoicing-deal-changed";
import { invoicingDraftFromWonDeal } from "./invoicing-draft-from-won-deal";
import { invoicingPostInvoice } from "./invoicing-post-invoice";
import { invoicingPostSweep } from "./invoicing-post-sweep";
import { invoicingWriteBackDeal } from "./invoicing-write-back-deal";

/** Every invoicing job, registered in lib/jobs/registry.ts with one entry. */
export const invoicingJobs = [
  invoicingDraftFromWonDeal,
  invoicingDealChanged,
  invoicingPostInvoice,
  invoicingWriteBackDeal,
  invoicingCreateHubspotTask,
  invoicingPostSweep,
] as JobDefinition[];
