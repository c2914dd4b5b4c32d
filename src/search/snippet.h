/* snippet.h: Podium's search snippets.
 *
 * Given a turn's text and the query's positive terms and phrases
 * (pd_query.positive), picks the window of about `chars` characters that
 * holds the most matches, and returns it as plain text:
 *   - matches wrapped in \x02 ... \x03 (the renderers turn these into <mark>
 *     or ANSI bold); \x02 and \x03 in the text itself are dropped, so the
 *     text cannot fake a highlight;
 *   - "…" where the text was cut; cuts fall on character boundaries, and on
 *     a word boundary when one is near (Latin script);
 *   - paragraphs and other white space runs joined into one space; control
 *     characters dropped; invalid UTF-8 repaired.
 * Matching uses search/tokenize.h, as the index does: a term matches the
 * same token sequence as in the index (a phrase of words or CJK bigrams),
 * and a lone CJK character matches wherever that character starts a token,
 * highlighting just that character.
 *
 * Returns a malloc'ed string the caller frees (never NULL; "" for empty
 * text). chars 0 means PD_SNIPPET_CHARS.
 */
#ifndef PD_SEARCH_SNIPPET_H
#define PD_SEARCH_SNIPPET_H

#include <stddef.h>

char *pd_snippet_make(const char *text, size_t n, char *const *terms, size_t nterms,
		      size_t chars);

#endif
