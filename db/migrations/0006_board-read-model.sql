CREATE TABLE "board_deals" (
	"connection_id" uuid NOT NULL,
	"deal_id" text NOT NULL,
	"phase" text NOT NULL,
	"state" text NOT NULL,
	"deal_name" text,
	"owner_id" text,
	"pipeline_id" text,
	"company_id" text,
	"deal_amount_yen" bigint,
	"close_date" date,
	"won_at" timestamp with time zone,
	"draft_id" uuid,
	"draft_status" text,
	"accounting_connection_id" uuid,
	"provider" text,
	"invoice_number" text,
	"billing_date" date,
	"due_date" date,
	"amount" bigint DEFAULT 0 NOT NULL,
	"outstanding" bigint DEFAULT 0 NOT NULL,
	"last_paid_on" date,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "board_deals_connection_id_deal_id_pk" PRIMARY KEY("connection_id","deal_id")
);
--> statement-breakpoint
ALTER TABLE "board_deals" ADD CONSTRAINT "board_deals_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "board_deals_phase_won_at_idx" ON "board_deals" USING btree ("phase","won_at");--> statement-breakpoint
CREATE INDEX "board_deals_phase_due_idx" ON "board_deals" USING btree ("phase","due_date");--> statement-breakpoint
CREATE INDEX "board_deals_paid_idx" ON "board_deals" USING btree ("last_paid_on") WHERE "board_deals"."phase" = 'paid';--> statement-breakpoint
CREATE INDEX "board_deals_owner_idx" ON "board_deals" USING btree ("owner_id","phase");