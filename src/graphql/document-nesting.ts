// Why: graphql-js parses documents by recursive descent, so a document of a few thousand nested
// brackets overflows the stack inside the parser ("Maximum call stack size exceeded"). This check
// runs on the raw text before Apollo parses it: one pass over the characters, strings and comments
// skipped, refusing a document that nests deeper than any real request does. The semantic depth of
// selections is limited later, by queryLimitsRule (MAX_QUERY_DEPTH).

/** More brackets ({ [ () than this, one inside the other, is never a real request. */
export const MAX_DOCUMENT_NESTING = 100;

/** The deepest bracket nesting of a GraphQL document; stops counting past `limit`. */
export function documentNesting(text: string, limit = MAX_DOCUMENT_NESTING): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x23 /* # */) {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === 0x22 /* " */) {
      if (text.startsWith('"""', i)) {
        const end = text.indexOf('"""', i + 3);
        i = end < 0 ? text.length : end + 2;
      } else {
        i++;
        while (i < text.length && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      }
    } else if (c === 0x7b || c === 0x5b || c === 0x28) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === 0x7d || c === 0x5d || c === 0x29) {
      if (depth > 0) depth--;
    }
  }
  return deepest;
}
