/*
 * diff_fixture.h - hand-made in-memory snapshots for test_diff and
 * test_leaks: just the tables diff.c, trend.c and leaks.c read (ids,
 * id_order, types, reassigned self sizes, classes, distances, dominators,
 * retained sizes, locations). Everything lives in fixed arrays of struct
 * fake; nothing to free.
 */
#ifndef HEAPTUI_TESTS_DIFF_FIXTURE_H
#define HEAPTUI_TESTS_DIFF_FIXTURE_H

#include <string.h>

#include "heaptui/diff.h"
#include "heaptui/snapshot.h"

#define FAKE_MAX 64

/* One node as a test writes it. */
struct fake_node {
	uint32_t id;        /* V8 id */
	const char *cls;    /* class name (classes are made from the distinct names) */
	uint32_t self;      /* reassigned self size */
	int loc;            /* location index + 1 of the class key, 0 for none */
	uint8_t type;       /* enum node_type (0 = hidden: tests set NODE_OBJECT explicitly) */
	uint32_t dom;       /* index of the immediate dominator (root: itself) */
	uint64_t retained;  /* retained size */
	uint32_t distance;  /* distance */
};

struct fake {
	struct snapshot s;                 /* the snapshot the code sees */
	uint8_t type[FAKE_MAX];            /* node_type */
	uint32_t id[FAKE_MAX];             /* node_id */
	uint32_t self[FAKE_MAX];           /* node_self */
	node_ix order[FAKE_MAX];           /* id_order */
	class_ix cls[FAKE_MAX];            /* node_class */
	node_ix dom[FAKE_MAX];             /* node_dominator */
	uint64_t retained[FAKE_MAX];       /* node_retained */
	uint32_t distance[FAKE_MAX];       /* node_distance */
	uint32_t loc_script[4], loc_line[4], loc_column[4]; /* locations */
	char names[FAKE_MAX * 32];         /* class names */
	uint64_t name_off[FAKE_MAX];       /* class name offsets */
	uint32_t location[FAKE_MAX];       /* class key locations */
	struct diff_side side;             /* the snapshot as a diff side */
};

/*
 * Build f from n nodes. Classes are numbered in order of first use; a class
 * is (name, loc). Locations: index i is script 7, line 10 + i, column 3.
 */
static inline void fake_build(struct fake *f, const struct fake_node *nodes, uint32_t n)
{
	uint32_t ncls = 0;
	size_t names_len = 0;

	memset(f, 0, sizeof(*f));
	for (int i = 0; i < 4; i++) {
		f->loc_script[i] = 7;
		f->loc_line[i] = 10 + (uint32_t)i;
		f->loc_column[i] = 3;
	}
	for (uint32_t i = 0; i < n; i++) {
		uint32_t c;
		uint32_t loc = nodes[i].loc ? (uint32_t)nodes[i].loc - 1 : UINT32_MAX;
		for (c = 0; c < ncls; c++)
			if (!strcmp(f->names + f->name_off[c], nodes[i].cls) && f->location[c] == loc)
				break;
		if (c == ncls) {
			f->name_off[c] = names_len;
			strcpy(f->names + names_len, nodes[i].cls);
			names_len += strlen(nodes[i].cls) + 1;
			f->location[c] = loc;
			ncls++;
		}
		f->cls[i] = c;
		f->id[i] = nodes[i].id;
		f->self[i] = nodes[i].self;
		f->type[i] = nodes[i].type;
		f->dom[i] = nodes[i].dom;
		f->retained[i] = nodes[i].retained;
		f->distance[i] = nodes[i].distance;
		f->order[i] = i;
	}
	/* id_order: insertion sort by id (stable). */
	for (uint32_t i = 1; i < n; i++) {
		node_ix x = f->order[i];
		uint32_t j = i;
		while (j > 0 && f->id[f->order[j - 1]] > f->id[x]) {
			f->order[j] = f->order[j - 1];
			j--;
		}
		f->order[j] = x;
	}
	f->s.node_count = n;
	f->s.node_type = f->type;
	f->s.node_id = f->id;
	f->s.node_self = f->self;
	f->s.id_order = f->order;
	f->s.node_class = f->cls;
	f->s.node_dominator = f->dom;
	f->s.node_retained = f->retained;
	f->s.node_distance = f->distance;
	f->s.location_count = 4;
	f->s.loc_script = f->loc_script;
	f->s.loc_line = f->loc_line;
	f->s.loc_column = f->loc_column;
	f->s.classes.count = ncls;
	f->s.classes.names = f->names;
	f->s.classes.names_len = names_len;
	f->s.classes.name_off = f->name_off;
	f->s.classes.location = f->location;
	f->s.analyzed = 1;
	f->s.root = 0;
	f->side.s = &f->s;
	f->side.node_class = f->cls;
	f->side.classes = &f->s.classes;
	f->side.self = f->self;
}

#endif
