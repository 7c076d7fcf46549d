import { describe, expect, it } from "vitest";
import { pickLocalized } from "./pick-localized";

describe("pickLocalized", () => {
  const text = { ja: "取引先が未設定です", en: "No partner" };
  it("shows the Japanese side by default and the English side in English", () => {
    expect(pickLocalized(text, "ja")).toBe("取引先が未設定です");
    expect(pickLocalized(text, "en")).toBe("No partner");
  });
});
