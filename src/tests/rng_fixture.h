/*
 * rng_fixture.h - a seeded xorshift64 generator for tests that want varied
 * input that is the same on every run.
 */
#ifndef HEAPTUI_TESTS_RNG_FIXTURE_H
#define HEAPTUI_TESTS_RNG_FIXTURE_H

#include <stdint.h>

static uint64_t rng_state = 88172645463325252ull;

/* A number in [0, n). */
static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % n);
}

#endif
