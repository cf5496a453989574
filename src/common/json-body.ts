// What a JSON request body must be before validation looks at it: one object, not deeply nested,
// with text PostgreSQL can store as sent. class-validator recurses through whatever it is given
// (a body nested 5,000 levels overflowed the stack) and validator.js throws on lone surrogates.
export const MAX_JSON_DEPTH = 32;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a parsed JSON body (or socket payload, the `subject`) is refused, or undefined when it
 *  may go on to validation. */
export function jsonBodyProblem(body: unknown, subject = 'Request body'): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return `${subject} must be a JSON object`;
  }
  // Iterative, so that the check itself cannot overflow the stack.
  const pending: [unknown, number][] = [[body, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, depth] = next;
    if (typeof node === 'string') {
      if (LONE_SURROGATE.test(node)) return `${subject} contains text that is not valid Unicode`;
      continue;
    }
    if (typeof node !== 'object' || node === null) continue;
    if (depth > MAX_JSON_DEPTH) {
      return `${subject} is nested deeper than ${MAX_JSON_DEPTH} levels`;
    }
    for (const [key, child] of Object.entries(node)) {
      pending.push([key, depth], [child, depth + 1]);
    }
  }
  return undefined;
}
