CREATE TYPE "public"."partner_link_method" AS ENUM('identifier', 'auto', 'review', 'manual', 'created');--> statement-breakpoint
CREATE TYPE "public"."partner_link_status" AS ENUM('suggested', 'confirmed', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."partner_match_decision" AS ENUM('auto', 'review', 'none');--> statement-breakpoint
CREATE TABLE "partner_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"crm_connection_id" uuid NOT NULL,
	"company_id" text NOT NULL,
	"accounting_connection_id" uuid NOT NULL,
	"partner_id" text,
	"method" "partner_link_method",
	"decision" "partner_match_decision",
	"confidence" numeric(4, 3),
	"status" "partner_link_status" DEFAULT 'suggested' NOT NULL,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"candidates" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"match_run_id" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"partner_code" text,
	"department_id" text,
	"synced_snapshot" jsonb,
	"last_synced_at" timestamp with time zone,
	"sync_error" text,
	"written_back_partner_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partner_match_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"crm_connection_id" uuid NOT NULL,
	"accounting_connection_id" uuid NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"counts" jsonb,
	"error" text,
	"started_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "partner_links" ADD CONSTRAINT "partner_links_crm_connection_id_connections_id_fk" FOREIGN KEY ("crm_connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_links" ADD CONSTRAINT "partner_links_accounting_connection_id_connections_id_fk" FOREIGN KEY ("accounting_connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_links" ADD CONSTRAINT "partner_links_match_run_id_partner_match_runs_id_fk" FOREIGN KEY ("match_run_id") REFERENCES "public"."partner_match_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_links" ADD CONSTRAINT "partner_links_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_match_runs" ADD CONSTRAINT "partner_match_runs_crm_connection_id_connections_id_fk" FOREIGN KEY ("crm_connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_match_runs" ADD CONSTRAINT "partner_match_runs_accounting_connection_id_connections_id_fk" FOREIGN KEY ("accounting_connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_match_runs" ADD CONSTRAINT "partner_match_runs_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "partner_links_one_confirmed_per_company" ON "partner_links" USING btree ("crm_connection_id","company_id","accounting_connection_id") WHERE "partner_links"."status" = 'confirmed';--> statement-breakpoint
CREATE UNIQUE INDEX "partner_links_one_suggestion_per_company" ON "partner_links" USING btree ("crm_connection_id","company_id","accounting_connection_id") WHERE "partner_links"."status" = 'suggested';--> statement-breakpoint
CREATE UNIQUE INDEX "partner_links_one_confirmed_per_partner" ON "partner_links" USING btree ("accounting_connection_id","partner_id") WHERE "partner_links"."status" = 'confirmed' and "partner_links"."partner_id" is not null;--> statement-breakpoint
CREATE INDEX "partner_links_accounting_connection_id_status_decision_index" ON "partner_links" USING btree ("accounting_connection_id","status","decision");--> statement-breakpoint
CREATE INDEX "partner_match_runs_crm_connection_id_accounting_connection_id_created_at_index" ON "partner_match_runs" USING btree ("crm_connection_id","accounting_connection_id","created_at");