/**
 * 法人格 (legal forms) in every way they are written: full kanji, parenthesised kanji abbreviation ((株), and ㈱ which
 * NFKC turns into "(株)"), 全銀 kana abbreviation (カ) / (カ / (カ)), unabbreviated kana (カブシキガイシャ) and English.
 * Source: domain-japan.md §5.2.
 *
 * The legal form is a feature of its own, never just noise to strip: 株式会社 and 有限会社 are different entities, and
 * so are 株式会社ABC and ABC株式会社 (前株/後株).
 */

export type LegalFormCode =
  | "kabushiki"
  | "yugen"
  | "godo"
  | "gomei"
  | "goshi"
  | "shadan"
  | "ippan-shadan"
  | "koeki-shadan"
  | "zaidan"
  | "ippan-zaidan"
  | "koeki-zaidan"
  | "iryo"
  | "iryo-shadan"
  | "iryo-zaidan"
  | "shakai-iryo"
  | "gakko"
  | "shakai-fukushi"
  | "npo"
  | "shukyo"
  | "dokuritsu-gyosei"
  | "chiho-dokuritsu-gyosei"
  | "daigaku"
  | "kokuritsu-daigaku"
  | "koritsu-daigaku"
  | "sogo"
  | "bengoshi"
  | "zeirishi"
  | "shiho-shoshi"
  | "gyosei-shoshi"
  | "sharoshi"
  | "kansa"
  | "tokkyo"
  | "noji-kumiai"
  | "kanri-kumiai"
  | "kosei-hogo"
  | "chukan"
  | "llp"
  // English forms that do not say which Japanese form they stand for.
  | "en-co-ltd"
  | "en-ltd"
  | "en-corp";

/** Where the legal form sits: 前株 (before), 後株 (after), or inside the name (ケイヨウギンコウ(カ)チバシテン). */
export type LegalFormPosition = "before" | "after" | "middle";

/** How it was written, kept for the review screen and to know when the position carries no information (English). */
export type LegalFormWriting = "full" | "abbreviation" | "kana" | "english";

export type LegalFormDefinition = {
  code: LegalFormCode;
  /** Canonical Japanese label, e.g. 株式会社. */
  label: string;
  /**
   * Forms of one family may be the same entity written more or less precisely: (医) is an abbreviation of 医療法人,
   * 医療法人社団 and 医療法人財団 alike, (社) of 一般/公益社団法人.
   */
  family: string;
  full: readonly string[];
  /** Kanji inside parentheses: 株 for (株). */
  abbreviations: readonly string[];
  /** 全銀 kana abbreviation: カ for カ) / (カ / (カ). */
  kana: readonly string[];
  /** Unabbreviated kana, as in payer names: カブシキガイシャ (banks write ヤ for small ャ). */
  kanaFull: readonly string[];
};

const def = (
  code: LegalFormCode,
  label: string,
  family: string,
  forms: { full?: string[]; abbreviations?: string[]; kana?: string[]; kanaFull?: string[] } = {},
): LegalFormDefinition => ({
  code,
  label,
  family,
  full: forms.full ?? [label],
  abbreviations: forms.abbreviations ?? [],
  kana: forms.kana ?? [],
  kanaFull: forms.kanaFull ?? [],
});

const kanaWithBankSpelling = (...words: string[]) =>
  words.flatMap((w) => (w.includes("ャ") ? [w, w.replaceAll("ャ", "ヤ")] : [w]));

export const LEGAL_FORMS: readonly LegalFormDefinition[] = [
  def("kabushiki", "株式会社", "kabushiki", {
    abbreviations: ["株"],
    kana: ["カ"],
    kanaFull: kanaWithBankSpelling("カブシキガイシャ", "カブシキカイシャ"),
  }),
  def("yugen", "有限会社", "yugen", {
    full: ["有限会社", "特例有限会社"],
    abbreviations: ["有"],
    kana: ["ユ"],
    kanaFull: kanaWithBankSpelling("ユウゲンガイシャ", "ユウゲンカイシャ"),
  }),
  def("godo", "合同会社", "godo", {
    abbreviations: ["同"],
    kana: ["ド"],
    kanaFull: kanaWithBankSpelling("ゴウドウガイシャ", "ゴウドウカイシャ"),
  }),
  def("gomei", "合名会社", "gomei", {
    abbreviations: ["名"],
    kana: ["メ"],
    kanaFull: kanaWithBankSpelling("ゴウメイガイシャ"),
  }),
  def("goshi", "合資会社", "goshi", {
    abbreviations: ["資"],
    kana: ["シ"],
    kanaFull: kanaWithBankSpelling("ゴウシガイシャ"),
  }),
  def("shadan", "社団法人", "shadan", { abbreviations: ["社"], kana: ["シヤ", "シャ"] }),
  def("ippan-shadan", "一般社団法人", "shadan", { abbreviations: ["一社"] }),
  def("koeki-shadan", "公益社団法人", "shadan", { abbreviations: ["公社"] }),
  def("zaidan", "財団法人", "zaidan", { abbreviations: ["財"], kana: ["ザイ"] }),
  def("ippan-zaidan", "一般財団法人", "zaidan", { abbreviations: ["一財"] }),
  def("koeki-zaidan", "公益財団法人", "zaidan", { abbreviations: ["公財"] }),
  def("iryo", "医療法人", "iryo", { abbreviations: ["医"], kana: ["イ"] }),
  def("iryo-shadan", "医療法人社団", "iryo"),
  def("iryo-zaidan", "医療法人財団", "iryo"),
  def("shakai-iryo", "社会医療法人", "iryo"),
  def("gakko", "学校法人", "gakko", { abbreviations: ["学"], kana: ["ガク"] }),
  def("shakai-fukushi", "社会福祉法人", "shakai-fukushi", { abbreviations: ["福"], kana: ["フク"] }),
  // NFKC + lower-casing turns "ＮＰＯ法人" into "npo法人" before matching.
  def("npo", "特定非営利活動法人", "npo", {
    full: ["特定非営利活動法人", "npo法人"],
    abbreviations: ["特非", "npo"],
    kana: ["トクヒ"],
  }),
  def("shukyo", "宗教法人", "shukyo", { abbreviations: ["宗"], kana: ["シユウ", "シュウ"] }),
  def("dokuritsu-gyosei", "独立行政法人", "dokuritsu-gyosei", { abbreviations: ["独"], kana: ["ドク"] }),
  def("chiho-dokuritsu-gyosei", "地方独立行政法人", "dokuritsu-gyosei", {
    abbreviations: ["地独"],
    kana: ["チドク"],
  }),
  def("daigaku", "大学法人", "daigaku", { full: [], abbreviations: ["大"], kana: ["ダイ"] }),
  def("kokuritsu-daigaku", "国立大学法人", "daigaku"),
  def("koritsu-daigaku", "公立大学法人", "daigaku"),
  def("sogo", "相互会社", "sogo", { abbreviations: ["相"], kana: ["ソ"] }),
  def("bengoshi", "弁護士法人", "bengoshi", { abbreviations: ["弁"], kana: ["ベン"] }),
  def("zeirishi", "税理士法人", "zeirishi", { abbreviations: ["税"], kana: ["ゼイ"] }),
  def("shiho-shoshi", "司法書士法人", "shiho-shoshi", { abbreviations: ["司"], kana: ["シホウ"] }),
  def("gyosei-shoshi", "行政書士法人", "gyosei-shoshi", { abbreviations: ["行"], kana: ["ギヨ", "ギョ"] }),
  def("sharoshi", "社会保険労務士法人", "sharoshi", { kana: ["ロウム"] }),
  def("kansa", "監査法人", "kansa"),
  def("tokkyo", "特許業務法人", "tokkyo"),
  def("noji-kumiai", "農事組合法人", "noji-kumiai", { kana: ["ノウ"] }),
  def("kanri-kumiai", "管理組合法人", "kanri-kumiai", { kana: ["カンリ"] }),
  def("kosei-hogo", "更生保護法人", "kosei-hogo", { kana: ["ホゴ"] }),
  def("chukan", "中間法人", "chukan", {
    full: ["中間法人", "有限責任中間法人", "無限責任中間法人"],
    abbreviations: ["中"],
    kana: ["チユウ", "チュウ"],
  }),
  def("llp", "有限責任事業組合", "llp"),
  def("en-co-ltd", "Co., Ltd.", "en", { full: [] }),
  def("en-ltd", "Ltd.", "en", { full: [] }),
  def("en-corp", "Inc. / Corp.", "en", { full: [] }),
];

const BY_CODE = new Map(LEGAL_FORMS.map((form) => [form.code, form]));

export function getLegalForm(code: LegalFormCode): LegalFormDefinition {
  return BY_CODE.get(code)!;
}

/**
 * English suffixes, tried in order on the lower-cased NFKC name. Each needs a separator before it, so "abcinc" or
 * "mercorp" keep their letters. English gives no 前株/後株 information: 株式会社ABC and ABC株式会社 are both "ABC Co.,
 * Ltd." in English.
 */
export const ENGLISH_LEGAL_FORMS: readonly { pattern: RegExp; code: LegalFormCode }[] = [
  { pattern: /(?:^|[\s,.])(?:kabushiki\s*[gk]aisha|k\.\s*k\.?|kk)\.?$/, code: "kabushiki" },
  { pattern: /(?:^|[\s,.])(?:yugen\s*[gk]aisha|y\.\s*k\.?)$/, code: "yugen" },
  { pattern: /(?:^|[\s,.])(?:godo\s*[gk]aisha|g\.\s*k\.?|l\.?\s?l\.?\s?c\.?)$/, code: "godo" },
  { pattern: /(?:^|[\s,.])l\.?l\.?p\.?$/, code: "llp" },
  { pattern: /(?:^|[\s,.])co(?:\.|mpany)?\s*[,.]?\s*(?:ltd\.?|limited)$/, code: "en-co-ltd" },
  { pattern: /(?:^|[\s,.])(?:ltd\.?|limited)$/, code: "en-ltd" },
  { pattern: /(?:^|[\s,.])(?:inc\.?|incorporated|corp\.?|corporation)$/, code: "en-corp" },
];

/** Which Japanese families an English form can stand for (Co., Ltd. is used by 株式会社 and 有限会社 alike). */
const ENGLISH_COMPATIBLE: Partial<Record<LegalFormCode, readonly string[]>> = {
  "en-co-ltd": ["kabushiki", "yugen"],
  "en-ltd": ["kabushiki", "yugen"],
  "en-corp": ["kabushiki"],
};

/**
 * - `same`: the same legal form.
 * - `compatible`: could be the same entity written more or less precisely ((医) vs 医療法人社団, Co., Ltd. vs 株式会社);
 *   a person should confirm.
 * - `different`: different legal forms (株式会社 vs 有限会社) — a different entity unless it changed its form.
 */
export function compareLegalForms(a: LegalFormCode, b: LegalFormCode): "same" | "compatible" | "different" {
  if (a === b) return "same";
  const fa = getLegalForm(a);
  const fb = getLegalForm(b);
  if (fa.family === fb.family && fa.family !== "en") return "compatible";
  if (fa.family === "en" && fb.family === "en") return "compatible";
  if (ENGLISH_COMPATIBLE[a]?.includes(fb.family) || ENGLISH_COMPATIBLE[b]?.includes(fa.family)) return "compatible";
  return "different";
}
