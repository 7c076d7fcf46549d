import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CSV_BOM, csvCell, overdueCsv, toCsv, type OverdueTranslator } from "./overdue-csv";
import type { OverdueItem } from "./types";

describe("csvCell", () => {
  it("leaves plain text and numbers alone", () => {
    expect(csvCell("株式会社アルファ")).toBe("株式会社アルファ");
    expect(csvCell(1234567)).toBe("1234567");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
  });

  it("quotes commas, quotes and line breaks (RFC 4180)", () => {
    expect(csvCell("Alpha, Inc.")).toBe('"Alpha, Inc."');
    expect(csvCell('言った"はず"')).toBe('"言った""はず"""');
    expect(csvCell("1行目\n2行目")).toBe('"1行目\n2行目"');
    expect(csvCell("a\r\nb")).toBe('"a\r\nb"');
  });

  it("defuses text a spreadsheet would run as a formula", () => {
    expect(csvCell("=HYPERLINK(\"http://evil\")")).toBe("\"'=HYPERLINK(\"\"http://evil\"\")\"");
    expect(csvCell("+81-3-1234")).toBe("'+81-3-1234");
    expect(csvCell("-5")).toBe("'-5");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    // Numbers are numbers, negative or not.
    expect(csvCell(-5)).toBe("-5");
  });
});

describe("toCsv", () => {
  it("starts with a UTF-8 byte-order mark and ends every row with CRLF (Excel in Japan)", () => {
    const csv = toCsv([["会社名", "金額"], ["株式会社アルファ", 1000]]);
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    expect(csv).toBe(`${CSV_BOM}会社名,金額\r\n株式会社アルファ,1000\r\n`);
    expect(Buffer.from(csv, "utf8").subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });
});

const ja = JSON.parse(readFileSync(path.join(__dirname, "../i18n/messages/ja/overdue.json"), "utf8")) as Record<string, unknown>;
const t: OverdueTranslator = (key, values) => {
  const message = key.split(".").reduce<unknown>((m, k) => (m as Record<string, unknown> | undefined)?.[k], ja);
  if (typeof message !== "string") throw new Error(`no message ${key}`);
  return message.replace(/\{(\w+)\}/g, (_, name: string) => String(values?.[name] ?? ""));
};

const item: OverdueItem = {
  connectionId: "00000000-0000-4000-8000-000000000001",
  dealId: "101",
  dealName: "保守契約, 2026年度",
  companyName: "=株式会社アルファ",
  ownerId: "1",
  ownerName: "営業 一郎",
  invoiceNumber: "INV-101",
  billingDate: "2026-09-30",
  dueDate: "2026-10-31",
  daysLate: 33,
  bucket: "31-60",
  total: 1_100_000,
  outstanding: 600_000,
  paidAmount: 500_000,
  lastPaidOn: "2026-11-10",
  provider: "freee",
  hubspotUrl: "https://app.hubspot.com/contacts/1/record/0-3/101",
  accountingUrl: "https://invoice.secure.freee.co.jp/reports/invoices/1",
  followUps: { count: 2, lastContactOn: "2026-11-20", lastChannel: "phone", lastMemo: "経理の田中様\n「月末に払う」", lastContactBy: "営業 一郎", promisedOn: "2026-11-30", brokenPromise: true },
  next: { kind: "escalate", urgency: 3, on: null, brokenPromise: true },
};

describe("overdueCsv", () => {
  it("has Japanese headers and one row per invoice, dates as yyyy/mm/dd and amounts as plain integers", () => {
    const csv = overdueCsv([item], t);
    const lines = csv.slice(1).split("\r\n");
    expect(lines[0]).toBe(
      "会社名,商談名,請求書番号,請求日,支払期日,遅延日数,経過区分,未入金額,請求額（税込）,入金済額,最終入金日,担当者,督促回数,最終対応日,最終対応方法,最終対応内容,入金予定日,予定日超過,次の対応,HubSpot URL,請求書 URL",
    );
    expect(csv).toContain(
      `'=株式会社アルファ,"保守契約, 2026年度",INV-101,2026/09/30,2026/10/31,33,31〜60日,600000,1100000,500000,2026/11/10,営業 一郎,2,2026/11/20,電話,"経理の田中様\n「月末に払う」",2026/11/30,はい,上長・経理へエスカレーション,https://app.hubspot.com/contacts/1/record/0-3/101,https://invoice.secure.freee.co.jp/reports/invoices/1\r\n`,
    );
    expect(csv.endsWith("\r\n")).toBe(true);
  });

  it("an empty list is the header row alone", () => {
    expect(overdueCsv([], t).slice(1).split("\r\n").filter(Boolean)).toHaveLength(1);
  });
});
