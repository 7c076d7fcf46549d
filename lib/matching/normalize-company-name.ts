import { foldKanjiVariants } from "./kanji-variants";
import {
  ENGLISH_LEGAL_FORMS,
  LEGAL_FORMS,
  type LegalFormCode,
  type LegalFormPosition,
  type LegalFormWriting,
} from "./legal-forms";

/**
 * A company name split into features (domain-japan.md §5.3). Three keys of decreasing strictness, so the matcher can
 * tell "the same name" (auto-linkable) from "the same name up to spelling" (a person confirms):
 * - `core`: legal form removed, width/case/space/punctuation/variant-kanji folded, dashes after kana read as ー.
 * - `looseKey`: `core` without ー, with small kana enlarged and obsolete kana (ヲヂヅヰヱ) folded, & and + dropped.
 * - `kanaKey`: `looseKey` with hiragana turned into katakana (さくら = サクラ); a different name unless nothing better
 *   exists.
 */
export type NormalizedCompanyName = {
  input: string;
  /** NFKC, variant kanji folded, lower-cased, spaces collapsed: what the other features were read from. */
  cleaned: string;
  legalForm: LegalFormCode | null;
  legalFormPosition: LegalFormPosition | null;
  legalFormWriting: LegalFormWriting | null;
  /** The legal-form text as found in `cleaned`, e.g. "(株)" or "co., ltd.". */
  legalFormText: string | null;
  core: string;
  looseKey: string;
  kanaKey: string;
};

// Circled ideographs NFKC turns into a bare kanji (㊑ → 株); read them as the parenthesised abbreviation instead.
const CIRCLED: Record<string, string> = { "㊑": "(株)", "㊒": "(有)", "㊓": "(社)", "㊔": "(名)", "㊖": "(財)", "㊫": "(学)" };
const BRACKETS: Record<string, string> = { "〔": "(", "〕": ")", "[": "(", "]": ")", "【": "(", "】": ")", "{": "(", "}": ")" };
// Dash-likes NFKC leaves alone (U+FF0D and U+FE63 it maps to "-"); ー and ｰ are handled with kana below.
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\u2500\u2501\uFE58]/g;
// Separators and punctuation that carry no meaning in a name (NFKC already turned ･ into ・ and full-width into ASCII).
const REMOVABLE = new Set(Array.from(" \t・·•.,、。'\"`’‘“”()「」『』〈〉《》/\\:;!?_*"));
const LONG_VOWEL_LIKE = new Set(["-", "ー", "~", "〜"]);

const SMALL_KANA: Record<string, string> = {
  ぁ: "あ", ぃ: "い", ぅ: "う", ぇ: "え", ぉ: "お", っ: "つ", ゃ: "や", ゅ: "ゆ", ょ: "よ", ゎ: "わ", ゕ: "か", ゖ: "け",
  ァ: "ア", ィ: "イ", ゥ: "ウ", ェ: "エ", ォ: "オ", ッ: "ツ", ャ: "ヤ", ュ: "ユ", ョ: "ヨ", ヮ: "ワ", ヵ: "カ", ヶ: "ケ",
  を: "お", ぢ: "じ", づ: "ず", ゐ: "い", ゑ: "え",
  ヲ: "オ", ヂ: "ジ", ヅ: "ズ", ヰ: "イ", ヱ: "エ",
};

const isKana = (char: string): boolean => {
  const code = char.codePointAt(0)!;
  return (code >= 0x3041 && code <= 0x309f) || (code >= 0x30a0 && code <= 0x30ff);
};

type Pattern = { text: string; code: LegalFormCode; writing: LegalFormWriting };

// Longest first, so 医療法人社団 wins over 医療法人 and 一般社団法人 over 社団法人.
const byLength = (a: Pattern, b: Pattern) => b.text.length - a.text.length;
const PLAIN: Pattern[] = LEGAL_FORMS.flatMap((form) => [
  ...form.full.map((text) => ({ text, code: form.code, writing: "full" as const })),
  ...form.kanaFull.map((text) => ({ text, code: form.code, writing: "kana" as const })),
]).sort(byLength);
const PAREN_ABBREVIATIONS: Pattern[] = LEGAL_FORMS.flatMap((form) =>
  form.abbreviations.map((abbr) => ({ text: `(${abbr})`, code: form.code, writing: "abbreviation" as const })),
).sort(byLength);
const EDGE_PATTERNS: Pattern[] = [...PLAIN, ...PAREN_ABBREVIATIONS].sort(byLength);
// 全銀 kana abbreviations in their three positional shapes: カ) before, (カ after, (カ) anywhere.
const KANA_ABBREVIATIONS = LEGAL_FORMS.flatMap((form) =>
  form.kana.map((kana) => ({ code: form.code, leading: `${kana})`, trailing: `(${kana}`, enclosed: `(${kana})` })),
).sort((a, b) => b.leading.length - a.leading.length);

type Extraction = {
  rest: string;
  code: LegalFormCode;
  position: LegalFormPosition;
  writing: LegalFormWriting;
  text: string;
};

function extractLegalForm(s: string): Extraction | null {
  const found = (start: number, text: string, pattern: Omit<Pattern, "text">): Extraction => ({
    rest: `${s.slice(0, start)} ${s.slice(start + text.length)}`.trim(),
    code: pattern.code,
    writing: pattern.writing,
    position: start === 0 ? "before" : start + text.length === s.length ? "after" : "middle",
    text,
  });

  // Before or after the name: full kanji, unabbreviated kana, (株), and the 全銀 forms カ) / (カ / (カ).
  for (const p of EDGE_PATTERNS) {
    // Only a legal form, no name ("株式会社" typed into the name field): nothing to match on.
    if (s === p.text) return found(0, p.text, p);
    if (s.length <= p.text.length) continue;
    if (s.startsWith(p.text)) return found(0, p.text, p);
    if (s.endsWith(p.text)) return found(s.length - p.text.length, p.text, p);
  }
  for (const { code, leading, trailing, enclosed } of KANA_ABBREVIATIONS) {
    const pattern = { code, writing: "kana" as const };
    if (s.length <= leading.length) continue; // leading and trailing have the same length
    if (s.startsWith(leading)) return found(0, leading, pattern);
    if (s.endsWith(trailing)) return found(s.length - trailing.length, trailing, pattern);
    if (s.length <= enclosed.length) continue;
    if (s.startsWith(enclosed)) return found(0, enclosed, pattern);
    if (s.endsWith(enclosed)) return found(s.length - enclosed.length, enclosed, pattern);
  }

  // Inside the name: a parenthesised abbreviation ("東京(株)大阪支店", "ケイヨウギンコウ(カ)チバシテン") or a full
  // form standing as its own space-separated word ("abc 株式会社 東京支店").
  if (s.includes("(")) {
    for (const p of PAREN_ABBREVIATIONS) {
      const at = s.indexOf(p.text);
      if (at > 0) return found(at, p.text, p);
    }
    for (const { code, enclosed } of KANA_ABBREVIATIONS) {
      const at = s.indexOf(enclosed);
      if (at > 0) return found(at, enclosed, { code, writing: "kana" });
    }
  }
  if (s.includes(" ")) {
    for (const p of PLAIN) {
      const at = s.indexOf(` ${p.text} `);
      if (at > 0) return found(at + 1, p.text, p);
    }
  }

  // English suffixes last: "トヨタ自動車株式会社 toyota motor corporation" is read by its Japanese form.
  for (const { pattern, code } of ENGLISH_LEGAL_FORMS) {
    const match = pattern.exec(s);
    if (!match) continue;
    const separator = /^[\s,.]/.test(match[0]) ? 1 : 0;
    const start = match.index + separator;
    if (start === 0) continue; // the whole name is "Inc." or "K.K.": nothing left to be a name
    return {
      rest: s.slice(0, start).replace(/[\s,.]+$/, ""),
      code,
      writing: "english",
      position: "after",
      text: s.slice(start),
    };
  }
  return null;
}

function toCoreKey(rest: string): string {
  let out = "";
  let last = "";
  for (const char of rest) {
    if (LONG_VOWEL_LIKE.has(char)) {
      // A dash after kana is a long-vowel mark typed with the wrong key (サ-ビス, サ―ビス); elsewhere it separates
      // words (ABC-Tech) and goes like a space. Repeated marks collapse.
      if (last !== "" && isKana(last) && last !== "ー") {
        out += "ー";
        last = "ー";
      }
      continue;
    }
    if (REMOVABLE.has(char)) continue;
    out += char;
    last = char;
  }
  return out;
}

function toLooseKey(core: string): string {
  let out = "";
  for (const char of core) {
    if (char === "ー" || char === "&" || char === "+") continue;
    out += SMALL_KANA[char] ?? char;
  }
  return out;
}

function hiraganaToKatakana(text: string): string {
  return text.replace(/[\u3041-\u3096]/g, (char) => String.fromCharCode(char.charCodeAt(0) + 0x60));
}

/** Folds width, case, variant kanji, spaces and dashes; the legal form is still in place. */
export function cleanCompanyName(input: string): string {
  let s = "";
  for (const char of input) s += CIRCLED[char] ?? char;
  // Variant kanji are folded before the legal form is read: 株式會社 and 醫療法人 are 株式会社 and 医療法人.
  s = foldKanjiVariants(s.normalize("NFKC")).toLowerCase();
  s = s.replace(/[〔〕[\]【】{}]/g, (char) => BRACKETS[char] ?? char);
  s = s.replace(DASHES, "-");
  s = s.replace(/\s+/g, " ").trim();
  // "( 株 )" and "カ) ヤマダ" — spaces inside the parentheses of an abbreviation are typing noise.
  return s.replace(/\(\s+/g, "(").replace(/\s+\)/g, ")");
}

export function normalizeCompanyName(input: string): NormalizedCompanyName {
  const cleaned = cleanCompanyName(input);
  const extraction = extractLegalForm(cleaned);
  const core = toCoreKey(extraction ? extraction.rest : cleaned);
  const looseKey = toLooseKey(core);
  return {
    input,
    cleaned,
    legalForm: extraction?.code ?? null,
    legalFormPosition: extraction?.position ?? null,
    legalFormWriting: extraction?.writing ?? null,
    legalFormText: extraction?.text ?? null,
    core,
    looseKey,
    kanaKey: hiraganaToKatakana(looseKey),
  };
}
