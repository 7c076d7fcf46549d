import { validateRegistrationNumber } from "@/lib/japan/registration-number";
import { CliUsageError, parseFlags, type CliCommand } from "../types";

/**
 * Validates a registration number (登録番号, T + 13 digits): format and 法人番号 check digit. Prints one JSON line and
 * exits 0 when valid, 1 when not, so scripts can branch on either.
 */
const command: CliCommand = {
  name: "registration-number:check",
  summary: "validate a registration number (T + 13 digits, check digit); prints JSON, exit 0 valid / 1 invalid",
  usage: 'registration-number:check <value>   e.g. registration-number:check "Ｔ７０００－０１２０－５０００２"',
  run: async (args, io) => {
    const { positional } = parseFlags(args);
    // An unquoted "T 7000 0120 50002" arrives as several arguments; they are one value.
    if (positional.length === 0) throw new CliUsageError("a registration number is required");
    const result = validateRegistrationNumber(positional.join(" "));
    io.stdout(`${JSON.stringify({ valid: result.valid, normalized: result.normalized, reason: result.reason })}\n`);
    return result.valid ? 0 : 1;
  },
};

export default command;
