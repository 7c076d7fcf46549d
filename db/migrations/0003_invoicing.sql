CREATE TYPE "public"."invoice_draft_status" AS ENUM('draft', 'blocked', 'approved', 'rejected', 'posting', 'posted', 'post_failed');--> statement-breakpoint
CREATE TYPE "public"."posting_attempt_status" AS ENUM('started', 'succeeded', 'found_existing', 'failed_unknown', 'failed_retryable', 'failed_permanent');--> statement-breakpoint
CREATE TABLE "invoice_draft_lines" (
	"draft_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"line_key" text NOT NULL,
	"name" text NOT NULL,
	"quantity" numeric NOT NULL,
	"unit_price" numeric NOT NULL,
	"amount" bigint NOT NULL,
	"tax_rate" integer NOT NULL,
	"reduced_rate" boolean DEFAULT false NOT NULL,
	"tax_code" text,
	"account_item_id" text,
	"account_item_name" text,
	"edited" boolean DEFAULT false NOT NULL,
	CONSTRAINT "invoice_draft_lines_draftId_position_unique" UNIQUE("draft_id","position")
);
--> statement-breakpoint
CREATE TABLE "invoice_drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"crm_connection_id" uuid NOT NULL,
	"deal_id" text NOT NULL,
	"won_event_id" uuid,
	"status" "invoice_draft_status" NOT NULL,
	"accounting_connection_id" uuid,
	"provider" text,
	"partner_id" text,
	"department_id" text,
	"company_id" text,
	"deal_name" text,
	"company_name" text,
	"partner_name" text,
	"owner_id" text,
	"rule_version_id" uuid,
	"billing_date" date NOT NULL,
	"due_date" date NOT NULL,
	"due_date_derivation" jsonb NOT NULL,
	"subject" text NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"subtotal" bigint NOT NULL,
	"tax" bigint NOT NULL,
	"total" bigint NOT NULL,
	"tax_summary" jsonb NOT NULL,
	"issues" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"manual_edits" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"draft" jsonb NOT NULL,
	"blocked" boolean DEFAULT false NOT NULL,
	"mismatch" boolean DEFAULT false NOT NULL,
	"mismatch_details" jsonb,
	"reentry" boolean DEFAULT false NOT NULL,
	"our_reference" text NOT NULL,
	"provider_invoice_id" text,
	"invoice_number" text,
	"invoice_url" text,
	"posted_at" timestamp with time zone,
	"last_post_error" text,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"last_edited_by" uuid,
	"last_edited_at" timestamp with time zone,
	"rejected_by" uuid,
	"rejected_reason" text,
	"writeback_at" timestamp with time zone,
	"writeback_error" text,
	"hubspot_task" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoice_drafts_wonEventId_unique" UNIQUE("won_event_id"),
	CONSTRAINT "invoice_drafts_ourReference_unique" UNIQUE("our_reference")
);
--> statement-breakpoint
CREATE TABLE "invoice_posting_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"draft_id" uuid NOT NULL,
	"attempt_no" integer NOT NULL,
	"our_reference" text NOT NULL,
	"provider" text NOT NULL,
	"accounting_connection_id" uuid,
	"job_id" text,
	"status" "posting_attempt_status" DEFAULT 'started' NOT NULL,
	"action" text DEFAULT 'create' NOT NULL,
	"provider_invoice_id" text,
	"invoice_number" text,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "invoice_posting_attempts_draftId_attemptNo_unique" UNIQUE("draft_id","attempt_no")
);
--> statement-breakpoint
CREATE TABLE "mapping_rule_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer NOT NULL,
	"rules" jsonb NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mapping_rule_versions_version_unique" UNIQUE("version")
);
--> statement-breakpoint
ALTER TABLE "invoice_draft_lines" ADD CONSTRAINT "invoice_draft_lines_draft_id_invoice_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."invoice_drafts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_drafts" ADD CONSTRAINT "invoice_drafts_crm_connection_id_connections_id_fk" FOREIGN KEY ("crm_connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_drafts" ADD CONSTRAINT "invoice_drafts_accounting_connection_id_connections_id_fk" FOREIGN KEY ("accounting_connection_id") REFERENCES "public"."connections"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_drafts" ADD CONSTRAINT "invoice_drafts_rule_version_id_mapping_rule_versions_id_fk" FOREIGN KEY ("rule_version_id") REFERENCES "public"."mapping_rule_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_drafts" ADD CONSTRAINT "invoice_drafts_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_drafts" ADD CONSTRAINT "invoice_drafts_last_edited_by_users_id_fk" FOREIGN KEY ("last_edited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_drafts" ADD CONSTRAINT "invoice_drafts_rejected_by_users_id_fk" FOREIGN KEY ("rejected_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_posting_attempts" ADD CONSTRAINT "invoice_posting_attempts_draft_id_invoice_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."invoice_drafts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mapping_rule_versions" ADD CONSTRAINT "mapping_rule_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "invoice_drafts_status_created_at_index" ON "invoice_drafts" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "invoice_drafts_crm_connection_id_deal_id_index" ON "invoice_drafts" USING btree ("crm_connection_id","deal_id");--> statement-breakpoint
CREATE INDEX "invoice_drafts_owner_id_index" ON "invoice_drafts" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "invoice_drafts_billing_date_index" ON "invoice_drafts" USING btree ("billing_date");--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_drafts_one_open_per_deal" ON "invoice_drafts" USING btree ("crm_connection_id","deal_id") WHERE "invoice_drafts"."status" in ('draft', 'blocked', 'approved', 'posting', 'post_failed');