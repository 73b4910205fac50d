/* runtime_input.h: how fuzz_runtime reads its input (and runtime_seeds writes seeds).
 *
 *   byte 0        the format: an index into ptf_formats (modulo their number)
 *   byte 1        the HAL: bit 0 no alloc_bytes (records from frames, failures reach
 *                 them), bit 1 flush_tlb_vmid_all; bit 2 the window: 1 GiB (every leaf
 *                 size), else 64 MiB (sixteen times quicker to set up and check)
 *   byte 2        the VMID
 *   then chunks of FUZZ_CHUNK bytes, one operation each (a short last chunk is dropped):
 *     generated   byte 0 below FUZZ_EXPLICIT: the differential driver's random_op, its
 *                 first eight draws the chunk's bytes 0-7 (the kind is byte 0 % 100,
 *                 as random_op weighs kinds), the rest from a generator seeded with
 *                 bytes 8-31. Shaped by what the model holds, so most do something.
 *     explicit    byte 0 FUZZ_EXPLICIT or above: byte 1 the kind (enum fuzz_kind,
 *                 modulo FUZZ_KINDS), byte 2 the flags (PTF_R...), byte 3 bit 0
 *                 populate, bit 1 huge, bit 2 clear, bit 3 overwrite, byte 4 an allocation failure after
 *                 that many allocations (0xff: none; else modulo 8), bytes 5-7 the
 *                 written bytes' seed, then GPA, HPA and SIZE, 8 bytes each, little-endian.
 *                 What a scenario script's commands become (runtime_seeds.c; their
 *                 addresses moved into the window, their offsets in 1 GiB kept).
 * Operations the arena could not hold (more than the driver's frame budget) run as a
 * translate instead, as the driver's do. */
#ifndef PTF_FUZZ_RUNTIME_INPUT_H
#define PTF_FUZZ_RUNTIME_INPUT_H

/* the address space an input runs in: [1 GiB, 2 GiB), one block of each leaf size, or
 * its first 64 MiB */
#define FUZZ_WINDOW_BASE ((uint64_t)1 << 30)
#define FUZZ_WINDOW_SIZE ((uint64_t)1 << 30)
#define FUZZ_NARROW_WINDOW_SIZE ((uint64_t)64 << 20)

#define FUZZ_HEADER 3
#define FUZZ_CHUNK 32
#define FUZZ_EXPLICIT 0xe0
#define FUZZ_MAX_OPS 512

#define FUZZ_RECORDS_FROM_FRAMES 0x1
#define FUZZ_VMID_ALL 0x2
#define FUZZ_WIDE_WINDOW 0x4

#define FUZZ_POPULATE 0x1
#define FUZZ_HUGE 0x2
#define FUZZ_CLEAR 0x4
#define FUZZ_OVERWRITE 0x8
#define FUZZ_NO_FAILURE 0xff

/* in the order of tests/diff/differ.h's enum op_kind (fuzz_runtime.c asserts it) */
enum fuzz_kind {
	FUZZ_MAP_LINEAR, FUZZ_MAP_ALLOC, FUZZ_UNMAP, FUZZ_PROTECT, FUZZ_FAULT, FUZZ_POPULATE_OP, FUZZ_DIRTY_START,
	FUZZ_DIRTY_STOP, FUZZ_DIRTY_GET, FUZZ_AGE, FUZZ_COLLAPSE, FUZZ_TRANSLATE, FUZZ_WRITE, FUZZ_READ, FUZZ_BUFFER,
	FUZZ_GUEST_WRITE, FUZZ_CLEAR_OP, FUZZ_KINDS
};

#endif
