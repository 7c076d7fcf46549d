CREATE TYPE "public"."accounting_payment_status" AS ENUM('unpaid', 'partially_paid', 'paid', 'cancelled');--> statement-breakpoint
CREATE TABLE "accounting_invoices" (
	"connection_id" uuid NOT NULL,
	"id" text NOT NULL,
	"invoice_number" text,
	"partner_id" text,
	"partner_name" text,
	"our_reference" text,
	"billing_date" date,
	"due_date" date,
	"total_amount" bigint DEFAULT 0 NOT NULL,
	"tax_amount" bigint DEFAULT 0 NOT NULL,
	"payment_status" "accounting_payment_status" DEFAULT 'unpaid' NOT NULL,
	"paid_amount" bigint DEFAULT 0 NOT NULL,
	"last_paid_on" date,
	"sending_status" text,
	"deal_id" text,
	"url" text,
	"raw" jsonb,
	"remote_updated_at" timestamp with time zone,
	"settlement_checked_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounting_invoices_connection_id_id_pk" PRIMARY KEY("connection_id","id")
);
--> statement-breakpoint
CREATE TABLE "accounting_partners" (
	"connection_id" uuid NOT NULL,
	"id" text NOT NULL,
	"code" text,
	"name" text NOT NULL,
	"name_kana" text,
	"registration_number" text,
	"department_id" text,
	"address" text,
	"phone" text,
	"email" text,
	"properties" jsonb,
	"remote_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "accounting_partners_connection_id_id_pk" PRIMARY KEY("connection_id","id")
);
--> statement-breakpoint
CREATE TABLE "accounting_payments" (
	"connection_id" uuid NOT NULL,
	"id" text NOT NULL,
	"invoice_id" text NOT NULL,
	"paid_on" date,
	"amount" bigint NOT NULL,
	"raw" jsonb,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounting_payments_connection_id_id_pk" PRIMARY KEY("connection_id","id")
);
--> statement-breakpoint
CREATE TABLE "alert_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dedup_key" text NOT NULL,
	"kind" text NOT NULL,
	"severity" text DEFAULT 'error' NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"context" jsonb,
	"deliveries" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "alert_events_dedupKey_unique" UNIQUE("dedup_key")
);
--> statement-breakpoint
ALTER TABLE "accounting_invoices" ADD CONSTRAINT "accounting_invoices_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_partners" ADD CONSTRAINT "accounting_partners_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_payments" ADD CONSTRAINT "accounting_payments_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "accounting_invoices_connection_id_our_reference_index" ON "accounting_invoices" USING btree ("connection_id","our_reference");--> statement-breakpoint
CREATE INDEX "accounting_invoices_connection_id_partner_id_index" ON "accounting_invoices" USING btree ("connection_id","partner_id");--> statement-breakpoint
CREATE INDEX "accounting_invoices_connection_id_payment_status_due_date_index" ON "accounting_invoices" USING btree ("connection_id","payment_status","due_date");--> statement-breakpoint
CREATE INDEX "accounting_partners_connection_id_code_index" ON "accounting_partners" USING btree ("connection_id","code");--> statement-breakpoint
CREATE INDEX "accounting_partners_connection_id_registration_number_index" ON "accounting_partners" USING btree ("connection_id","registration_number");--> statement-breakpoint
CREATE INDEX "accounting_payments_connection_id_invoice_id_index" ON "accounting_payments" USING btree ("connection_id","invoice_id");--> statement-breakpoint
CREATE INDEX "alert_events_created_at_index" ON "alert_events" USING btree ("created_at");