import { describe, expect, it } from "vitest";
import { actionErrorText } from "./action-error-text";

describe("actionErrorText", () => {
  const t = (key: string) => `<${key}>`;

  it("words the generic refusals from the screen's messages", () => {
    expect(actionErrorText({ error: "unauthenticated", message: "サインインしてください / Please sign in" }, t)).toBe("<errors.unauthenticated>");
    expect(actionErrorText({ error: "forbidden", message: "…" }, t)).toBe("<errors.forbidden>");
    expect(actionErrorText({ error: "invalid", message: "…" }, t)).toBe("<errors.invalid>");
  });

  it("shows an action's own failure message as it is", () => {
    expect(actionErrorText({ error: "failed", message: "Run matching first" }, t)).toBe("Run matching first");
  });
});
