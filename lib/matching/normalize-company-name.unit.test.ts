import { describe, expect, it } from "vitest";
import { foldKanjiVariants } from "./kanji-variants";
import { compareLegalForms, type LegalFormCode } from "./legal-forms";
import { normalizeCompanyName } from "./normalize-company-name";

const features = (input: string) => {
  const n = normalizeCompanyName(input);
  return { form: n.legalForm, position: n.legalFormPosition, writing: n.legalFormWriting, core: n.core };
};

describe("legal forms in every written form, before and after the name", () => {
  // [legal form, written forms before the name, written forms after the name]
  const cases: [LegalFormCode, string[], string[]][] = [
    ["kabushiki", ["株式会社", "(株)", "（株）", "㈱", "㍿", "( 株 )", "㊑"], ["株式会社", "(株)", "（株）", "㈱"]],
    ["yugen", ["有限会社", "特例有限会社", "(有)", "（有）", "㈲"], ["有限会社", "(有)", "㈲"]],
    ["godo", ["合同会社", "(同)", "（同）"], ["合同会社", "(同)"]],
    ["gomei", ["合名会社", "(名)", "㈴"], ["合名会社", "(名)"]],
    ["goshi", ["合資会社", "(資)", "㈾"], ["合資会社", "(資)"]],
    ["ippan-shadan", ["一般社団法人", "(一社)", "（一社）"], ["一般社団法人"]],
    ["ippan-zaidan", ["一般財団法人", "(一財)"], ["一般財団法人"]],
    ["koeki-shadan", ["公益社団法人", "(公社)"], ["公益社団法人"]],
    ["koeki-zaidan", ["公益財団法人", "(公財)"], ["公益財団法人"]],
    ["shadan", ["社団法人", "(社)", "㈳"], ["社団法人"]],
    ["zaidan", ["財団法人", "(財)", "㈶"], ["財団法人"]],
    ["iryo", ["医療法人", "(医)"], ["医療法人"]],
    ["iryo-shadan", ["医療法人社団"], ["医療法人社団"]],
    ["iryo-zaidan", ["医療法人財団"], ["医療法人財団"]],
    ["shakai-iryo", ["社会医療法人"], ["社会医療法人"]],
    ["gakko", ["学校法人", "(学)", "㈻"], ["学校法人"]],
    ["shakai-fukushi", ["社会福祉法人", "(福)"], ["社会福祉法人"]],
    ["npo", ["特定非営利活動法人", "NPO法人", "ＮＰＯ法人", "npo法人", "(特非)"], ["特定非営利活動法人"]],
    ["dokuritsu-gyosei", ["独立行政法人", "(独)"], ["独立行政法人"]],
    ["chiho-dokuritsu-gyosei", ["地方独立行政法人", "(地独)"], ["地方独立行政法人"]],
    ["kokuritsu-daigaku", ["国立大学法人"], ["国立大学法人"]],
    ["shukyo", ["宗教法人", "(宗)"], ["宗教法人"]],
    ["zeirishi", ["税理士法人", "(税)"], ["税理士法人"]],
    ["bengoshi", ["弁護士法人", "(弁)"], ["弁護士法人"]],
    ["kansa", ["監査法人"], ["監査法人"]],
    ["sogo", ["相互会社", "(相)"], ["相互会社"]],
  ];
  for (const [code, before, after] of cases) {
    it.each(before)(`reads %s before the name as ${code}`, (form) => {
      expect(features(`${form}山田製作所`)).toMatchObject({ form: code, position: "before", core: "山田製作所" });
      expect(features(`${form}　山田製作所`)).toMatchObject({ form: code, position: "before", core: "山田製作所" });
    });
    it.each(after)(`reads %s after the name as ${code}`, (form) => {
      expect(features(`山田製作所${form}`)).toMatchObject({ form: code, position: "after", core: "山田製作所" });
      expect(features(`山田製作所 ${form}`)).toMatchObject({ form: code, position: "after", core: "山田製作所" });
    });
  }

  it("records how the form was written", () => {
    expect(features("株式会社山田").writing).toBe("full");
    expect(features("㈱山田").writing).toBe("abbreviation");
    expect(features("ｶ)ﾔﾏﾀﾞ").writing).toBe("kana");
    expect(features("Yamada Co., Ltd.").writing).toBe("english");
  });

  it("reads the 全銀 kana abbreviations by their position (カ) / (カ) / (カ)", () => {
    expect(features("ｶ)ﾔﾏﾀﾞｾｲｻｸｼﾖ")).toEqual({ form: "kabushiki", position: "before", writing: "kana", core: "ヤマダセイサクシヨ" });
    expect(features("ﾔﾏﾀﾞｾｲｻｸｼﾖ(ｶ")).toEqual({ form: "kabushiki", position: "after", writing: "kana", core: "ヤマダセイサクシヨ" });
    expect(features("ケイヨウギンコウ(カ)チバシテン")).toMatchObject({ form: "kabushiki", position: "middle" });
    expect(features("ﾕ)ｽｽﾞｷｼﾖｳﾃﾝ")).toMatchObject({ form: "yugen", position: "before", core: "スズキシヨウテン" });
    expect(features("ﾄﾞ)ﾐﾗｲﾜｰｸｽ")).toMatchObject({ form: "godo", position: "before" });
    expect(features("ｲ)ｹﾝｺｳｶｲ")).toMatchObject({ form: "iryo", position: "before" });
    expect(features("ｶﾞｸ)ｱｵﾊﾞｶﾞｸｴﾝ")).toMatchObject({ form: "gakko", position: "before" });
    expect(features("カブシキガイシヤヤマダ")).toMatchObject({ form: "kabushiki", position: "before", core: "ヤマダ" });
  });

  it("reads English legal forms, after the name", () => {
    expect(features("Yamada Co., Ltd.")).toMatchObject({ form: "en-co-ltd", position: "after", core: "yamada" });
    expect(features("YAMADA CO.,LTD.")).toMatchObject({ form: "en-co-ltd", core: "yamada" });
    expect(features("Yamada Company Limited")).toMatchObject({ form: "en-co-ltd", core: "yamada" });
    expect(features("Yamada K.K.")).toMatchObject({ form: "kabushiki", writing: "english", core: "yamada" });
    expect(features("Yamada Kabushiki Kaisha")).toMatchObject({ form: "kabushiki", core: "yamada" });
    expect(features("Yamada Inc.")).toMatchObject({ form: "en-corp", core: "yamada" });
    expect(features("Toyota Motor Corporation")).toMatchObject({ form: "en-corp", core: "toyotamotor" });
    expect(features("Yamada Ltd")).toMatchObject({ form: "en-ltd", core: "yamada" });
    expect(features("Mirai Works LLC")).toMatchObject({ form: "godo", core: "miraiworks" });
    expect(features("Yamada Y.K.")).toMatchObject({ form: "yugen", core: "yamada" });
  });

  it("keeps letters that only look like a legal form", () => {
    expect(features("Mercorp")).toMatchObject({ form: null, core: "mercorp" });
    expect(features("ABCINC")).toMatchObject({ form: null, core: "abcinc" });
    expect(features("Inc.")).toMatchObject({ form: null });
  });

  it("does not read a legal form inside a word", () => {
    // 合同製鐵 is a name starting with 合同, not 合同会社.
    expect(features("合同製鐵株式会社")).toMatchObject({ form: "kabushiki", position: "after", core: "合同製鉄" });
    expect(features("有限責任事業組合ABC")).toMatchObject({ form: "llp", core: "abc" });
    expect(features("山田製作所")).toMatchObject({ form: null, position: null, core: "山田製作所" });
  });

  it("reads legal forms written with old kanji", () => {
    expect(features("株式會社山田製作所")).toMatchObject({ form: "kabushiki", position: "before", core: "山田製作所" });
    expect(features("醫療法人社團健康會")).toMatchObject({ form: "iryo-shadan", core: "健康会" });
    expect(features("學校法人青葉學園")).toMatchObject({ form: "gakko", core: "青葉学園" });
  });

  it("prefers the longest form (医療法人社団 over 医療法人, 一般社団法人 over 社団法人)", () => {
    expect(features("医療法人社団健康会").form).toBe("iryo-shadan");
    expect(features("健康会医療法人財団").form).toBe("iryo-zaidan");
    expect(features("一般社団法人日本協会").form).toBe("ippan-shadan");
    expect(features("日本協会公益社団法人").form).toBe("koeki-shadan");
  });

  it("finds a full form standing as a word inside the name", () => {
    expect(features("ABC 株式会社 東京支店")).toMatchObject({ form: "kabushiki", position: "middle", core: "abc東京支店" });
    expect(features("東京(株)大阪支店")).toMatchObject({ form: "kabushiki", position: "middle", core: "東京大阪支店" });
  });
});

describe("character normalisation of the core name", () => {
  it("folds width, case and spaces (incl. ideographic)", () => {
    expect(normalizeCompanyName("ＡＢＣ　ｺﾝｻﾙﾃｨﾝｸﾞ株式会社").core).toBe("abcコンサルティング");
    expect(normalizeCompanyName("abc コンサルティング 株式会社").core).toBe("abcコンサルティング");
    expect(normalizeCompanyName(" Blue\tOcean  Partners ").core).toBe("blueoceanpartners");
  });

  it("drops middle dots and punctuation", () => {
    const expected = "データソリューションズ";
    for (const name of ["データ・ソリューションズ", "データ･ソリューションズ", "データ·ソリューションズ", "データ ソリューションズ"]) {
      expect(normalizeCompanyName(name).core).toBe(expected);
    }
    expect(normalizeCompanyName("「みらい」の森").core).toBe("みらいの森");
  });

  it("reads a dash after kana as the long-vowel mark, and drops it elsewhere", () => {
    for (const dash of ["ー", "－", "-", "‐", "‑", "‒", "–", "—", "―", "−", "─", "ｰ"]) {
      expect(normalizeCompanyName(`テクノサ${dash}ビス株式会社`).core).toBe("テクノサービス");
    }
    expect(normalizeCompanyName("ABC-Tech").core).toBe("abctech");
    expect(normalizeCompanyName("東京-大阪運輸").core).toBe("東京大阪運輸");
  });

  it("maps old and variant kanji to their standard form", () => {
    const pairs: [string, string][] = [
      ["髙島屋", "高島屋"],
      ["齋藤製作所", "斎藤製作所"],
      ["齊藤製作所", "斎藤製作所"],
      ["渡邊商事", "渡辺商事"],
      ["渡邉商事", "渡辺商事"],
      ["山﨑金属", "山崎金属"],
      ["濱田食品", "浜田食品"],
      ["澤井電機", "沢井電機"],
      ["廣田工業", "広田工業"],
      ["國分物産", "国分物産"],
      ["櫻井精機", "桜井精機"],
      ["德島産業", "徳島産業"],
      ["𠮷田産業", "吉田産業"],
      ["合同製鐵", "合同製鉄"],
      ["長嶋鉄工", "長島鉄工"],
      ["冨田商会", "富田商会"],
    ];
    for (const [variant, standard] of pairs) {
      expect(normalizeCompanyName(variant).core).toBe(standard);
      expect(foldKanjiVariants(variant)).toBe(standard);
    }
  });

  it("keeps hiragana and katakana apart in the core, together in the kana key", () => {
    const hira = normalizeCompanyName("さくら商事株式会社");
    const kata = normalizeCompanyName("サクラ商事株式会社");
    expect(hira.core).not.toBe(kata.core);
    expect(hira.looseKey).not.toBe(kata.looseKey);
    expect(hira.kanaKey).toBe(kata.kanaKey);
  });

  it("folds long vowels and small kana in the loose key only", () => {
    const a = normalizeCompanyName("コンピューターサイエンス");
    const b = normalizeCompanyName("コンピュータサイエンス");
    const c = normalizeCompanyName("コンピユータサイエンス");
    expect(a.core).not.toBe(b.core);
    expect(a.looseKey).toBe(b.looseKey);
    expect(b.looseKey).toBe(c.looseKey);
  });
});

describe("compareLegalForms", () => {
  it("tells same, compatible and different forms", () => {
    expect(compareLegalForms("kabushiki", "kabushiki")).toBe("same");
    expect(compareLegalForms("kabushiki", "yugen")).toBe("different");
    expect(compareLegalForms("godo", "kabushiki")).toBe("different");
    expect(compareLegalForms("iryo", "iryo-shadan")).toBe("compatible");
    expect(compareLegalForms("shadan", "ippan-shadan")).toBe("compatible");
    expect(compareLegalForms("ippan-shadan", "koeki-shadan")).toBe("compatible");
    expect(compareLegalForms("ippan-shadan", "ippan-zaidan")).toBe("different");
    expect(compareLegalForms("en-co-ltd", "kabushiki")).toBe("compatible");
    expect(compareLegalForms("en-co-ltd", "yugen")).toBe("compatible");
    expect(compareLegalForms("en-corp", "yugen")).toBe("different");
    expect(compareLegalForms("en-corp", "godo")).toBe("different");
  });
});

describe("snapshot of a realistic customer list", () => {
  // Names as they appear in CRM exports, accounting partner lists and bank statements.
  const names = [
    "株式会社　山田製作所",
    "㈱山田製作所",
    "山田製作所（株）",
    "ｶ)ﾔﾏﾀﾞｾｲｻｸｼﾖ",
    "トヨタ自動車株式会社",
    "Toyota Motor Corporation",
    "髙島屋株式会社",
    "株式会社 齋藤ﾃﾞｻﾞｲﾝ",
    "有限会社 渡邊商店",
    "（有）ライフ・サポート",
    "合同会社ＤＭＭ．ｃｏｍ",
    "一般社団法人　日本ＩＴ団体連盟",
    "医療法人社団　健康会　さくらクリニック",
    "(医)健康会",
    "学校法人 青葉学園",
    "社会福祉法人ひまわり福祉会",
    "ＮＰＯ法人　みらいの森",
    "独立行政法人 情報処理推進機構",
    "国立大学法人東京大学",
    "税理士法人 山本会計",
    "株式会社サ－ビス・ワン",
    "ソニーグループ株式会社",
    "Sony Group Corporation",
    "ABC Co., Ltd.",
    "JBN K.K.",
    "株式会社A&Kデザイン",
    "東京海上日動火災保険株式会社",
    "三井物産スチール株式会社",
    "ケイヨウギンコウ(カ)チバシテン",
    "株式会社",
  ];
  it("matches the recorded features", () => {
    expect(names.map((name) => normalizeCompanyName(name))).toMatchSnapshot();
  });
});
