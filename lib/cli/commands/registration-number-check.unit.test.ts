import { describe, expect, it } from "vitest";
import { CliUsageError, type CliIO } from "../types";
import command from "./registration-number-check";

function memoryIO(): CliIO & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    cwd: process.cwd(),
    stdout: (text: string) => void (io.out += text),
    stderr: (text: string) => void (io.err += text),
  };
  return io;
}

async function check(...args: string[]) {
  const io = memoryIO();
  const code = await command.run(args, io);
  expect(io.out.endsWith("\n")).toBe(true);
  expect(io.out.trim().split("\n")).toHaveLength(1);
  return { code, json: JSON.parse(io.out) as { valid: boolean; normalized: string | null; reason: string | null } };
}

describe("registration-number:check", () => {
  it("prints valid JSON and exits 0 for a valid number typed with full width, lower-case t, spaces and hyphens", async () => {
    expect(await check("Ｔ７０００－０１２０－５０００２")).toEqual({
      code: 0,
      json: { valid: true, normalized: "T7000012050002", reason: null },
    });
    expect(await check("t 1180-3010-18771")).toEqual({
      code: 0,
      json: { valid: true, normalized: "T1180301018771", reason: null },
    });
  });

  it("joins several positional arguments (an unquoted value with spaces)", async () => {
    expect((await check("T7000", "0120", "50002")).json).toEqual({
      valid: true,
      normalized: "T7000012050002",
      reason: null,
    });
  });

  it("exits 1 with a reason for a check digit mismatch", async () => {
    const { code, json } = await check("T8040001999011");
    expect(code).toBe(1);
    expect(json).toMatchObject({ valid: false, normalized: "T8040001999011" });
    expect(json.reason).toContain("検査用数字");
  });

  it("exits 1 with normalized null for a malformed value", async () => {
    const { code, json } = await check("T12345");
    expect(code).toBe(1);
    expect(json).toMatchObject({ valid: false, normalized: null });
    expect(json.reason).toContain("13 digits");
  });

  it("is a usage error without a value", async () => {
    await expect(command.run([], memoryIO())).rejects.toBeInstanceOf(CliUsageError);
  });
});
