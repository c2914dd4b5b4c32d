/* arena.h: bump allocation for many small objects freed together.
 *
 * A document's lines (parse/doc.c) were a malloc and a free each: about
 * 8 % of the parser's CPU time. An arena hands out pieces of larger blocks
 * and frees them all at once; pieces never move (blocks are chained, not
 * grown). Memory exhaustion aborts (mem.h).
 *
 *   pd_arena a; pd_arena_init(&a);
 *   char *p = pd_arena_reserve(&a, n + 1);  // room for up to n + 1 bytes
 *   ... write k <= n + 1 bytes at p ...
 *   pd_arena_commit(&a, k);                 // p keeps its k bytes
 *   pd_arena_release(&a);                   // every piece freed
 */
#ifndef PD_BASE_ARENA_H
#define PD_BASE_ARENA_H

#include <stddef.h>

typedef struct pd_arena_block pd_arena_block;

typedef struct pd_arena {
	pd_arena_block *head;   /* the block being filled; older ones chained */
	char *next;             /* head's first byte not handed out */
	size_t room;            /* head's bytes from next on */
} pd_arena;

void pd_arena_init(pd_arena *a);
/* Frees every block; the arena is empty and may be reused. */
void pd_arena_release(pd_arena *a);
/* pd_arena_reserve when the block being filled has no room for n bytes. */
char *pd_arena_reserve_block(pd_arena *a, size_t n);
/* Room for n bytes, not yet handed out: the next reserve or alloc
 * returns the same place unless pd_arena_commit took some of it. Inline,
 * as pd_arena_commit: the line builder reserves for every text run, the
 * turn detector for every line (a call each was 0.8 % of the parser). */
static inline char *pd_arena_reserve(pd_arena *a, size_t n)
{
	return a->head && n <= a->room ? a->next : pd_arena_reserve_block(a, n);
}
/* Hands out the first k bytes of the last reserve (k <= its n). */
static inline void pd_arena_commit(pd_arena *a, size_t k)
{
	a->next += k;
	a->room -= k;
}
/* The bytes a reserve gets without a new block (0 before the first). */
static inline size_t pd_arena_room(const pd_arena *a)
{
	return a->room;
}
/* reserve + commit: n bytes, aligned for any object. */
void *pd_arena_alloc(pd_arena *a, size_t n);

#endif
