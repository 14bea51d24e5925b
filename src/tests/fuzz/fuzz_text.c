/*
 * fuzz_text.c - the sanitizer, widths and cropping: whatever the input, the
 * sanitized text is valid UTF-8 with no control character, and a crop never
 * exceeds its width.
 */
#include <stdint.h>
#include <stdlib.h>

#include "heaptui/text.h"
#include "heaptui/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf clean = STRBUF_INIT, crop = STRBUF_INIT;
	text_sanitize(&clean, (const char *)data, size);
	const char *p = clean.buf ? clean.buf : "";
	if (!text_utf8_valid(p, clean.len))
		BUG("sanitized text is not valid UTF-8");
	for (size_t i = 0; i < clean.len; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c < 0x20 || c == 0x7f)
			BUG("sanitized text holds a control byte");
		if (c == 0xc2 && i + 1 < clean.len && (unsigned char)p[i + 1] >= 0x80 &&
		    (unsigned char)p[i + 1] <= 0x9f)
			BUG("sanitized text holds a C1 control");
	}
	size_t cols = size ? data[0] % 40 : 0;
	size_t used = text_crop(&crop, p, clean.len, cols, size > 1 && (data[1] & 1));
	if (used > cols || (crop.buf && text_width(crop.buf, crop.len) > cols))
		BUG("crop wider than asked");
	strbuf_release(&clean);
	strbuf_release(&crop);
	return 0;
}
