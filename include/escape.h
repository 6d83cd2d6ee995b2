/*
 * escape.h — bytes from the wire (or named by the wire: bundle members) made safe for
 * the place they are written: a terminal or log line, a shell command line, a TSV
 * column, a JSON string.
 *
 * Pipeline position: the output layer (report, json, triage, extract, batch messages),
 * and the rules where a verdict quotes raw bytes that are not a name (the first bytes
 * of a stream). Every way of escaping wire bytes is here, so that what reaches a
 * terminal is decided in one file. It keeps no state and allocates nothing.
 */
#ifndef TLSDIAG_ESCAPE_H
#define TLSDIAG_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

/* Flag of escape_hex and escape_mask: '"' and '\\' are escaped too, so that the result
 * can stand between double quotes in a sentence without looking like its end. */
#define ESCAPE_QUOTES 1u

/*
 * Text for a terminal: printable ASCII (0x20..0x7e) as it is, every other byte as \xNN
 * (lower-case hex). Writes the escaped form of the n bytes at s into out, as much as fits
 * in out_len - 1 bytes without cutting an escape in two, and a NUL (when out_len > 0;
 * out may be NULL when out_len is 0). Returns the length of the whole escaped form
 * without its NUL, as snprintf does: a result >= out_len means out was too small.
 */
size_t escape_hex(const void *s, size_t n, unsigned flags, char *out, size_t out_len);

/* As escape_hex, but each byte to escape becomes the one character mask ('?', '.'):
 * for fields of a fixed width. Returns n (the length of the whole masked form). */
size_t escape_mask(const void *s, size_t n, char mask, unsigned flags, char *out, size_t out_len);

/* escape_hex of the NUL-terminated s, written to out (no flags). */
void escape_put_text(FILE *out, const char *s);

/*
 * A word for a shell command line: as it is when it holds only letters, digits and
 * ".-_/:," (and is not empty), else between single quotes with each ' written '\'' and
 * each byte that is not printable ASCII as '?', so that a pasted line runs nothing the
 * wire put in it. Writes at most out_len - 1 bytes and a NUL (out_len > 0).
 */
void escape_shell_word(const char *s, size_t n, char *out, size_t out_len);

/* A column of a TSV file: s with tabs, carriage returns and newlines as spaces, which
 * would otherwise start another column or row. */
void escape_put_tsv_field(FILE *out, const char *s);

/*
 * s (n bytes) as a JSON string, quotes included (RFC 8259 section 7): '"', '\\', newline
 * and tab by their short escapes, other control characters, DEL and every byte that is
 * not part of valid UTF-8 as \u00XX, so that the output always parses. The stream must
 * not be written by another thread meanwhile (its lock is not taken for each byte).
 */
void escape_put_json(FILE *out, const char *s, size_t n);

/* Length of the valid UTF-8 sequence at p (1-4) within left bytes, or 0 if no valid
 * sequence starts there (RFC 3629: no overlong forms, surrogates or code points past
 * U+10FFFF). */
size_t escape_utf8_len(const unsigned char *p, size_t left);

#endif
