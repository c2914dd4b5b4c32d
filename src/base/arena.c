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
	size_t size;            /* bytes of data[] */
	alignas(max_align_t) char data[];
};

void pd_arena_init(pd_arena *a)
{
	a->head = NULL;
	a->used = 0;
}

void pd_arena_release(pd_arena *a)
{
	for (pd_arena_block *b = a->head, *prev; b; b = prev) {
		prev = b->prev;
		free(b);
	}
	pd_arena_init(a);
}

char *pd_arena_reserve(pd_arena *a, size_t n)
{
	if (!a->head || a->head->size - a->used < n) {
		size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		pd_arena_block *b = pd_xmalloc(sizeof *b + size);
		b->prev = a->head;
		b->size = size;
		a->head = b;
		a->used = 0;
	}
	return a->head->data + a->used;
}

void pd_arena_commit(pd_arena *a, size_t k)
{
	a->used += k;
}

void *pd_arena_alloc(pd_arena *a, size_t n)
{
	const size_t align = alignof(max_align_t);
	char *p = pd_arena_reserve(a, n + align - 1);
	size_t pad = (align - (size_t)((p - a->head->data) % align)) % align;
	pd_arena_commit(a, pad + n);
	return p + pad;
}
