import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliUsageError, type CliIO } from "../types";
import command from "./names-match";

let dir: string;

function memoryIO(): CliIO & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    cwd: dir,
    stdout: (text: string) => void (io.out += text),
    stderr: (text: string) => void (io.err += text),
  };
  return io;
}

async function run(...args: string[]) {
  const io = memoryIO();
  const code = await command.run(args, io);
  return { code, out: io.out, err: io.err };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "names-match-"));
  // BOM, an extra column, quoted fields with commas, empty cells, CRLF line ends: what Excel and HubSpot export.
  writeFileSync(
    path.join(dir, "crm.csv"),
    "\uFEFFid,name,corporate_number,owner\r\n" +
      "hs-3,株式会社山田製作所,,佐藤\r\n" +
      'hs-1,"東京商事株式会社",,"鈴木, 一郎"\r\n' +
      "hs-2,トヨタ,1180301018771,\r\n" +
      "hs-4,全く別の会社,,\r\n" +
      'hs-5,"さくら商事株式会社",,\r\n',
  );
  writeFileSync(
    path.join(dir, "partners.csv"),
    "id,name,registration_number,memo\n" +
      "101,㈱山田製作所,,\n" +
      '102,"東京商事サービス株式会社",,"group, not parent"\n' +
      "103,TOYOTA MOTOR CORPORATION,Ｔ１１８０－３０１０－１８７７１,\n" +
      "104,サクラ商事株式会社,,\n",
  );
  writeFileSync(path.join(dir, "no-name.csv"), "id,company\n1,x\n");
  writeFileSync(path.join(dir, "minimal.csv"), "ID,Name\nm1,株式会社山田製作所\n");
  writeFileSync(path.join(dir, "broken.csv"), 'id,name\n1,"unterminated\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("names:match", () => {
  it("prints one CSV row per CRM company in input order", async () => {
    const { code, out, err } = await run("--crm", "crm.csv", "--partners", "partners.csv");
    expect(code).toBe(0);
    expect(out.split("\n")[0]).toBe("crm_id,partner_id,confidence,decision");
    const rows = parse(out, { columns: true }) as Record<string, string>[];
    expect(rows).toEqual([
      { crm_id: "hs-3", partner_id: "101", confidence: "0.970", decision: "auto" },
      { crm_id: "hs-1", partner_id: "102", confidence: expect.stringMatching(/^0\.\d{3}$/), decision: "review" },
      { crm_id: "hs-2", partner_id: "103", confidence: "1.000", decision: "auto" },
      { crm_id: "hs-4", partner_id: "", confidence: expect.stringMatching(/^0\.\d{3}$/), decision: "none" },
      { crm_id: "hs-5", partner_id: "104", confidence: "0.780", decision: "review" },
    ]);
    expect(err).toContain("5 CRM companies × 4 partners");
  });

  it("accepts --flag=value and files without the number columns", async () => {
    const { code, out, err } = await run("--crm=minimal.csv", "--partners=partners.csv");
    expect(code).toBe(0);
    expect(out).toBe("crm_id,partner_id,confidence,decision\nm1,101,0.970,auto\n");
    expect(err).toContain("no corporate_number column");
  });

  it("exits 2 with a clear message for a missing file", async () => {
    const { code, out, err } = await run("--crm", "missing.csv", "--partners", "partners.csv");
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toContain(`--crm: cannot read ${path.join(dir, "missing.csv")}: no such file`);
  });

  it("exits 2 with a clear message for a missing required column", async () => {
    const { code, err } = await run("--crm", "crm.csv", "--partners", "no-name.csv");
    expect(code).toBe(2);
    expect(err).toContain("--partners:");
    expect(err).toContain("lacks the column name");
  });

  it("exits 2 for a CSV that cannot be parsed", async () => {
    const { code, err } = await run("--crm", "broken.csv", "--partners", "partners.csv");
    expect(code).toBe(2);
    expect(err).toContain("not a valid CSV");
  });

  it("is a usage error without --crm or --partners", async () => {
    await expect(command.run(["--crm", "crm.csv"], memoryIO())).rejects.toBeInstanceOf(CliUsageError);
    await expect(command.run(["--partners", "partners.csv"], memoryIO())).rejects.toBeInstanceOf(CliUsageError);
  });
});
