/* strpool.c - interned strings in chunks that never move (see strpool.h). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "strpool.h"

#define FIRST_CHUNK 16384

struct pt_strchunk {
  pt_strchunk *next;
  size_t used, cap;
  char data[];
};

void pt_strpool_init(pt_strpool *p) { memset(p, 0, sizeof *p); }

void pt_strpool_free(pt_strpool *p)
{
  if (!p) return;
  for (pt_strchunk *c = p->chunks, *nx; c; c = nx) { nx = c->next; free(c); }
  free(p->set);
  free(p->hash);
  memset(p, 0, sizeof *p);
}

static uint64_t mix(uint64_t h)
{
  /* splitmix64's finaliser: the low bits index a power-of-two table */
  h = (h ^ (h >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  h = (h ^ (h >> 27)) * UINT64_C(0x94d049bb133111eb);
  return h ^ (h >> 31);
}

uint64_t pt_strhash(const char *s, size_t len)
{
  uint64_t h = UINT64_C(0x9e3779b97f4a7c15) ^ len, w;
  size_t i = 0;
  for (; i + 8 <= len; i += 8) {
    memcpy(&w, s + i, 8);
    h = (h ^ w) * UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 32;
  }
  if (i < len) {
    w = 0;
    memcpy(&w, s + i, len - i);
    h = (h ^ w) * UINT64_C(0xff51afd7ed558ccd);
  }
  return mix(h);
}

static int grow_set(pt_strpool *p)
{
  size_t nc = p->cap ? p->cap * 2 : 256;
  const char **ns = calloc(nc, sizeof *ns);
  uint64_t *nh = malloc(nc * sizeof *nh);
  if (!ns || !nh) { free(ns); free(nh); return -1; }
  for (size_t i = 0; i < p->cap; i++) {
    if (!p->set[i]) continue;
    size_t j = (size_t)p->hash[i] & (nc - 1);
    while (ns[j]) j = (j + 1) & (nc - 1);
    ns[j] = p->set[i];
    nh[j] = p->hash[i];
  }
  free(p->set);
  free(p->hash);
  p->set = ns; p->hash = nh; p->cap = nc;
  return 0;
}

char *pt_strpool_copy(pt_strpool *p, const char *s, size_t len)
{
  pt_strchunk *c = p->chunks;
  if (!c || c->cap - c->used < len + 1) {
    size_t cap = c ? 2 * c->cap : FIRST_CHUNK;
    while (cap < len + 1) cap *= 2;
    if (!(c = malloc(sizeof *c + cap))) return NULL;
    c->next = p->chunks; c->used = 0; c->cap = cap;
    p->chunks = c;
  }
  char *d = c->data + c->used;
  memcpy(d, s, len);
  d[len] = '\0';
  c->used += len + 1;
  return d;
}

const char *pt_strpool_intern(pt_strpool *p, const char *s, size_t len)
{
  uint64_t h = pt_strhash(s, len);
  if (2 * (p->n + 1) > p->cap && grow_set(p)) return NULL;
  size_t j = (size_t)h & (p->cap - 1);
  for (; p->set[j]; j = (j + 1) & (p->cap - 1))
    /* strnlen first: memcmp may read all len bytes of a shorter string */
    if (p->hash[j] == h && strnlen(p->set[j], len + 1) == len && !memcmp(p->set[j], s, len)) return p->set[j];
  char *d = pt_strpool_copy(p, s, len);
  if (!d) return NULL;
  p->set[j] = d;
  p->hash[j] = h;
  p->n++;
  return d;
}

int pt_strpool_has(const pt_strpool *p, const char *s)
{
  /* addresses as integers: comparing pointers into different objects is
   * undefined in C */
  uintptr_t a = (uintptr_t)s;
  for (const pt_strchunk *c = p->chunks; c; c = c->next)
    if (a >= (uintptr_t)c->data && a < (uintptr_t)c->data + c->used) return 1;
  return 0;
}
