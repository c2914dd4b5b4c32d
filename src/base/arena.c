/* arena.c: bump allocation in chained blocks (arena.h). */
#include "base/arena.h"
#include "base/mem.h"

#include <stdalign.h>
#include <stdlib.h>

/* Most documents' lines fit one block; a longer line gets a block of its
 * own size. */
#define ARENA_BLOCK 65536

struct pd_arena_block {
	pd_arena_block *prev;
	alignas(max_align_t) char data[];
};

void pd_arena_init(pd_arena *a)
{
	a->head = NULL;
	a->next = NULL;
	a->room = 0;
}

void pd_arena_release(pd_arena *a)
{
	for (pd_arena_block *b = a->head, *prev; b; b = prev) {
		prev = b->prev;
		free(b);
	}
	pd_arena_init(a);
}

char *pd_arena_reserve_block(pd_arena *a, size_t n)
{
	size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
	pd_arena_block *b = pd_xmalloc(sizeof *b + size);
	b->prev = a->head;
	a->head = b;
	a->next = b->data;
	a->room = size;
	return a->next;
}

void *pd_arena_alloc(pd_arena *a, size_t n)
{
	const size_t align = alignof(max_align_t);
	char *p = pd_arena_reserve(a, n + align - 1);
	size_t pad = (align - (size_t)((p - a->head->data) % align)) % align;
	pd_arena_commit(a, pad + n);
	return p + pad;
}
