import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { corporateNumberCheckDigit } from "@/lib/japan/registration-number";
import { evaluateLabelledSet, parseLabelledSet } from "./labelled-set";
import { matchCompanies, type CompanyMatch, type PartnerInput } from "./match-companies";

/** The single best answer for one CRM name against the given partner names (ids p0, p1, …). */
function matchOne(crmName: string, partnerNames: string[], corporateNumber?: string): CompanyMatch {
  const partners: PartnerInput[] = partnerNames.map((name, i) => ({ id: `p${i}`, name }));
  return matchCompanies([{ id: "c", name: crmName, corporateNumber }], partners)[0]!;
}

const number = (base12: string) => `${corporateNumberCheckDigit(base12)}${base12}`;

describe("decisions on variants of the same name", () => {
  it.each([
    ["株式会社山田製作所", "㈱山田製作所"],
    ["株式会社山田製作所", "（株）山田製作所"],
    ["株式会社山田製作所", "(株) 山田 製作所"],
    ["山田製作所株式会社", "山田製作所㈱"],
    ["株式会社髙島屋", "株式会社高島屋"],
    ["株式会社テクノサービス", "株式会社テクノサ－ビス"],
    ["株式会社ＡＢＣコンサルティング", "株式会社ABCコンサルティング"],
    ["ﾃｸﾉｿﾘｭｰｼｮﾝｽﾞ㈱", "テクノソリューションズ株式会社"],
    ["有限会社渡邊商店", "㈲渡辺商店"],
    ["一般社団法人日本データ協会", "(一社)日本データ協会"],
    ["データ・ソリューションズ株式会社", "データソリューションズ株式会社"],
  ])("%s ↔ %s is auto", (crm, partner) => {
    const result = matchOne(crm, [partner]);
    expect(result).toMatchObject({ partnerId: "p0", decision: "auto" });
    expect(result.confidence).toBeGreaterThanOrEqual(0.95);
  });
});

describe("hard cases are never auto", () => {
  it.each([
    // extra or missing word, group companies
    ["東京商事株式会社", "東京商事サービス株式会社"],
    ["東京商事サービス株式会社", "東京商事株式会社"],
    ["三井物産株式会社", "三井物産スチール株式会社"],
    ["三井物産スチール株式会社", "三井物産株式会社"],
    // different legal form
    ["株式会社山田製作所", "有限会社山田製作所"],
    ["株式会社山田製作所", "㈲山田製作所"],
    ["合同会社ミライ", "株式会社ミライ"],
    ["一般社団法人日本データ協会", "一般財団法人日本データ協会"],
    // 前株 vs 後株
    ["株式会社山田製作所", "山田製作所株式会社"],
    ["㈱山田製作所", "山田製作所(株)"],
    // hiragana vs katakana
    ["さくら商事株式会社", "サクラ商事株式会社"],
    // legal form missing on one side
    ["山田製作所", "株式会社山田製作所"],
    ["株式会社山田製作所", "山田製作所"],
    ["山田製作所", "山田製作所"],
    // English form on one side: 前株/後株 unknown
    ["Sunrise Trading Co., Ltd.", "Sunrise Trading株式会社"],
    // spelling variants a person should confirm
    ["株式会社コンピューターサイエンス", "株式会社コンピュータサイエンス"],
    ["株式会社栗田製作所", "株式会社栗田制作所"],
    // similar names of different companies
    ["三井物産株式会社", "三井不動産株式会社"],
    ["東洋工機株式会社", "東洋工業株式会社"],
  ])("%s ↔ %s", (crm, partner) => {
    const result = matchOne(crm, [partner]);
    expect(result.decision).not.toBe("auto");
  });

  it("sends extra-word, form and position differences to review, not none", () => {
    expect(matchOne("東京商事株式会社", ["東京商事サービス株式会社"]).decision).toBe("review");
    expect(matchOne("株式会社山田製作所", ["有限会社山田製作所"]).decision).toBe("review");
    expect(matchOne("株式会社山田製作所", ["山田製作所株式会社"]).decision).toBe("review");
    expect(matchOne("山田製作所", ["株式会社山田製作所"]).decision).toBe("review");
  });

  it("prefers the same spelling over hiragana/katakana, and offers the other only for review", () => {
    const both = matchOne("さくら商事株式会社", ["サクラ商事株式会社", "さくら商事㈱"]);
    expect(both).toMatchObject({ partnerId: "p1", decision: "auto" });
    const katakanaOnly = matchOne("さくら商事株式会社", ["サクラ商事株式会社"]);
    expect(katakanaOnly).toMatchObject({ partnerId: "p0", decision: "review" });
    expect(katakanaOnly.reasons.join(" ")).toContain("hiragana and katakana");
  });

  it("picks the same legal form and position among same-name partners", () => {
    const result = matchOne("株式会社山田製作所", ["山田製作所株式会社", "有限会社山田製作所", "㈱山田製作所"]);
    expect(result).toMatchObject({ partnerId: "p2", decision: "auto" });
    expect(result.candidates?.map((c) => c.partnerId)).toEqual(["p2", "p0", "p1"]);
  });

  it("does not auto-link when two partners are equally good (duplicates in accounting)", () => {
    const result = matchOne("株式会社山田製作所", ["㈱山田製作所", "株式会社 山田製作所"]);
    expect(result.decision).toBe("review");
    expect(result.reasons.join(" ")).toContain("possible duplicates");
  });

  it("returns none with no partner id when nothing is close", () => {
    const result = matchOne("株式会社山田製作所", ["大阪運輸株式会社"]);
    expect(result).toMatchObject({ partnerId: null, decision: "none" });
    expect(matchCompanies([{ id: "c", name: "株式会社山田製作所" }], [])[0]).toMatchObject({
      partnerId: null,
      decision: "none",
      confidence: 0,
    });
  });
});

describe("identifiers first", () => {
  const toyota = "1180301018771";

  it("links by 法人番号 = registration number whatever the names say", () => {
    const result = matchOne("トヨタ", ["株式会社山田製作所", "トヨタ自動車株式会社"], toyota);
    expect(result.decision).not.toBe("auto"); // no registration number on the partners: names only
    const partners = [
      { id: "p0", name: "トヨタ株式会社" },
      { id: "p1", name: "TOYOTA MOTOR CORPORATION", registrationNumber: `t${toyota.slice(0, 4)}-${toyota.slice(4)}` },
    ];
    const byNumber = matchCompanies([{ id: "c", name: "トヨタ株式会社", corporateNumber: toyota }], partners)[0]!;
    expect(byNumber).toMatchObject({ partnerId: "p1", decision: "auto", confidence: 1 });
    expect(byNumber.reasons[0]).toContain("法人番号");
  });

  it("accepts the CRM number written as a registration number (T, full width, hyphens)", () => {
    const result = matchCompanies(
      [{ id: "c", name: "x", corporateNumber: "Ｔ１１８０－３０１０－１８７７１" }],
      [{ id: "p", name: "y", registrationNumber: `T${toyota}` }],
    )[0]!;
    expect(result).toMatchObject({ partnerId: "p", decision: "auto", confidence: 1 });
  });

  it("ignores a number with a wrong check digit (a typo links nothing)", () => {
    const wrong = "2180301018771";
    const result = matchCompanies(
      [{ id: "c", name: "ミドリ電機", corporateNumber: wrong }],
      [{ id: "p", name: "株式会社緑電気工業", registrationNumber: `T${wrong}` }],
    )[0]!;
    expect(result.decision).toBe("none");
    expect(result.reasons.join(" ")).toContain("check digit");
  });

  it("never links same-name companies whose 法人番号 differ", () => {
    const result = matchCompanies(
      [{ id: "c", name: "株式会社山本工務店", corporateNumber: number("010401123456") }],
      [{ id: "p", name: "株式会社山本工務店", registrationNumber: `T${number("020101654321")}` }],
    )[0]!;
    expect(result.decision).toBe("none");
    expect(result.reasons.join(" ")).toContain("法人番号 differs");
  });

  it("sends two partners sharing one registration number to review", () => {
    const n = number("010401123456");
    const result = matchCompanies(
      [{ id: "c", name: "株式会社山本工務店", corporateNumber: n }],
      [
        { id: "p0", name: "株式会社山本工務店", registrationNumber: `T${n}` },
        { id: "p1", name: "山本工務店 本社", registrationNumber: `T${n}` },
      ],
    )[0]!;
    expect(result).toMatchObject({ partnerId: "p0", decision: "review" });
  });
});

describe("one partner, one automatic link", () => {
  it("keeps the identifier link and sends the name link to review", () => {
    const n = number("010401123456");
    const results = matchCompanies(
      [
        { id: "c-name", name: "株式会社山本工務店" },
        { id: "c-number", name: "山本工務店", corporateNumber: n },
      ],
      [{ id: "p", name: "㈱山本工務店", registrationNumber: `T${n}` }],
    );
    expect(results.map((r) => [r.crmId, r.partnerId, r.decision])).toEqual([
      ["c-name", "p", "review"],
      ["c-number", "p", "auto"],
    ]);
    expect(results[0]!.reasons.join(" ")).toContain("already linked automatically to CRM company c-number");
  });

  it("links none of two equally strong claims (a CRM duplicate, or same-name companies)", () => {
    const results = matchCompanies(
      [
        { id: "c1", name: "株式会社山田製作所" },
        { id: "c2", name: "㈱山田製作所" },
      ],
      [{ id: "p", name: "株式会社 山田製作所" }],
    );
    expect(results.map((r) => r.decision)).toEqual(["review", "review"]);
  });

  it("keeps one row per CRM company, in input order", () => {
    const crm = ["c3", "c1", "c2"].map((id) => ({ id, name: `株式会社${id}` }));
    expect(matchCompanies(crm, []).map((r) => r.crmId)).toEqual(["c3", "c1", "c2"]);
  });
});

describe("labelled set (fixtures/labelled-pairs.csv)", () => {
  const set = parseLabelledSet(readFileSync(path.join(__dirname, "fixtures", "labelled-pairs.csv"), "utf8"));

  it("has at least 200 pairs with hard negatives", () => {
    expect(set.pairs.length).toBeGreaterThanOrEqual(200);
    expect(set.pairs.filter((p) => p.label === "nonmatch").length).toBeGreaterThanOrEqual(60);
  });

  it("reaches 100 % auto precision and ≥ 95 % recall of auto + review", () => {
    const evaluation = evaluateLabelledSet(set);
    expect(evaluation.wrongAutos).toEqual([]);
    expect(evaluation.autoPrecision).toBe(1);
    expect(evaluation.recall).toBeGreaterThanOrEqual(0.95);
    expect(evaluation.autoLinks).toBeGreaterThan(80);
  });
});
