/**
 * Deterministic Japanese company generator shared by all three emulators, so that freee / Money Forward partners
 * partly overlap HubSpot companies (by design: the app's partner matching is exercised against realistic data).
 *
 * API:
 * - `generateCompanies(seed, count)` → `GeneratedCompany[]`. Prefix-stable: the first N companies of
 *   `generateCompanies(s, 500)` equal `generateCompanies(s, N)`, so emulators seeded with different sizes still agree.
 *   Each has a stable `key` ("co-000001"), a canonical `name` with its legal form (前株 / 後株), a `kana` reading
 *   (katakana, for 振込依頼人名-like matching), a valid 13-digit `corporateNumber` or null (~20 %), `address`,
 *   `phone`, `domain`, `industry`.
 * - `nameVariant(rng, name)` → the same company written the way another system would: ㈱ / (株) / （株） / 株式会社,
 *   前株↔後株 swap, full-width letters and digits, inserted half-width or ideographic spaces, 有限会社↔(有).
 *   Always differs from the input.
 * - `hardNegativeName(name)` → a different company whose name contains the original's (東京商事 → 東京商事サービス),
 *   for matching tests that must NOT merge.
 */
import { createRng, type Rng } from "./rng";
import { randomCorporateNumber } from "./corporate-number";

export type GeneratedCompany = {
  key: string;
  index: number;
  name: string;
  kana: string;
  legalForm: LegalForm;
  corporateNumber: string | null;
  prefecture: string;
  city: string;
  address: string;
  phone: string;
  domain: string;
  industry: string;
};

export type LegalForm = "株式会社" | "合同会社" | "有限会社" | "合資会社";

type Word = readonly [kanji: string, kana: string, romaji: string];

const FAMILY: readonly Word[] = [
  ["山田", "ヤマダ", "yamada"], ["佐藤", "サトウ", "sato"], ["鈴木", "スズキ", "suzuki"], ["高橋", "タカハシ", "takahashi"],
  ["田中", "タナカ", "tanaka"], ["伊藤", "イトウ", "ito"], ["渡辺", "ワタナベ", "watanabe"], ["中村", "ナカムラ", "nakamura"],
  ["小林", "コバヤシ", "kobayashi"], ["加藤", "カトウ", "kato"], ["吉田", "ヨシダ", "yoshida"], ["山本", "ヤマモト", "yamamoto"],
  ["松本", "マツモト", "matsumoto"], ["井上", "イノウエ", "inoue"], ["木村", "キムラ", "kimura"], ["林", "ハヤシ", "hayashi"],
  ["清水", "シミズ", "shimizu"], ["山崎", "ヤマザキ", "yamazaki"], ["森", "モリ", "mori"], ["池田", "イケダ", "ikeda"],
  ["橋本", "ハシモト", "hashimoto"], ["阿部", "アベ", "abe"], ["石川", "イシカワ", "ishikawa"], ["前田", "マエダ", "maeda"],
  ["藤田", "フジタ", "fujita"], ["岡田", "オカダ", "okada"], ["後藤", "ゴトウ", "goto"], ["長谷川", "ハセガワ", "hasegawa"],
  ["村上", "ムラカミ", "murakami"], ["近藤", "コンドウ", "kondo"], ["石井", "イシイ", "ishii"], ["坂本", "サカモト", "sakamoto"],
  ["遠藤", "エンドウ", "endo"], ["青木", "アオキ", "aoki"], ["藤井", "フジイ", "fujii"], ["西村", "ニシムラ", "nishimura"],
];

const PLACE: readonly Word[] = [
  ["東京", "トウキョウ", "tokyo"], ["大阪", "オオサカ", "osaka"], ["名古屋", "ナゴヤ", "nagoya"], ["横浜", "ヨコハマ", "yokohama"],
  ["札幌", "サッポロ", "sapporo"], ["福岡", "フクオカ", "fukuoka"], ["京都", "キョウト", "kyoto"], ["神戸", "コウベ", "kobe"],
  ["仙台", "センダイ", "sendai"], ["広島", "ヒロシマ", "hiroshima"], ["北陸", "ホクリク", "hokuriku"], ["湘南", "ショウナン", "shonan"],
  ["関西", "カンサイ", "kansai"], ["東海", "トウカイ", "tokai"], ["九州", "キュウシュウ", "kyushu"], ["信州", "シンシュウ", "shinshu"],
  ["日本", "ニホン", "nihon"], ["中央", "チュウオウ", "chuo"], ["城南", "ジョウナン", "jonan"], ["瀬戸内", "セトウチ", "setouchi"],
];

const NATURE: readonly Word[] = [
  ["さくら", "サクラ", "sakura"], ["青葉", "アオバ", "aoba"], ["富士", "フジ", "fuji"], ["大和", "ヤマト", "yamato"],
  ["光", "ヒカリ", "hikari"], ["朝日", "アサヒ", "asahi"], ["若葉", "ワカバ", "wakaba"], ["翔", "カケル", "kakeru"],
  ["みどり", "ミドリ", "midori"], ["太陽", "タイヨウ", "taiyo"], ["銀河", "ギンガ", "ginga"], ["白鷺", "シラサギ", "shirasagi"],
  ["明星", "ミョウジョウ", "myojo"], ["瑞穂", "ミズホ", "mizuho"], ["双葉", "フタバ", "futaba"], ["菱和", "リョウワ", "ryowa"],
];

const KATAKANA: readonly Word[] = [
  ["アルファ", "アルファ", "alpha"], ["ネクスト", "ネクスト", "next"], ["グローバル", "グローバル", "global"],
  ["フロンティア", "フロンティア", "frontier"], ["ブライト", "ブライト", "bright"], ["エバー", "エバー", "ever"],
  ["スマート", "スマート", "smart"], ["クリエイト", "クリエイト", "create"], ["ユニオン", "ユニオン", "union"],
  ["オーシャン", "オーシャン", "ocean"], ["ハーモニー", "ハーモニー", "harmony"], ["ミライ", "ミライ", "mirai"],
];

const LATIN: readonly Word[] = [
  ["ABC", "エービーシー", "abc"], ["NTK", "エヌティーケー", "ntk"], ["JTS", "ジェイティーエス", "jts"], ["KSP", "ケーエスピー", "ksp"],
  ["3D", "スリーディー", "3d"], ["SBM", "エスビーエム", "sbm"], ["MKS", "エムケーエス", "mks"], ["R&C", "アールアンドシー", "randc"],
];

type Industry = readonly [suffix: string, kana: string, romaji: string, industry: string];
const INDUSTRY: readonly Industry[] = [
  ["製作所", "セイサクショ", "ss", "製造"], ["商事", "ショウジ", "shoji", "卸売"], ["工業", "コウギョウ", "kogyo", "製造"],
  ["建設", "ケンセツ", "kensetsu", "建設"], ["電機", "デンキ", "denki", "製造"], ["システムズ", "システムズ", "systems", "IT"],
  ["ソリューションズ", "ソリューションズ", "solutions", "IT"], ["物流", "ブツリュウ", "logi", "運輸"],
  ["食品", "ショクヒン", "foods", "食品"], ["印刷", "インサツ", "print", "印刷"], ["不動産", "フドウサン", "estate", "不動産"],
  ["設計", "セッケイ", "design", "建設"], ["テック", "テック", "tech", "IT"], ["ホールディングス", "ホールディングス", "hd", "持株"],
  ["産業", "サンギョウ", "sangyo", "製造"], ["精機", "セイキ", "seiki", "製造"], ["運輸", "ウンユ", "unyu", "運輸"],
  ["薬品", "ヤクヒン", "yakuhin", "医薬"], ["化学", "カガク", "chem", "化学"], ["コンサルティング", "コンサルティング", "consulting", "サービス"],
  ["デザイン", "デザイン", "designworks", "サービス"], ["メディア", "メディア", "media", "広告"], ["商会", "ショウカイ", "shokai", "卸売"],
  ["技研", "ギケン", "giken", "製造"], ["興業", "コウギョウ", "kogyo2", "サービス"], ["ラボ", "ラボ", "lab", "IT"],
];

const LOCATIONS: readonly (readonly [pref: string, city: string, area: string])[] = [
  ["東京都", "千代田区", "03"], ["東京都", "港区", "03"], ["東京都", "渋谷区", "03"], ["東京都", "品川区", "03"],
  ["東京都", "八王子市", "042"], ["神奈川県", "横浜市西区", "045"], ["神奈川県", "川崎市中原区", "044"],
  ["埼玉県", "さいたま市大宮区", "048"], ["千葉県", "千葉市中央区", "043"], ["大阪府", "大阪市北区", "06"],
  ["大阪府", "大阪市中央区", "06"], ["愛知県", "名古屋市中区", "052"], ["京都府", "京都市下京区", "075"],
  ["兵庫県", "神戸市中央区", "078"], ["福岡県", "福岡市博多区", "092"], ["北海道", "札幌市中央区", "011"],
  ["宮城県", "仙台市青葉区", "022"], ["広島県", "広島市中区", "082"], ["静岡県", "静岡市葵区", "054"], ["新潟県", "新潟市中央区", "025"],
];

const LEGAL_KANA: Record<LegalForm, string> = {
  株式会社: "カブシキガイシャ",
  合同会社: "ゴウドウガイシャ",
  有限会社: "ユウゲンガイシャ",
  合資会社: "ゴウシガイシャ",
};

function pickCore(rng: Rng): { kanji: string; kana: string; romaji: string; industry: string; attempt: number } {
  const industry = rng.pick(INDUSTRY);
  const pattern = rng.weighted<number>([[0, 35], [1, 15], [2, 15], [3, 15], [4, 6], [5, 14]]);
  let parts: Word[];
  switch (pattern) {
    case 0: parts = [rng.pick(FAMILY)]; break;
    case 1: parts = [rng.pick(PLACE)]; break;
    case 2: parts = [rng.pick(NATURE)]; break;
    case 3: parts = [rng.pick(KATAKANA)]; break;
    case 4: parts = [rng.pick(LATIN)]; break;
    default: parts = [rng.pick(PLACE), rng.pick(FAMILY)];
  }
  return {
    kanji: parts.map((p) => p[0]).join("") + industry[0],
    kana: parts.map((p) => p[1]).join("") + industry[1],
    romaji: parts.map((p) => p[2]).join("-") + "-" + industry[2],
    industry: industry[3],
    attempt: pattern,
  };
}

export function generateCompanies(seed: number, count: number): GeneratedCompany[] {
  const rng = createRng(seed).fork("companies");
  const used = new Set<string>();
  const usedDomains = new Set<string>();
  const out: GeneratedCompany[] = [];
  for (let index = 0; index < count; index++) {
    let core = pickCore(rng);
    // Retry a few times for a fresh name; then make it unique with a three-word core (place+family+nature), which
    // has tens of thousands of combinations, so 100k-company seeds still get distinct names.
    for (let tries = 0; used.has(core.kanji) && tries < 6; tries++) core = pickCore(rng);
    while (used.has(core.kanji)) {
      const p = rng.pick(PLACE);
      const f = rng.pick(FAMILY);
      const n = rng.pick(NATURE);
      const ind = rng.pick(INDUSTRY);
      core = {
        kanji: p[0] + f[0] + n[0] + ind[0],
        kana: p[1] + f[1] + n[1] + ind[1],
        romaji: `${p[2]}-${f[2]}-${n[2]}-${ind[2]}`,
        industry: ind[3],
        attempt: 9,
      };
    }
    used.add(core.kanji);
    const legalForm = rng.weighted<LegalForm>([["株式会社", 76], ["合同会社", 12], ["有限会社", 10], ["合資会社", 2]]);
    const prefix = legalForm === "株式会社" ? rng.chance(0.6) : legalForm !== "合同会社" && rng.chance(0.3);
    const name = prefix ? legalForm + core.kanji : core.kanji + legalForm;
    const kana = prefix ? LEGAL_KANA[legalForm] + core.kana : core.kana + LEGAL_KANA[legalForm];
    const [prefecture, city, area] = rng.pick(LOCATIONS);
    const address = `${prefecture}${city}${rng.int(1, 5)}-${rng.int(1, 30)}-${rng.int(1, 20)}`;
    const rest = 10 - area.length;
    const mid = Math.floor(rest / 2);
    const phone = `${area}-${String(rng.int(0, 10 ** mid - 1)).padStart(mid, "0")}-${String(rng.int(0, 10 ** (rest - mid) - 1)).padStart(rest - mid, "0")}`;
    let domain = `${core.romaji}.co.jp`;
    if (usedDomains.has(domain)) domain = `${core.romaji}-${index}.co.jp`;
    usedDomains.add(domain);
    // ~20 % have no 法人番号 on file (sole proprietors, or simply not recorded in the CRM).
    const corporateNumber = rng.chance(0.2) ? null : randomCorporateNumber(rng);
    out.push({
      key: `co-${String(index + 1).padStart(6, "0")}`,
      index,
      name,
      kana,
      legalForm,
      corporateNumber,
      prefecture,
      city,
      address,
      phone,
      domain,
      industry: core.industry,
    });
  }
  return out;
}

const ABBREVIATIONS: Record<LegalForm, readonly string[]> = {
  株式会社: ["㈱", "(株)", "（株）"],
  有限会社: ["(有)", "㈲", "（有）"],
  合同会社: ["(同)", "（同）"],
  合資会社: ["(資)", "（資）"],
};

const LEGAL_FORMS: readonly LegalForm[] = ["株式会社", "有限会社", "合同会社", "合資会社"];

function splitLegalForm(name: string): { form: LegalForm | null; token: string; body: string; prefix: boolean } {
  for (const form of LEGAL_FORMS) {
    for (const token of [form, ...ABBREVIATIONS[form]]) {
      if (name.startsWith(token)) return { form, token, body: name.slice(token.length).trim(), prefix: true };
      if (name.endsWith(token)) return { form, token, body: name.slice(0, -token.length).trim(), prefix: false };
    }
  }
  return { form: null, token: "", body: name, prefix: false };
}

function toFullWidth(s: string): string {
  return s.replace(/[A-Za-z0-9&]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
}

export function nameVariant(rng: Rng, name: string): string {
  const { form, token, body, prefix } = splitLegalForm(name);
  for (let attempt = 0; attempt < 8; attempt++) {
    let newToken = token;
    let newPrefix = prefix;
    let newBody = body;
    let space = "";
    const ops = rng.int(1, 3);
    for (let i = 0; i < ops; i++) {
      const op = rng.weighted<string>([["abbrev", 40], ["swap", 20], ["fullwidth", 15], ["space", 20], ["unabbrev", 5]]);
      if (op === "abbrev" && form) newToken = rng.pick(ABBREVIATIONS[form]);
      else if (op === "unabbrev" && form) newToken = form;
      else if (op === "swap" && form) newPrefix = !newPrefix;
      else if (op === "fullwidth") newBody = toFullWidth(newBody);
      else if (op === "space") space = rng.pick([" ", "　"]);
    }
    if (/[A-Za-z0-9]/.test(newBody) && rng.chance(0.5)) newBody = toFullWidth(newBody);
    const variant = form ? (newPrefix ? newToken + space + newBody : newBody + space + newToken) : newBody + space;
    if (variant !== name && variant.trim() !== "") return variant;
  }
  // Fallback that always differs: an ideographic space inside the name.
  return form ? (prefix ? `${token}　${body}` : `${body}　${token}`) : `${name}　`;
}

const HARD_NEGATIVE_SUFFIXES = ["サービス", "販売", "ホールディングス", "エンジニアリング", "リース"];

export function hardNegativeName(name: string, rng?: Rng): string {
  const { form, token, body, prefix } = splitLegalForm(name);
  const suffix = rng ? rng.pick(HARD_NEGATIVE_SUFFIXES) : HARD_NEGATIVE_SUFFIXES[0];
  if (!form) return `${name}${suffix}`;
  return prefix ? `${token}${body}${suffix}` : `${body}${suffix}${token}`;
}
