import js from "@eslint/js";
import drizzle from "eslint-plugin-drizzle";
import tseslint from "typescript-eslint";

// Layering is enforced here, not by convention: app → components → lib → db, and nothing imports sandbox/.
const sandboxBan = { group: ["@/sandbox/*", "**/sandbox/*", "../sandbox/*", "../../sandbox/*"], message: "The sandbox emulates outside services; product code talks to it over HTTP only." };

export default tseslint.config(
  { ignores: [".next/**", "node_modules/**", ".data/**", "db/migrations/**", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { drizzle },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-definitions": ["error", "type"],
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "no-console": "off",
      // Japanese text legitimately contains the ideographic space (U+3000) in strings, templates and patterns.
      "no-irregular-whitespace": ["error", { skipStrings: true, skipTemplates: true, skipRegExps: true, skipComments: true }],
    },
  },
  {
    files: ["app/**", "components/**", "lib/**", "db/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [sandboxBan] }] },
  },
  {
    files: ["components/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [sandboxBan, { group: ["@/db/*", "@/db", "**/db/*"], message: "components/ never touches db/: go through lib/ (actions, queries)." }, { group: ["@/app/*"], message: "Imports flow app → components → lib → db." }] }],
    },
  },
  {
    files: ["lib/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [sandboxBan, { group: ["@/app/*", "@/components/*"], message: "Imports flow app → components → lib → db." }] }],
    },
  },
  {
    files: ["db/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [sandboxBan, { group: ["@/app/*", "@/components/*", "@/lib/*", "next/*", "next-auth", "next-auth/*"], message: "db/ is the bottom layer: no request context, no services." }] }],
    },
  },
  {
    files: ["sandbox/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/*", "../**/lib/*", "../**/db/*", "../**/app/*", "../**/components/*"], message: "The sandbox is a separate emulator of outside services; it shares no code with the product." }] }],
    },
  },
);
