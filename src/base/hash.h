/* hash.h: a fast non-cryptographic 64-bit hash (FNV-1a), used to tell
 * whether a transcript changed and to derive ids from content. Not for
 * security: nothing trusts it against an adversary who wants a collision. */
#ifndef PD_BASE_HASH_H
#define PD_BASE_HASH_H

#include <stddef.h>
#include <stdint.h>

#define PD_HASH64_INIT 0xcbf29ce484222325ULL

uint64_t pd_hash64(uint64_t h, const void *p, size_t n);
/* Writes 16 lowercase hex digits and a NUL into out. */
void pd_hash64_hex(uint64_t h, char out[17]);

#endif
