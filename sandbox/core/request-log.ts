/**
 * Ring buffer of recent requests for `GET /_sandbox/requests`.
 *
 * API: `createRequestLog(capacity = 2000)` → `{ push(entry), recent(limit) (newest first), clear(), size }`.
 * Entry shape (contract): `{ at (ISO), method, path, query, status, durationMs, fault? }`. `status` is 0 when no
 * response was ever written (hang / commit-then-timeout).
 */

export type RequestLogEntry = {
  at: string;
  method: string;
  path: string;
  query: string;
  status: number;
  durationMs: number;
  fault?: string;
};

export type RequestLog = {
  push(entry: RequestLogEntry): void;
  recent(limit?: number): RequestLogEntry[];
  clear(): void;
  readonly size: number;
};

export function createRequestLog(capacity = 2000): RequestLog {
  const buf: (RequestLogEntry | undefined)[] = new Array(capacity);
  let head = 0; // next write slot
  let count = 0;
  return {
    push(entry) {
      buf[head] = entry;
      head = (head + 1) % capacity;
      if (count < capacity) count++;
    },
    recent(limit = 100) {
      const n = Math.min(limit, count);
      const out: RequestLogEntry[] = [];
      for (let i = 1; i <= n; i++) {
        const e = buf[(head - i + capacity) % capacity];
        if (e) out.push(e);
      }
      return out;
    },
    clear() {
      buf.fill(undefined);
      head = 0;
      count = 0;
    },
    get size() {
      return count;
    },
  };
}
