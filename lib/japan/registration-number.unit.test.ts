import { describe, expect, it } from "vitest";
import {
  corporateNumberCheckDigit,
  isValidCorporateNumber,
  normalizeRegistrationNumber,
  validateRegistrationNumber,
} from "./registration-number";

// Published 法人番号 (domain-japan.md §2.2 and §2.3): public entities and companies whose numbers are in NTA data.
const REAL_NUMBERS = [
  "7000012050002", // 国税庁
  "1000020012131", // 苫小牧市
  "1000020012271", // 歌志内市
  "7010705000725", // 日本税理士会連合会
  "1180301018771", // トヨタ自動車
  "4011001098993", // 株式会社FoundingBase
  "7810004773172", // a sole proprietor's registration digits (NTA bulk data)
  "1700150007095", // a 人格のない社団等
];

describe("corporateNumberCheckDigit", () => {
  it("reproduces the worked example of the 国税庁 number (Σ = 11 → 7)", () => {
    expect(corporateNumberCheckDigit("000012050002")).toBe(7);
  });

  it("reproduces the second documented example (Σ = 74 → 7)", () => {
    expect(corporateNumberCheckDigit("123456789012")).toBe(7);
  });

  it.each(REAL_NUMBERS)("gives the published check digit of %s", (number) => {
    expect(corporateNumberCheckDigit(number.slice(1))).toBe(Number(number[0]));
  });

  it("always yields 1–9", () => {
    for (let i = 0; i < 2000; i++) {
      const base = String(i * 7919 * 104729).padStart(12, "0").slice(-12);
      const cd = corporateNumberCheckDigit(base);
      expect(cd).toBeGreaterThanOrEqual(1);
      expect(cd).toBeLessThanOrEqual(9);
    }
  });

  it("rejects a base that is not 12 digits", () => {
    expect(() => corporateNumberCheckDigit("12345")).toThrow(RangeError);
    expect(() => corporateNumberCheckDigit("12345678901a")).toThrow(RangeError);
  });
});

describe("isValidCorporateNumber", () => {
  it.each(REAL_NUMBERS)("accepts %s", (number) => {
    expect(isValidCorporateNumber(number)).toBe(true);
  });

  it("rejects a single wrong digit, a leading 0 and a wrong length", () => {
    expect(isValidCorporateNumber("7000012050003")).toBe(false);
    expect(isValidCorporateNumber("6000012050002")).toBe(false);
    expect(isValidCorporateNumber("0000012050002")).toBe(false);
    expect(isValidCorporateNumber("700001205000")).toBe(false);
    expect(isValidCorporateNumber("T7000012050002")).toBe(false);
  });

  it("rejects the fictitious sample of the kendama OpenAPI (expected check digit 1)", () => {
    expect(isValidCorporateNumber("8040001999011")).toBe(false);
    expect(corporateNumberCheckDigit("040001999011")).toBe(1);
  });
});

describe("normalizeRegistrationNumber", () => {
  it("folds full-width, lower-case t, spaces (incl. ideographic) and every dash variant", () => {
    expect(normalizeRegistrationNumber("Ｔ７０００　０１２０ー５０００２")).toBe("T7000012050002");
    expect(normalizeRegistrationNumber("t7000-0120-50002")).toBe("T7000012050002");
    expect(normalizeRegistrationNumber(" T 7000012050002\t")).toBe("T7000012050002");
    for (const dash of ["‐", "-", "‑", "‒", "–", "—", "―", "ー", "－", "−", "ｰ"]) {
      expect(normalizeRegistrationNumber(`T7000${dash}012050002`)).toBe("T7000012050002");
    }
  });
});

describe("validateRegistrationNumber", () => {
  it.each(REAL_NUMBERS)("accepts T%s", (number) => {
    expect(validateRegistrationNumber(`T${number}`)).toEqual({
      valid: true,
      normalized: `T${number}`,
      reason: null,
      error: null,
    });
  });

  it("accepts the number written the way people type it", () => {
    expect(validateRegistrationNumber("ｔ１１８０－３０１０－１８７７１")).toEqual({
      valid: true,
      normalized: "T1180301018771",
      reason: null,
      error: null,
    });
  });

  it("reports a check digit mismatch with the expected digit and a Japanese hint", () => {
    const result = validateRegistrationNumber("T8040001999011");
    expect(result.valid).toBe(false);
    expect(result.normalized).toBe("T8040001999011");
    expect(result.reason).toContain("check digit mismatch");
    expect(result.reason).toContain("expected 1");
    expect(result.reason).toContain("検査用数字が一致しません");
    expect(result.error).toBe("check-digit");
  });

  it("explains each format error", () => {
    expect(validateRegistrationNumber("")).toMatchObject({ valid: false, normalized: null, error: "empty" });
    expect(validateRegistrationNumber("7000012050002").error).toBe("missing-t");
    expect(validateRegistrationNumber("T700001205000A").error).toBe("format");
    expect(validateRegistrationNumber("T70000120500").error).toBe("length");
    expect(validateRegistrationNumber("7000012050002").reason).toContain('missing the leading "T"');
    expect(validateRegistrationNumber("X7000012050002").reason).toContain('must start with "T"');
    expect(validateRegistrationNumber("T70000120500").reason).toContain("got 11");
    expect(validateRegistrationNumber("T70000120500021").reason).toContain("got 14");
    expect(validateRegistrationNumber("T700001205000A").reason).toContain("other than digits");
    expect(validateRegistrationNumber("T0000012050002")).toMatchObject({
      valid: false,
      normalized: "T0000012050002",
      error: "leading-zero",
    });
  });
});
