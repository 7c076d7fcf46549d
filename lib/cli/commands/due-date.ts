import { isPlainDate } from "@/lib/japan/bank-calendar";
import { computeDueDate, paymentTermsSchema, type PaymentTerms } from "@/lib/japan/payment-terms";

import { CliUsageError, parseFlags, requireFlag, type CliCommand } from "../types";

const USAGE =
  "due-date --date YYYY-MM-DD --closing-day end|1-31 --pay-month-offset 0-3 --pay-day end|1-31 --shift none|previous|next [--explain]\n" +
  "  Prints the due date (YYYY-MM-DD) for a billing date under the payment terms; a pay day beyond the month's length\n" +
  "  falls on its last day, and bank holidays (weekends, national holidays, 12/31–1/3) move per --shift (default none).\n" +
  "  --explain also writes the derivation steps to stderr.";

function parseDay(flag: string, value: string): number | "end" {
  if (value === "end") return "end";
  if (!/^\d{1,2}$/.test(value)) throw new CliUsageError(`--${flag} must be "end" or a day 1-31, got "${value}"`);
  return Number(value);
}

const command: CliCommand = {
  name: "due-date",
  summary: "due date from payment terms on the Japanese bank calendar",
  usage: USAGE,
  run: async (args, io) => {
    const { flags } = parseFlags(args);
    const missing = ["date", "closing-day", "pay-month-offset", "pay-day"].filter((f) => typeof flags[f] !== "string" || flags[f] === "");
    if (missing.length > 0) throw new CliUsageError(`missing ${missing.map((f) => `--${f} <value>`).join(", ")}`);
    const date = requireFlag(flags, "date");
    if (!isPlainDate(date)) throw new CliUsageError(`--date must be a valid date YYYY-MM-DD, got "${date}"`);
    const offset = requireFlag(flags, "pay-month-offset");
    if (!/^\d$/.test(offset)) throw new CliUsageError(`--pay-month-offset must be 0-3, got "${offset}"`);
    const shift = flags["shift"] === undefined ? "none" : requireFlag(flags, "shift");

    const parsed = paymentTermsSchema.safeParse({
      closingDay: parseDay("closing-day", requireFlag(flags, "closing-day")),
      payMonthOffset: Number(offset),
      payDay: parseDay("pay-day", requireFlag(flags, "pay-day")),
      holidayShift: shift,
    });
    if (!parsed.success) {
      const flagOf: Record<string, string> = {
        closingDay: "--closing-day",
        payMonthOffset: "--pay-month-offset",
        payDay: "--pay-day",
        holidayShift: "--shift",
      };
      const problems = parsed.error.issues.map((i) => `${flagOf[String(i.path[0])] ?? String(i.path[0])}: ${i.message}`);
      throw new CliUsageError(problems.join("\n"));
    }
    const terms: PaymentTerms = parsed.data;
    const result = computeDueDate(date, terms);
    if (flags["explain"] === true) {
      for (const step of result.steps) io.stderr(`${step.ja}\n  ${step.en}\n`);
    }
    io.stdout(`${result.dueDate}\n`);
    return 0;
  },
};

export default command;
