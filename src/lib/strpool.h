/* strpool.h - interned strings for the table reader and the emitter; not
 * installed.
 *
 * A tidy table repeats its keys (area, group, stage) on every row, so each
 * distinct string is stored once, NUL-terminated, in chunks that never move
 * (each at least twice the size of the one before, so a pool of S bytes has
 * O(log S) chunks), found again through an open-addressing set at most half
 * full.  Two strings interned in one pool are equal exactly when their
 * pointers are.
 *
 * Ownership: the pool owns every string it returns; they live until
 * pt_strpool_free().  The caller owns the pt_strpool itself.
 */
#ifndef PROPTREND_STRPOOL_H
#define PROPTREND_STRPOOL_H

#include <stddef.h>
#include <stdint.h>

typedef struct pt_strchunk pt_strchunk;

typedef struct pt_strpool {
  pt_strchunk *chunks;   /* newest first */
  const char **set;      /* interned strings, NULL = free slot */
  uint64_t *hash;        /* their hashes */
  size_t cap, n;
} pt_strpool;

void pt_strpool_init(pt_strpool *p);
void pt_strpool_free(pt_strpool *p);

/* The pool's one copy of the len bytes at s (which need no NUL), added when
 * new; NULL when out of memory. */
const char *pt_strpool_intern(pt_strpool *p, const char *s, size_t len);
/* A copy of the len bytes at s, NUL-terminated, not interned (numbers that
 * rarely repeat); NULL when out of memory. */
char *pt_strpool_copy(pt_strpool *p, const char *s, size_t len);
/* 1 when s points into one of the pool's chunks. */
int pt_strpool_has(const pt_strpool *p, const char *s);

/* A 64-bit hash of len bytes, a word at a time (keys are short). */
uint64_t pt_strhash(const char *s, size_t len);

#endif
