CREATE TYPE "public"."follow_up_channel" AS ENUM('email', 'phone', 'visit', 'letter');--> statement-breakpoint
CREATE TABLE "overdue_follow_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"connection_id" uuid NOT NULL,
	"deal_id" text NOT NULL,
	"draft_id" uuid,
	"invoice_number" text,
	"contacted_on" date NOT NULL,
	"channel" "follow_up_channel" NOT NULL,
	"memo" text NOT NULL,
	"promised_on" date,
	"created_by" uuid,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "overdue_follow_ups" ADD CONSTRAINT "overdue_follow_ups_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "overdue_follow_ups" ADD CONSTRAINT "overdue_follow_ups_draft_id_invoice_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."invoice_drafts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "overdue_follow_ups" ADD CONSTRAINT "overdue_follow_ups_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "overdue_follow_ups_deal_idx" ON "overdue_follow_ups" USING btree ("connection_id","deal_id","contacted_on","created_at");--> statement-breakpoint
CREATE INDEX "board_deals_overdue_idx" ON "board_deals" USING btree ("due_date","connection_id","deal_id","outstanding","owner_id") WHERE "board_deals"."phase" = 'posted' and "board_deals"."outstanding" > 0;--> statement-breakpoint
CREATE INDEX "board_deals_overdue_owner_idx" ON "board_deals" USING btree ("owner_id","due_date","connection_id","deal_id","outstanding") WHERE "board_deals"."phase" = 'posted' and "board_deals"."outstanding" > 0;