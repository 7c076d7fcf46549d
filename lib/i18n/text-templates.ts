/**
 * Texts that are stored (match reasons, sync errors: kept in the database and the audit log, printed by the CLI) are
 * written once from a template with named slots, e.g. "partner {partnerId} was rejected for this company earlier".
 * The same definition parses a stored text back into its key and slot values, so a screen can show it in the reader's
 * language (`t(key, values)`) without changing what is stored, and rows written before a translation existed still
 * read correctly. A text no template produced parses to null: show it as it is.
 */

export type TemplateValues = Record<string, string | number>;

export type TextTemplates<K extends string> = {
  readonly templates: Readonly<Record<K, string>>;
  format(key: K, values?: TemplateValues): string;
  parse(text: string): { key: K; values: Record<string, string> } | null;
};

const SLOT = /\{([A-Za-z_]\w*)\}/g;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The names of a template's slots, in order of first appearance. */
export function slotsOf(template: string): string[] {
  return [...new Set([...template.matchAll(SLOT)].map((m) => m[1]!))];
}

function compile(template: string): RegExp {
  const seen = new Set<string>();
  let source = "";
  let last = 0;
  for (const m of template.matchAll(SLOT)) {
    const name = m[1]!;
    source += escapeRegExp(template.slice(last, m.index));
    // A slot used twice ("法人番号 {number} … T{number}") must hold the same value both times.
    source += seen.has(name) ? `\\k<${name}>` : `(?<${name}>[\\s\\S]*?)`;
    seen.add(name);
    last = m.index + m[0].length;
  }
  source += escapeRegExp(template.slice(last));
  return new RegExp(`^${source}$`);
}

export function textTemplates<K extends string>(templates: Record<K, string>): TextTemplates<K> {
  const compiled = (Object.entries(templates) as [K, string][]).map(([key, template]) => ({ key, regex: compile(template) }));
  return {
    templates,
    format(key, values = {}) {
      return templates[key].replace(SLOT, (_, name: string) => {
        if (!(name in values)) throw new Error(`text template ${key}: no value for {${name}}`);
        return String(values[name]);
      });
    },
    parse(text) {
      for (const { key, regex } of compiled) {
        const m = regex.exec(text);
        if (m) return { key, values: { ...m.groups } };
      }
      return null;
    },
  };
}
