/* rng.h: deterministic random streams (--seed). A phase starts its own stream from the
 * run's seed and a stream number, so the specialised and the generic phase of an
 * operation draw the same addresses, and an operation's addresses do not depend on
 * which formats or operations ran before it. */
#ifndef PTF_BENCH_RNG_H
#define PTF_BENCH_RNG_H

#include <stddef.h>
#include <stdint.h>

struct bench_rng {
	uint64_t state;
};

/* splitmix64: small, fast, and good enough for picking addresses */
static inline uint64_t bench_rng_next(struct bench_rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static inline struct bench_rng bench_rng_stream(uint64_t seed, uint64_t stream)
{
	struct bench_rng r = { seed ^ (stream * 0xd1b54a32d192ed03ull) };
	bench_rng_next(&r); /* decorrelates neighbouring seeds and streams */
	return r;
}

static inline void bench_shuffle(struct bench_rng *r, uint32_t *a, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)(bench_rng_next(r) % i);
		uint32_t t = a[i - 1];
		a[i - 1] = a[j];
		a[j] = t;
	}
}

#endif
