/*
 * keymap.c - the action table and key lookup generated from KEYMAP_ACTIONS.
 */
#include "heaptui/keymap.h"

#include <stddef.h>

const struct keymap_entry keymap_table[] = {
#define X(id, name, keys, help, ...) {ACTION_##id, name, keys, help},
	KEYMAP_ACTIONS(X)
#undef X
	{ACTION_NONE, NULL, NULL, NULL},
};

/* The key codes of each action, 0-terminated (group headings have none). */
#define X(id, name, keys, help, ...) static const int keys_##id[] = {__VA_ARGS__, 0};
KEYMAP_ACTIONS(X)
#undef X

static const int *const action_keys[ACTION_COUNT] = {
#define X(id, name, keys, help, ...) [ACTION_##id] = keys_##id,
	KEYMAP_ACTIONS(X)
#undef X
};

enum keymap_action keymap_lookup(int key)
{
	if (key == 0)
		return ACTION_NONE;
	for (int a = 1; a < ACTION_COUNT; a++)
		for (const int *k = action_keys[a]; k && *k; k++)
			if (*k == key)
				return (enum keymap_action)a;
	return ACTION_NONE;
}

int keymap_is_group(enum keymap_action a)
{
	return a > ACTION_NONE && a < ACTION_COUNT && keymap_table[a - 1].name[0] == '\0';
}
