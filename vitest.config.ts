import path from "node:path";
import { defineConfig } from "vitest/config";

// Unit tests: pure code, no database, no network. The bulk of the suite.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\/(.*)$/, replacement: path.resolve(__dirname, "$1") },
      // `server-only` throws outside React Server Components; tests and the worker are server code too.
      { find: /^server-only$/, replacement: path.resolve(__dirname, "node_modules/server-only/empty.js") },
    ],
  },
  test: {
    include: ["**/*.unit.test.ts", "**/*.unit.test.tsx"],
    exclude: ["node_modules/**", ".next/**", ".data/**"],
    environment: "node",
  },
});
