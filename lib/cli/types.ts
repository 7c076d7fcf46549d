/**
 * A CLI command. Output meant for scripts goes to `io.stdout` (JSON or CSV); progress and logs go to `io.stderr`.
 * `run` resolves to the process exit code.
 */
export type CliIO = {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Working directory relative paths in arguments are resolved against. */
  cwd: string;
};

export type CliCommand = {
  name: string;
  summary: string;
  usage: string;
  run: (args: string[], io: CliIO) => Promise<number>;
};

/** Thrown for bad arguments; main prints the message and the usage, and exits 2. */
export class CliUsageError extends Error {
  override name = "CliUsageError";
}

/** Minimal `--flag value` / `--flag=value` / `--switch` parser shared by commands. */
export function parseFlags(args: string[]): { flags: Record<string, string | true>; positional: string[] } {
  const flags: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      if (eq > 0) {
        flags[arg.slice(2, eq)] = arg.slice(eq + 1);
      } else {
        const next = args[i + 1];
        if (next !== undefined && !next.startsWith("--")) {
          flags[arg.slice(2)] = next;
          i++;
        } else {
          flags[arg.slice(2)] = true;
        }
      }
    } else {
      positional.push(arg);
    }
  }
  return { flags, positional };
}

export function requireFlag(flags: Record<string, string | true>, name: string): string {
  const value = flags[name];
  if (typeof value !== "string" || value === "") throw new CliUsageError(`--${name} <value> is required`);
  return value;
}
