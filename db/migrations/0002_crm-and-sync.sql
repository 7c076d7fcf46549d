CREATE TYPE "public"."stage_kind" AS ENUM('open', 'won', 'lost');--> statement-breakpoint
CREATE TABLE "crm_companies" (
	"connection_id" uuid NOT NULL,
	"id" text NOT NULL,
	"name" text,
	"domain" text,
	"corporate_number" text,
	"registration_number" text,
	"address" text,
	"phone" text,
	"owner_id" text,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"hs_last_modified_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	"merged_into_id" text,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_companies_connection_id_id_pk" PRIMARY KEY("connection_id","id")
);
--> statement-breakpoint
CREATE TABLE "crm_deals" (
	"connection_id" uuid NOT NULL,
	"id" text NOT NULL,
	"name" text,
	"amount" numeric,
	"amount_yen" bigint,
	"currency" text,
	"pipeline_id" text,
	"stage_id" text,
	"close_date" date,
	"owner_id" text,
	"company_id" text,
	"stage_entered_at" timestamp with time zone,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"hs_last_modified_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	"merged_into_id" text,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_deals_connection_id_id_pk" PRIMARY KEY("connection_id","id")
);
--> statement-breakpoint
CREATE TABLE "crm_line_items" (
	"connection_id" uuid NOT NULL,
	"id" text NOT NULL,
	"deal_id" text,
	"product_id" text,
	"name" text,
	"quantity" numeric,
	"unit_price" numeric,
	"tax_rate" integer,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"hs_last_modified_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_line_items_connection_id_id_pk" PRIMARY KEY("connection_id","id")
);
--> statement-breakpoint
CREATE TABLE "crm_products" (
	"connection_id" uuid NOT NULL,
	"id" text NOT NULL,
	"name" text,
	"sku" text,
	"price" numeric,
	"tax_rate" integer,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"hs_last_modified_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_products_connection_id_id_pk" PRIMARY KEY("connection_id","id")
);
--> statement-breakpoint
CREATE TABLE "deal_won_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"connection_id" uuid NOT NULL,
	"deal_id" text NOT NULL,
	"stage_id" text NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	"is_reentry" boolean DEFAULT false NOT NULL,
	"source" text DEFAULT 'poll' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"consumed_at" timestamp with time zone,
	CONSTRAINT "deal_won_events_connectionId_dealId_enteredAt_unique" UNIQUE("connection_id","deal_id","entered_at")
);
--> statement-breakpoint
CREATE TABLE "hubspot_owners" (
	"connection_id" uuid NOT NULL,
	"id" text NOT NULL,
	"email" text,
	"first_name" text,
	"last_name" text,
	"archived" boolean DEFAULT false NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hubspot_owners_connection_id_id_pk" PRIMARY KEY("connection_id","id")
);
--> statement-breakpoint
CREATE TABLE "hubspot_pipelines" (
	"connection_id" uuid NOT NULL,
	"id" text NOT NULL,
	"label" text NOT NULL,
	"display_order" integer DEFAULT 0 NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hubspot_pipelines_connection_id_id_pk" PRIMARY KEY("connection_id","id")
);
--> statement-breakpoint
CREATE TABLE "hubspot_stages" (
	"connection_id" uuid NOT NULL,
	"pipeline_id" text NOT NULL,
	"id" text NOT NULL,
	"label" text NOT NULL,
	"display_order" integer DEFAULT 0 NOT NULL,
	"probability" numeric,
	"is_closed" boolean DEFAULT false NOT NULL,
	"kind" "stage_kind" NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hubspot_stages_connection_id_pipeline_id_id_pk" PRIMARY KEY("connection_id","pipeline_id","id")
);
--> statement-breakpoint
CREATE TABLE "rate_limit_observations" (
	"connection_id" uuid NOT NULL,
	"bucket" text NOT NULL,
	"limit" integer,
	"remaining" integer,
	"interval_ms" integer,
	"daily_limit" integer,
	"daily_remaining" integer,
	"throttled_count" integer DEFAULT 0 NOT NULL,
	"last_throttled_at" timestamp with time zone,
	"details" jsonb,
	"observed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rate_limit_observations_connection_id_bucket_pk" PRIMARY KEY("connection_id","bucket")
);
--> statement-breakpoint
CREATE TABLE "sync_cursors" (
	"connection_id" uuid NOT NULL,
	"object" text NOT NULL,
	"phase" text DEFAULT 'full' NOT NULL,
	"cursor" text,
	"updated_after" timestamp with time zone,
	"full_sync_started_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"last_attempt_at" timestamp with time zone,
	"last_error" text,
	"record_count" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_cursors_connection_id_object_pk" PRIMARY KEY("connection_id","object")
);
--> statement-breakpoint
CREATE TABLE "sync_failures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"connection_id" uuid NOT NULL,
	"object" text NOT NULL,
	"external_id" text NOT NULL,
	"reason" text NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"first_failed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_failed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "sync_failures_connectionId_object_externalId_unique" UNIQUE("connection_id","object","external_id")
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider" text DEFAULT 'hubspot' NOT NULL,
	"connection_id" uuid,
	"dedup_key" text NOT NULL,
	"event_id" text NOT NULL,
	"subscription_type" text NOT NULL,
	"object_id" text,
	"occurred_at" timestamp with time zone,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	CONSTRAINT "webhook_events_dedupKey_unique" UNIQUE("dedup_key")
);
--> statement-breakpoint
ALTER TABLE "crm_companies" ADD CONSTRAINT "crm_companies_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_deals" ADD CONSTRAINT "crm_deals_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_line_items" ADD CONSTRAINT "crm_line_items_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_products" ADD CONSTRAINT "crm_products_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_won_events" ADD CONSTRAINT "deal_won_events_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hubspot_owners" ADD CONSTRAINT "hubspot_owners_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hubspot_pipelines" ADD CONSTRAINT "hubspot_pipelines_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hubspot_stages" ADD CONSTRAINT "hubspot_stages_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rate_limit_observations" ADD CONSTRAINT "rate_limit_observations_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_cursors" ADD CONSTRAINT "sync_cursors_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_failures" ADD CONSTRAINT "sync_failures_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "crm_companies_connection_id_hs_last_modified_at_index" ON "crm_companies" USING btree ("connection_id","hs_last_modified_at");--> statement-breakpoint
CREATE INDEX "crm_deals_connection_id_stage_id_index" ON "crm_deals" USING btree ("connection_id","stage_id");--> statement-breakpoint
CREATE INDEX "crm_deals_connection_id_owner_id_index" ON "crm_deals" USING btree ("connection_id","owner_id");--> statement-breakpoint
CREATE INDEX "crm_deals_connection_id_company_id_index" ON "crm_deals" USING btree ("connection_id","company_id");--> statement-breakpoint
CREATE INDEX "crm_deals_connection_id_close_date_index" ON "crm_deals" USING btree ("connection_id","close_date");--> statement-breakpoint
CREATE INDEX "crm_line_items_connection_id_deal_id_index" ON "crm_line_items" USING btree ("connection_id","deal_id");--> statement-breakpoint
CREATE INDEX "deal_won_events_connection_id_created_at_index" ON "deal_won_events" USING btree ("connection_id","created_at");--> statement-breakpoint
CREATE INDEX "deal_won_events_unconsumed_idx" ON "deal_won_events" USING btree ("connection_id") WHERE "deal_won_events"."consumed_at" is null;--> statement-breakpoint
CREATE INDEX "hubspot_stages_connection_id_kind_index" ON "hubspot_stages" USING btree ("connection_id","kind");--> statement-breakpoint
CREATE INDEX "sync_failures_connection_id_resolved_at_index" ON "sync_failures" USING btree ("connection_id","resolved_at");--> statement-breakpoint
CREATE INDEX "webhook_events_connection_id_processed_at_index" ON "webhook_events" USING btree ("connection_id","processed_at");