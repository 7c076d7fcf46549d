import { describe, expect, it } from "vitest";
import { redactValue } from "./logger";

describe("log redaction", () => {
  it("hides values under secret-looking keys at any depth", () => {
    expect(redactValue({ accessToken: "a", nested: { refresh_token: "b", client_secret: "c", password: "d", ok: 1 } })).toEqual({
      accessToken: "[redacted]",
      nested: { refresh_token: "[redacted]", client_secret: "[redacted]", password: "[redacted]", ok: 1 },
    });
  });

  it("hides bearer tokens and OAuth codes inside strings", () => {
    expect(redactValue("Authorization: Bearer eyJhbGciOi.abc.def failed")).toBe("Authorization: Bearer [redacted] failed");
    expect(redactValue("GET /callback?code=SECRETCODE&state=x")).toBe("GET /callback?code=[redacted]&state=x");
  });

  it("keeps error messages but redacts them too", () => {
    const out = redactValue(new Error("refresh failed for Bearer abc")) as { message: string };
    expect(out.message).toBe("refresh failed for Bearer [redacted]");
  });
});
