// Fills a canned response's placeholders. Text in, text out: nothing is escaped or interpreted,
// so whatever a value contains (markup included) arrives as the characters it is.

/** `{{name}}` or `{{ name }}`: a dotted name of lower-case letters and underscores. */
const PLACEHOLDER = /\{\{\s*([a-z_]+(?:\.[a-z_]+)*)\s*\}\}/g;

/**
 * Replaces each known placeholder with its value in one pass over the template: a value that
 * itself looks like a placeholder is not expanded again. Unknown placeholders stay as written.
 */
export function renderTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (written, name: string) =>
    Object.hasOwn(values, name) ? values[name]! : written,
  );
}
