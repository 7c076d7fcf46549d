import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

import { describe, expect, it } from "vitest";

import { CliUsageError, type CliIO } from "../types";
import command from "./due-date";

async function run(args: string[]) {
  let stdout = "";
  let stderr = "";
  const io: CliIO = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: process.cwd() };
  const code = await command.run(args, io);
  return { code, stdout, stderr };
}

const flags = (date: string, closing: string, offset: string, pay: string, shift: string) => [
  "--date",
  date,
  "--closing-day",
  closing,
  "--pay-month-offset",
  offset,
  "--pay-day",
  pay,
  "--shift",
  shift,
];

describe("due-date command", () => {
  it.each([
    [flags("2026-12-25", "end", "1", "end", "previous"), "2027-01-29"],
    [flags("2026-12-25", "end", "1", "end", "next"), "2027-02-01"],
    [flags("2026-12-25", "end", "1", "end", "none"), "2027-01-31"],
    [flags("2026-01-21", "20", "1", "10", "none"), "2026-03-10"],
    [flags("2028-01-10", "end", "1", "31", "none"), "2028-02-29"],
    [flags("2026-04-10", "end", "1", "3", "next"), "2026-05-07"],
    [flags("2026-12-10", "end", "0", "end", "next"), "2027-01-04"],
    [["--date=2026-03-15", "--closing-day=end", "--pay-month-offset=2", "--pay-day=end", "--shift=none"], "2026-05-31"],
  ])("%j → %s", async (args, expected) => {
    const { code, stdout, stderr } = await run(args);
    expect(code).toBe(0);
    expect(stdout).toBe(`${expected}\n`);
    expect(stderr).toBe("");
  });

  it("writes the derivation to stderr with --explain, keeping stdout one line", async () => {
    const { stdout, stderr } = await run([...flags("2026-12-25", "end", "1", "end", "previous"), "--explain"]);
    expect(stdout).toBe("2027-01-29\n");
    expect(stderr).toContain("前営業日に前倒し");
  });

  it.each([
    [flags("2026-02-30", "end", "1", "end", "none"), /--date/],
    [flags("2026/12/25", "end", "1", "end", "none"), /--date/],
    [flags("2026-12-25", "0", "1", "end", "none"), /--closing-day/],
    [flags("2026-12-25", "last", "1", "end", "none"), /--closing-day/],
    [flags("2026-12-25", "end", "4", "end", "none"), /--pay-month-offset/],
    [flags("2026-12-25", "end", "1", "32", "none"), /--pay-day/],
    [flags("2026-12-25", "end", "1", "end", "later"), /--shift/],
    [["--date", "2026-12-25"], /missing --closing-day <value>, --pay-month-offset <value>, --pay-day <value>/],
    [[], /missing --date/],
  ])("rejects %j as a usage error", async (args, message) => {
    await expect(run(args)).rejects.toThrow(CliUsageError);
    await expect(run(args)).rejects.toThrow(message);
  });
});

describe("due-date through the CLI entry", () => {
  it("prints exactly one line and exits 0; a bad flag exits 2", async () => {
    const exec = promisify(execFile);
    const root = path.resolve(__dirname, "../../..");
    const tsx = path.join(root, "node_modules/.bin/tsx");
    const ok = await exec(tsx, ["lib/cli/main.ts", "due-date", ...flags("2026-12-25", "end", "1", "end", "previous")], { cwd: root });
    expect(ok.stdout).toBe("2027-01-29\n");
    const bad = await exec(tsx, ["lib/cli/main.ts", "due-date", ...flags("2026-12-25", "end", "9", "end", "previous")], { cwd: root }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(bad).toMatchObject({ code: 2 });
    expect((bad as { stderr: string }).stderr).toContain("--pay-month-offset");
  }, 30_000);
});
