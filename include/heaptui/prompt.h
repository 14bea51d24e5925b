/*
 * prompt.h - a one-line editor on the status line for `/` (filter) and
 * `@` (go to id): UTF-8 input, Backspace, C-u clears, C-w deletes a word,
 * Enter accepts, Esc or C-g cancels.
 */
#ifndef HEAPTUI_PROMPT_H
#define HEAPTUI_PROMPT_H

#include <signal.h>

#include "heaptui/text.h"

/* Redraws the screen behind the prompt (after a resize), without doupdate. */
typedef void (*prompt_redraw_fn)(void *ctx);

/*
 * Edit `line` (its contents are the initial text) after `label` on the last
 * row. Returns 1 when accepted, 0 when cancelled or when *stop became set
 * (a signal asked to quit).
 */
int prompt_read(const char *label, struct strbuf *line, prompt_redraw_fn redraw, void *ctx,
		volatile sig_atomic_t *stop);

#endif
