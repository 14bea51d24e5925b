/*
 * fmt.h - numbers and sizes for people (text output and the TUI).
 *
 * Sizes follow DevTools' i18n.ByteUtilities.bytesToString (decimal units,
 * 1 kB = 1000 B), as shown in its Comparison view:
 *
 *   bytes < 1000            "812 B"
 *   < 100 kB                one decimal   "1.2 kB", "99.9 kB", "100.0 kB"
 *   < 1000 kB               integer       "812 kB", "1,000 kB"
 *   < 100 MB                one decimal   "45.0 MB"
 *   < 1000 MB               integer       "812 MB"
 *   >= 1000 MB (heaptui)    one decimal below 100 GB, then integer: "1.1 GB"
 *
 * The unit is chosen on the exact value before rounding and rounding is
 * half up on the exact decimal value, both as DevTools (Intl.NumberFormat),
 * which is why 99,950 B is "100.0 kB" and 999,500 B is "1,000 kB". Unlike
 * DevTools ("1.2kB", a no-break space in 1 000) we put a space before the
 * unit and use ASCII "," as thousands separator, and "-" for minus.
 *
 * Every function writes a NUL-terminated string into buf (truncated to
 * size; FMT_BUFSZ always suffices) and returns buf, so calls nest in printf.
 */
#ifndef HEAPTUI_FMT_H
#define HEAPTUI_FMT_H

#include <stddef.h>
#include <stdint.h>

#define FMT_BUFSZ 32 /* fits any result below, e.g. "-9,223,372,036,854,775,808" */

/* A byte count: "0 B", "812 B", "1.2 kB", "45.0 MB", "1.1 GB". */
char *fmt_size(uint64_t bytes, char *buf, size_t size);

/* A signed byte count with DevTools' sign: "+1.2 kB", "-812 B", "0 B". */
char *fmt_sdelta(int64_t bytes, char *buf, size_t size);

/* A count with thousands separators: "39,236". */
char *fmt_count(uint64_t n, char *buf, size_t size);

/* A signed count with thousands separators: "+4", "-1,234", "0". */
char *fmt_delta(int64_t d, char *buf, size_t size);

/* A plain signed integer (ids, distances): "-12", "78625". */
char *fmt_int(int64_t v, char *buf, size_t size);

/*
 * A percentage rounded to a whole number as DevTools' toPercentString
 * (toFixed(0): half up): 44.5 -> "45%". NaN and infinities give "-".
 * Callers compute pct as DevTools does: part / total * 100.
 */
char *fmt_percent(double pct, char *buf, size_t size);

#endif
