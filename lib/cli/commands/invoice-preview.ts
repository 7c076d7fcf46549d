import { readFile } from "node:fs/promises";
import path from "node:path";

import type { z } from "zod";

import { buildInvoiceDraft } from "@/lib/invoicing/build-draft";
import { invoicePreviewInputSchema } from "@/lib/invoicing/schemas";
import type { InvoiceDraft } from "@/lib/invoicing/types";

import { parseFlags, requireFlag, type CliCommand } from "../types";

const USAGE =
  "invoice:preview --input deal.json [--full]\n" +
  '  deal.json: {"deal":{"id","name","amount","closedate":"YYYY-MM-DD"},"company":{"id","name"},\n' +
  '             "lineItems":[{"name","quantity","unitPrice","taxRate":10|8|0}],\n' +
  '             "settings":{"taxEntry":"exclusive"|"inclusive","rounding":"floor"|"round"|"ceil",\n' +
  '                         "paymentTerms":{"closingDay","payMonthOffset","payDay","holidayShift"}}}\n' +
  "  Optional: partner {id,name,registrationNumber} (null = not linked), products, settings.billingDateRule, ...\n" +
  "  Prints the draft as JSON: taxSummary [{rate, subtotal, tax}], subtotal, tax, total, billingDate, dueDate, lines,\n" +
  "  issues. Unit prices include tax when taxEntry is inclusive. --full prints the whole draft instead.";

/** The documented output of invoice:preview (issue 6). */
export function toPreviewOutput(draft: InvoiceDraft) {
  return {
    taxSummary: draft.taxSummary.map(({ rate, subtotal, tax }) => ({ rate, subtotal, tax })),
    subtotal: draft.subtotal,
    tax: draft.tax,
    total: draft.total,
    billingDate: draft.billingDate,
    dueDate: draft.dueDate,
    lines: draft.lines.map((l) => ({
      name: l.name,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      amount: l.amount,
      taxRate: l.taxRate,
      taxRateSource: l.taxRateSource,
      reducedRate: l.reducedRate,
      mark: l.mark,
      accountItemId: l.accountItemId,
      accountItemName: l.accountItemName,
    })),
    issues: draft.issues.map((i) => ({ code: i.code, severity: i.severity, ja: i.ja, en: i.en, action: i.action })),
  };
}

function formatZodIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => `  ${i.path.length > 0 ? i.path.join(".") : "(root)"}: ${i.message}`)
    .join("\n");
}

const command: CliCommand = {
  name: "invoice:preview",
  summary: "dry-run a draft invoice from a deal JSON file (tax per rate, billing and due dates, checks)",
  usage: USAGE,
  run: async (args, io) => {
    const { flags } = parseFlags(args);
    const inputPath = path.resolve(io.cwd, requireFlag(flags, "input"));

    let text: string;
    try {
      text = await readFile(inputPath, "utf8");
    } catch (error) {
      io.stderr(`Cannot read ${inputPath}: ${error instanceof Error ? error.message : String(error)}\n`);
      return 2;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      io.stderr(`${inputPath} is not valid JSON: ${error instanceof Error ? error.message : String(error)}\n`);
      return 2;
    }
    const parsed = invoicePreviewInputSchema.safeParse(json);
    if (!parsed.success) {
      io.stderr(`${inputPath} does not match the invoice:preview input:\n${formatZodIssues(parsed.error)}\n`);
      return 2;
    }

    const draft = buildInvoiceDraft(parsed.data);
    io.stdout(`${JSON.stringify(flags["full"] === true ? draft : toPreviewOutput(draft), null, 2)}\n`);
    return 0;
  },
};

export default command;
