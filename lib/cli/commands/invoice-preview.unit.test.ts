import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CliUsageError, type CliIO } from "../types";
import command from "./invoice-preview";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "invoice-preview-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function preview(input: unknown, extraArgs: string[] = []) {
  const file = path.join(dir, `deal-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, typeof input === "string" ? input : JSON.stringify(input));
  let stdout = "";
  let stderr = "";
  const io: CliIO = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir };
  const code = await command.run(["--input", path.basename(file), ...extraArgs], io);
  return { code, stdout, stderr, json: code === 0 ? JSON.parse(stdout) : null };
}

// Exactly the shape given in issue 6.
const contractInput = {
  deal: { id: "1001", name: "ITサポート 12月分", amount: 315, closedate: "2026-12-25" },
  company: { id: "2001", name: "株式会社やまと商会" },
  lineItems: [
    { name: "リモートサポート", quantity: 1, unitPrice: 105, taxRate: 10 },
    { name: "リモートサポート", quantity: 1, unitPrice: 105, taxRate: 10 },
    { name: "リモートサポート", quantity: 1, unitPrice: 105, taxRate: 10 },
  ],
  settings: {
    taxEntry: "exclusive",
    rounding: "floor",
    paymentTerms: { closingDay: "end", payMonthOffset: 1, payDay: "end", holidayShift: "previous" },
  },
};

describe("invoice:preview", () => {
  it("prints the documented JSON for the contract input: ¥31 tax on three ¥105 lines", async () => {
    const { code, json, stderr } = await preview(contractInput);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(Object.keys(json)).toEqual(["taxSummary", "subtotal", "tax", "total", "billingDate", "dueDate", "lines", "issues"]);
    expect(json.taxSummary).toEqual([{ rate: 10, subtotal: 315, tax: 31 }]);
    expect([json.subtotal, json.tax, json.total]).toEqual([315, 31, 346]);
    expect(json.billingDate).toBe("2026-12-25");
    expect(json.dueDate).toBe("2027-01-29");
    expect(json.lines).toHaveLength(3);
    expect(json.lines[0]).toMatchObject({ name: "リモートサポート", quantity: 1, unitPrice: 105, amount: 105, taxRate: 10, reducedRate: false });
    // no partner in the input: computed anyway, reported as a warning
    expect(json.issues).toEqual([expect.objectContaining({ code: "missing_partner", severity: "warning" })]);
  });

  it("treats unit prices as tax-included for inclusive entry, one tax per rate", async () => {
    const { json } = await preview({
      ...contractInput,
      deal: { ...contractInput.deal, amount: 4380 },
      lineItems: [
        { name: "コーヒー豆 200g", quantity: 2, unitPrice: 1080, taxRate: 8 },
        { name: "ドリップバッグ", quantity: 3, unitPrice: 740, taxRate: 8 },
        { name: "ギフト包装", quantity: 1, unitPrice: 0, taxRate: 10 },
      ],
      settings: { ...contractInput.settings, taxEntry: "inclusive", rounding: "round" },
      partner: { id: "fp-1", name: "株式会社やまと商会", registrationNumber: "T7000012050002" },
    });
    // 8 %: 2,160 + 2,220 = 4,380 incl. → tax round(4,380 × 8/108 = 324.4) = 324, subtotal 4,056
    expect(json.taxSummary).toEqual([
      { rate: 10, subtotal: 0, tax: 0 },
      { rate: 8, subtotal: 4056, tax: 324 },
    ]);
    expect([json.subtotal, json.tax, json.total]).toEqual([4056, 324, 4380]);
    expect(json.lines.map((l: { mark: string }) => l.mark)).toEqual(["※", "※", ""]);
    expect(json.issues).toEqual([]);
  });

  it("reports checks without failing: unknown rate, non-JPY, lines ≠ deal amount, no partner link", async () => {
    const { code, json } = await preview({
      ...contractInput,
      deal: { ...contractInput.deal, amount: 1000, currency: "USD" },
      partner: null,
      lineItems: [{ name: "旧税率の明細", quantity: 1, unitPrice: 315, taxRate: 5 }],
    });
    expect(code).toBe(0);
    expect(json.issues.map((i: { code: string; severity: string }) => [i.code, i.severity])).toEqual([
      ["missing_partner", "blocking"],
      ["non_jpy_currency", "blocking"],
      ["unknown_tax_rate", "blocking"],
      ["amount_mismatch", "warning"],
    ]);
    expect(json.total).toBe(315 + 15);
  });

  it("prints the whole draft with --full", async () => {
    const { json } = await preview(contractInput, ["--full"]);
    expect(json.dueDateDerivation.steps).toHaveLength(5);
    expect(json.schemaVersion).toBe(1);
  });

  it("bad JSON exits 2 with a message on stderr", async () => {
    const { code, stdout, stderr } = await preview('{"deal": {');
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/not valid JSON/);
  });

  it("schema errors exit 2 and name the fields", async () => {
    const { code, stderr } = await preview({
      ...contractInput,
      deal: { ...contractInput.deal, closedate: "25/12/2026" },
      lineItems: [{ name: "x", quantity: "many", unitPrice: 1, taxRate: 10 }],
      settings: { ...contractInput.settings, rounding: "bankers" },
    });
    expect(code).toBe(2);
    expect(stderr).toContain("deal.closedate:");
    expect(stderr).toContain("lineItems.0.quantity:");
    expect(stderr).toContain("settings.rounding:");
  });

  it("a missing file exits 2; a missing --input is a usage error", async () => {
    let stderr = "";
    const io: CliIO = { stdout: () => {}, stderr: (t) => (stderr += t), cwd: dir };
    expect(await command.run(["--input", "nope.json"], io)).toBe(2);
    expect(stderr).toContain("Cannot read");
    await expect(command.run([], io)).rejects.toThrow(CliUsageError);
  });
});
