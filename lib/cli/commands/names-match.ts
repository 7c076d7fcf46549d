import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { matchCompanies, type CrmCompanyInput, type PartnerInput } from "@/lib/matching/match-companies";
import { CliUsageError, parseFlags, requireFlag, type CliCommand, type CliIO } from "../types";

/**
 * 名寄せ from two CSV exports: CRM companies (`id,name,corporate_number`) against accounting partners
 * (`id,name,registration_number`). Prints `crm_id,partner_id,confidence,decision`, one row per CRM company in input
 * order; progress and the summary go to stderr so stdout stays a clean CSV.
 */

class InputError extends Error {}

type Table = { rows: Record<string, string>[]; hasColumn: (column: string) => boolean };

async function readTable(io: CliIO, flag: string, file: string, required: readonly string[]): Promise<Table> {
  const fullPath = path.resolve(io.cwd, file);
  let text: string;
  try {
    text = await readFile(fullPath, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`--${flag}: cannot read ${fullPath}${code === "ENOENT" ? ": no such file" : `: ${String(error)}`}`);
  }
  let rows: Record<string, string>[];
  let columns: string[] = [];
  try {
    rows = parse(text, {
      bom: true,
      // Header names are matched loosely ("ID", " name ") — exports from Excel and HubSpot vary.
      columns: (header: string[]) => (columns = header.map((h) => h.trim().toLowerCase())),
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as Record<string, string>[];
  } catch (error) {
    throw new InputError(`--${flag}: ${fullPath} is not a valid CSV: ${error instanceof Error ? error.message : String(error)}`);
  }
  const header = new Set(columns);
  const missing = required.filter((column) => !header.has(column));
  if (missing.length > 0) {
    throw new InputError(
      `--${flag}: ${fullPath} lacks the column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (found: ${[...header].join(", ") || "no header"})`,
    );
  }
  return { rows, hasColumn: (column) => header.has(column) };
}

const command: CliCommand = {
  name: "names:match",
  summary: "match CRM companies to accounting partners (名寄せ); prints crm_id,partner_id,confidence,decision",
  usage:
    "names:match --crm crm.csv --partners partners.csv\n" +
    "  crm.csv:      id,name,corporate_number (more columns allowed, empty cells allowed)\n" +
    "  partners.csv: id,name,registration_number",
  run: async (args, io) => {
    const { flags, positional } = parseFlags(args);
    if (positional.length > 0) throw new CliUsageError(`unexpected argument: ${positional[0]}`);
    const crmFile = requireFlag(flags, "crm");
    const partnersFile = requireFlag(flags, "partners");

    let crmTable: Table;
    let partnerTable: Table;
    try {
      crmTable = await readTable(io, "crm", crmFile, ["id", "name"]);
      partnerTable = await readTable(io, "partners", partnersFile, ["id", "name"]);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      io.stderr(`${error.message}\n`);
      return 2;
    }
    if (!crmTable.hasColumn("corporate_number")) io.stderr("--crm: no corporate_number column: matching by name only\n");
    if (!partnerTable.hasColumn("registration_number")) {
      io.stderr("--partners: no registration_number column: matching by name only\n");
    }

    const crm: CrmCompanyInput[] = [];
    crmTable.rows.forEach((row, i) => {
      if (!row.id) {
        io.stderr(`--crm: row ${i + 2} has no id: skipped\n`);
        return;
      }
      crm.push({ id: row.id, name: row.name ?? "", corporateNumber: row.corporate_number || null });
    });
    const partners: PartnerInput[] = [];
    partnerTable.rows.forEach((row, i) => {
      if (!row.id) {
        io.stderr(`--partners: row ${i + 2} has no id: skipped\n`);
        return;
      }
      partners.push({ id: row.id, name: row.name ?? "", registrationNumber: row.registration_number || null });
    });

    const started = performance.now();
    const results = matchCompanies(crm, partners, { maxCandidates: 0 });
    const seconds = (performance.now() - started) / 1000;

    io.stdout(
      stringify(
        results.map((r) => [r.crmId, r.decision === "none" ? "" : (r.partnerId ?? ""), r.confidence.toFixed(3), r.decision]),
        { header: true, columns: ["crm_id", "partner_id", "confidence", "decision"] },
      ),
    );
    const count = (decision: string) => results.filter((r) => r.decision === decision).length;
    io.stderr(
      `${crm.length} CRM companies × ${partners.length} partners in ${seconds.toFixed(2)} s: ` +
        `${count("auto")} auto, ${count("review")} review, ${count("none")} none\n`,
    );
    return 0;
  },
};

export default command;
