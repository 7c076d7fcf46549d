import { describe, expect, it } from "vitest";
import { ALL_FIELDS, checkRegistrationNumber, desiredFields, diffFields, joinAddress, sameValue, splitAddress, type PartnerFields } from "./partner-fields";

const fields = (over: Partial<PartnerFields> = {}): PartnerFields => ({ name: "株式会社かけはし", address: "東京都 千代田区丸の内1-1-1", phone: "03-1234-5678", contactName: null, registrationNumber: "T7000012050002", ...over });

describe("splitAddress / joinAddress", () => {
  it("splits the prefecture off with freee's code and joins it back", () => {
    expect(splitAddress("東京都千代田区丸の内1-1-1")).toEqual({ prefectureCode: 12, prefecture: "東京都", street1: "千代田区丸の内1-1-1" });
    expect(splitAddress("〒060-0001 北海道 札幌市中央区北1条")).toMatchObject({ prefectureCode: 0, street1: "札幌市中央区北1条", zipcode: "060-0001" });
    expect(splitAddress("大阪府大阪市北区")).toMatchObject({ prefectureCode: 26 });
    expect(splitAddress("沖縄県那覇市")).toMatchObject({ prefectureCode: 46 });
    // "京都市" is in 京都府, but without the prefecture it is not mistaken for it.
    expect(splitAddress("京都市中京区")).toMatchObject({ prefectureCode: null, street1: "京都市中京区" });
    expect(splitAddress("   ")).toBeNull();
    expect(joinAddress({ prefectureCode: 12, street1: "千代田区丸の内1-1-1" })).toBe("東京都 千代田区丸の内1-1-1");
    expect(joinAddress({ prefecture: "大阪府", street1: "大阪市北区", street2: "梅田ビル" })).toBe("大阪府 大阪市北区 梅田ビル");
  });
});

describe("sameValue", () => {
  it("ignores width, spaces and hyphen variants but not real differences", () => {
    expect(sameValue("03-1234-5678", "０３１２３４５６７８")).toBe(true);
    expect(sameValue("東京都 港区", "東京都港区")).toBe(true);
    expect(sameValue(null, "")).toBe(true);
    expect(sameValue("03-1234-5678", "03-1234-5679")).toBe(false);
  });
});

describe("checkRegistrationNumber", () => {
  it("normalises a valid number and blocks an invalid one with the reason", () => {
    expect(checkRegistrationNumber("ｔ７０００−０１２０−５０００２")).toEqual({ ok: true, value: "T7000012050002" });
    expect(checkRegistrationNumber("")).toEqual({ ok: true, value: null });
    expect(checkRegistrationNumber(null)).toEqual({ ok: true, value: null });
    const bad = checkRegistrationNumber("T1234567890123");
    expect(bad.ok).toBe(false);
    expect(bad.ok ? "" : bad.reason).toMatch(/検査用数字/);
    expect(checkRegistrationNumber("7000012050002").ok).toBe(false);
  });
});

describe("desiredFields", () => {
  it("prefers a complete address property over the mirror's joined state/city/address", () => {
    const company = { name: " 株式会社かけはし ", address: "北海道 札幌市 北海道札幌市中央区1", phone: null, properties: { state: "北海道", city: "札幌市", address: "北海道札幌市中央区1" } };
    expect(desiredFields(company, null)).toMatchObject({ name: "株式会社かけはし", address: "北海道札幌市中央区1", phone: null });
    expect(desiredFields({ ...company, properties: { state: "北海道", city: "札幌市", address: "中央区1" } }, null).address).toBe("北海道 札幌市 北海道札幌市中央区1");
  });
});

describe("diffFields", () => {
  it("marks values edited on the accounting side (≠ what we last sent) as overwrites", () => {
    const desired = fields();
    const lastSent = fields();
    const remote = fields({ phone: "099-999-9999" });
    expect(diffFields(desired, remote, lastSent, ALL_FIELDS)).toEqual([{ field: "phone", remote: "099-999-9999", desired: "03-1234-5678", accountingEdit: true }]);
  });

  it("treats a CRM change as an update, not an overwrite", () => {
    const lastSent = fields();
    const desired = fields({ name: "株式会社かけはし新社名" });
    expect(diffFields(desired, lastSent, lastSent, ALL_FIELDS)).toEqual([{ field: "name", remote: "株式会社かけはし", desired: "株式会社かけはし新社名", accountingEdit: false }]);
  });

  it("on the first sync of a linked partner every difference is an overwrite; fields the CRM lacks or the provider cannot hold are skipped", () => {
    const desired = fields({ phone: null });
    const remote = fields({ name: "(株)かけはし", phone: "011-000-0000", registrationNumber: null });
    expect(diffFields(desired, remote, null, ALL_FIELDS).map((c) => [c.field, c.accountingEdit])).toEqual([
      ["name", true],
      ["registrationNumber", true],
    ]);
    expect(diffFields(desired, remote, null, ["name"]).map((c) => c.field)).toEqual(["name"]);
  });
});
