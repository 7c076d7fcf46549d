/**
 * Structured JSON logs on stderr. Values under secret-looking keys and bearer tokens inside strings are redacted
 * before anything is written, so a token or password passed by mistake never reaches a log file.
 */
type Level = "debug" | "info" | "warn" | "error";
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /(pass(word)?|secret|token|authorization|api[-_]?key|cookie|signature|smtp_url|webhook_url)/i;
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi;
const QUERY_SECRET = /([?&](?:code|access_token|refresh_token|client_secret)=)[^&\s]+/gi;

export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 6) return "[deep]";
  if (typeof value === "string") return value.replace(BEARER, "$1[redacted]").replace(QUERY_SECRET, "$1[redacted]");
  if (value instanceof Error) return { name: value.name, message: redactValue(value.message), stack: value.stack?.split("\n").slice(0, 5).join("\n") };
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEY.test(k) ? "[redacted]" : redactValue(v, depth + 1)]),
    );
  }
  return value;
}

function threshold(): number {
  const level = (process.env.LOG_LEVEL as Level | undefined) ?? "info";
  return order[level] ?? order.info;
}

function write(level: Level, message: string, fields?: Record<string, unknown>): void {
  if (order[level] < threshold()) return;
  const line = JSON.stringify({ at: new Date().toISOString(), level, msg: redactValue(message), ...(fields ? (redactValue(fields) as object) : {}) });
  process.stderr.write(`${line}\n`);
}

export type Logger = Record<Level, (message: string, fields?: Record<string, unknown>) => void> & {
  child: (fields: Record<string, unknown>) => Logger;
};

export function createLogger(base: Record<string, unknown> = {}): Logger {
  const log = (level: Level) => (message: string, fields?: Record<string, unknown>) => write(level, message, { ...base, ...fields });
  return {
    debug: log("debug"),
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
    child: (fields) => createLogger({ ...base, ...fields }),
  };
}

export const logger = createLogger();
