DROP INDEX "board_deals_phase_due_idx";--> statement-breakpoint
CREATE INDEX "board_deals_phase_due_cover_idx" ON "board_deals" USING btree ("phase","due_date","last_paid_on","amount","outstanding");