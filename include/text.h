/*
 * text: UTF-8 decoding, sanitising, display width and width-aware truncation.
 *
 * Every string that reaches the screen goes through text_sanitize() (directly or via
 * canvas_put) and is cut with text_fit(), never by bytes.  Sanitised text is valid UTF-8
 * with no control characters, no bidi controls and no zero-width format characters:
 *   - C0 controls (incl. ESC, CR, BS, NUL) and DEL become their visible Control
 *     Pictures (U+2400 + c, U+2421), so "ESC]52;..." shows as "␛]52;..." and moves nothing;
 *   - C1 controls (decoded U+0080..U+009F), invalid, overlong, surrogate or truncated
 *     UTF-8 become U+FFFD; "Ü" (C3 9C) stays "Ü";
 *   - bidi embeddings/overrides/isolates (U+202A..U+202E, U+2066..U+2069, U+200E/F, U+061C)
 *     and zero-width characters (U+200B..U+200D, U+2060, U+FEFF) become U+FFFD, so they
 *     cannot reorder or misalign columns; so do the other invisible format characters
 *     (U+180E, U+2028/9, U+2061..U+206F, U+FFF9..B, tags U+E0000..U+E007F) and
 *     noncharacters;
 *   - TAB becomes one space;
 *   - regional indicators (flag halves, U+1F1E6..U+1F1FF) become their letters ("VN"):
 *     terminals disagree on a flag's width, two letters are 2 columns everywhere;
 *   - the presentation selectors U+FE0E/U+FE0F are dropped (VS16 widens "❤" in some
 *     terminals but not in wcwidth);
 *   - a combining mark with no character before it gets U+25CC "◌" as its base.
 * Input longer than TEXT_MAX_INPUT bytes is only read that far (a 1 MB field is cut, not
 * laid out).
 */
#ifndef OPDECK_TEXT_H
#define OPDECK_TEXT_H

#include <stddef.h>
#include <stdint.h>

#define TEXT_MAX_INPUT 65536
#define TEXT_REPLACEMENT 0xFFFDu

/*
 * Decodes one code point from s (len bytes available, len >= 1) into *cp; returns the
 * number of bytes consumed (1..4).  Invalid input yields U+FFFD and consumes 1 byte.
 * Never reads past s + len.
 */
size_t text_decode(const char *s, size_t len, uint32_t *cp);

/*
 * Strict UTF-8 check (RFC 3629, by text_decode's rules): returns len when s[0..len) is
 * valid, else the offset of the first byte of the first bad sequence.  NUL is valid here
 * (callers refuse it themselves).  The one UTF-8 validation: CSV reader, export, tests.
 */
size_t text_utf8_valid(const char *s, size_t len);

/* Encodes cp as UTF-8 into out (at least 4 bytes); returns the length. */
size_t text_encode(uint32_t cp, char *out);

/*
 * Percent-escapes (the one %HH code, for locator values, room messages and file URIs).
 * text_pct_encode writes c as "%HH" (upper-case hex, 3 bytes, no NUL) into out.
 * text_pct_decode reads the escape at s (s[0] is '%', n bytes available from s): the
 * byte it stands for (0..255), or -1 when two hex digits do not follow within n.
 */
void text_pct_encode(unsigned char c, char *out);
int text_pct_decode(const char *s, size_t n);

/* Columns a sanitised code point takes: 0 (combining marks), 1, or 2 (East Asian wide,
 * emoji).  Not locale-dependent. */
int text_cp_width(uint32_t cp);

/* The code point text_sanitize() shows in place of cp (cp itself when harmless; 0 when
 * it is dropped: U+FE0E, U+FE0F). */
uint32_t text_sanitize_cp(uint32_t cp);

/*
 * Sanitises len bytes of s (len may be (size_t)-1 for NUL-terminated) into a malloc'd,
 * NUL-terminated string.  Returns NULL only on allocation failure.
 */
char *text_sanitize(const char *s, size_t len);

/*
 * The one quoting function for every message that echoes a value (a locator value, a
 * file name, a CSV cell, a YAML scalar, a channel message): messages on stderr reach the
 * same terminal as the screen, so nothing in them may act on it.  Copies len bytes of s
 * (len (size_t)-1: up to its NUL; NULL s: "") into out, keeping printable characters and
 * making everything else visible:
 *   - C0 controls, DEL and bytes that are not valid UTF-8 become \xHH ("\x1B" for ESC,
 *     "\x00" for an embedded NUL, "\xFF" for a stray byte);
 *   - C1 controls (decoded U+0080..U+009F), bidi controls, zero-width and the other
 *     invisible format characters (U+200B..U+200F, U+2028..U+202E, U+2060..U+206F,
 *     U+FEFF, U+061C, U+180E, U+FFF9..B), tag characters (U+E0000..U+E007F), noncharacters
 *     become <U+XXXX>.
 * The result is cut at a character boundary to fit outsz, ending in "..." when it was
 * cut.  Returns out (outsz >= 4), so that it can be an argument of printf.
 */
const char *text_quote(const char *s, size_t len, char *out, size_t outsz);

/*
 * For a non-UTF-8 locale (LANG=C), where every byte drawn must be ASCII: rewrites the
 * sanitised string s in place, keeping its display width, so that layouts measured with
 * text_width() still hold.  Each character of width 1 becomes one ASCII character (the
 * letter of an accented Latin letter, '-' for "·" "–" and horizontal box lines, 'x' for
 * "×", '>' for "›" and "→", '^' 'v' for arrows up and down, '~' for "…", '|' and '+' for
 * box drawing, '#' for blocks, '?' for the rest, control pictures and U+FFFD included),
 * a wide one two ("??"), and combining marks are dropped.  Never longer than s.
 */
void text_asciify(char *s);

/* Display columns of a sanitised string (NULL: 0). */
int text_width(const char *s);

/*
 * Copies the longest prefix of the sanitised string s that fits in cols columns into
 * out (outsz bytes, NUL-terminated), never splitting a character (a base keeps its
 * combining marks).  When s does not fit, the result ends with "…" (or "~" when
 * ascii != 0) within the cols.  Returns the columns used.
 */
int text_fit(const char *s, int cols, int ascii, char *out, size_t outsz);

/* 1155 -> "1,155"; -42 -> "-42". */
void text_thousands(long long n, char *out, size_t outsz);

/* A quantity for humans: 11800 kg -> "11.8 t", 860 -> "860 kg", 12.4 -> "12.4 kg",
 * 0.35 -> "0.35 kg", 0.004 -> "4 g"; 1700000 tablets -> "1.7 M tablets", 45000 ->
 * "45,000 tablets", 1 -> "1 tablet"; "3 heads"; 150 m3 -> "150 m³"; "120 litres".
 * unit is the canonical unit name (store_unit_name); another unit is printed as
 * given after the number, NULL or "" prints the number alone. */
void text_quantity(double q, const char *unit, char *out, size_t outsz);

#endif
