/**
 * 適格請求書発行事業者の登録番号 (T + 13 digits) and 法人番号 (13 digits).
 *
 * Format and check digit follow domain-japan.md §2: a registration number is `T` + 13 digits; for a corporation the
 * 13 digits are its 法人番号 = check digit + 12-digit 基礎番号 (財務省令 平成26年第70号 第2条). The NTA Web-API stays
 * the final authority; this module only catches typos before anything is sent to an accounting product.
 */

export type RegistrationNumberValidation = {
  valid: boolean;
  /** `T` + 13 digits when the input has that shape after normalisation (even if the check digit fails), else null. */
  normalized: string | null;
  /** Why the value is invalid, in English with a Japanese hint; null when valid. */
  reason: string | null;
  /**
   * The kind of failure, for callers that treat them differently: a `check-digit` failure on a well-formed number
   * may be overridden for a non-corporate registrant (domain-japan.md §2.3); the others are typos.
   */
  error: "empty" | "missing-t" | "format" | "length" | "leading-zero" | "check-digit" | null;
};

// Every dash-like character people (and IMEs) put between digit groups. NFKC maps U+FF0D to "-" but leaves the rest.
const DASHES = /[\u002D\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2500\u30FC\uFF70\uFF0D\u2043\uFE58\uFE63]/g;
// NFKC turns U+3000 (ideographic space) into U+0020; \s also covers tabs, NBSP and line breaks from copy-paste.
const SPACES = /\s+/g;

/** Full-width → half-width, lower-case `t` → `T`, spaces and every hyphen/dash/long-vowel variant removed. */
export function normalizeRegistrationNumber(input: string): string {
  return input.normalize("NFKC").replace(SPACES, "").replace(DASHES, "").toUpperCase();
}

/**
 * Check digit of a 法人番号 from its 12-digit 基礎番号: 9 − (Σ Pn·Qn mod 9), Pn counted from the rightmost digit,
 * Qn = 1 for odd n and 2 for even n. The mod applies to the whole sum (see domain-japan.md §2.2). Always 1–9.
 */
export function corporateNumberCheckDigit(base12: string): number {
  if (!/^\d{12}$/.test(base12)) throw new RangeError(`基礎番号 must be 12 digits, got "${base12}"`);
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const digit = base12.charCodeAt(12 - n) - 48;
    sum += digit * (n % 2 === 1 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

/** True for 13 ASCII digits, first digit 1–9, whose first digit is the check digit of the other twelve. */
export function isValidCorporateNumber(value: string): boolean {
  if (!/^[1-9]\d{12}$/.test(value)) return false;
  return corporateNumberCheckDigit(value.slice(1)) === value.charCodeAt(0) - 48;
}

/**
 * Validates a registration number as typed by a person: accepts full-width characters, lower-case `t`, spaces and
 * hyphens. Non-corporate registrants (個人事業者) have no documented check digit, but the known samples pass it, so a
 * failure is reported as invalid and the caller decides whether to allow an override.
 */
export function validateRegistrationNumber(input: string): RegistrationNumberValidation {
  const compact = normalizeRegistrationNumber(input);
  if (compact === "") {
    return { valid: false, normalized: null, reason: "empty value (登録番号が入力されていません)", error: "empty" };
  }
  if (/^\d{13}$/.test(compact)) {
    return {
      valid: false,
      normalized: null,
      reason: 'missing the leading "T"; a registration number is T + 13 digits (先頭に「T」が必要です)',
      error: "missing-t",
    };
  }
  if (!compact.startsWith("T")) {
    return {
      valid: false,
      normalized: null,
      reason: 'must start with "T" followed by 13 digits (登録番号は「T」＋13桁の数字です)',
      error: "format",
    };
  }
  const digits = compact.slice(1);
  if (/[^0-9]/.test(digits)) {
    return {
      valid: false,
      normalized: null,
      reason: "contains characters other than digits after the T (T以降は数字のみです)",
      error: "format",
    };
  }
  if (digits.length !== 13) {
    return {
      valid: false,
      normalized: null,
      reason: `expected 13 digits after the T, got ${digits.length} (T以降の桁数が13桁ではありません)`,
      error: "length",
    };
  }
  const normalized = `T${digits}`;
  if (digits.startsWith("0")) {
    return {
      valid: false,
      normalized,
      reason: "the first digit cannot be 0 (先頭の数字は0になりません)",
      error: "leading-zero",
    };
  }
  if (!isValidCorporateNumber(digits)) {
    const expected = corporateNumberCheckDigit(digits.slice(1));
    return {
      valid: false,
      normalized,
      reason: `check digit mismatch: expected ${expected}, got ${digits[0]} (検査用数字が一致しません)`,
      error: "check-digit",
    };
  }
  return { valid: true, normalized, reason: null, error: null };
}
