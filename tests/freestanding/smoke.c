/* tests/freestanding/smoke.c: the freestanding core in a program with no libc at all,
 * as a hypervisor links it (make test-freestanding). Built with -ffreestanding -nostdlib
 * -static: its own _start, its own memset and memcpy (the two symbols the core may
 * need), a HAL over a static arena, and Linux system calls only to print and to exit.
 * For every format built it creates an address space, maps RAM lazily, takes faults,
 * translates, goes through guest memory, unmaps and destroys, and checks each result and
 * that every frame came back. Exit status 0 when all held, 1 at the first that did not. */
#include <ptforge/ptforge.h>

/* the embedder's memset and memcpy, and a frame allocator over a static arena */
#include "bare.h"

/* ---- the operating system: Linux system calls (write, exit_group), per architecture ---- */

#if defined(__x86_64__)
#define ARCH "x86_64"
#define SYS_WRITE 1
#define SYS_EXIT_GROUP 231
static long syscall3(long n, long a, long b, long c)
{
	long r;
	__asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
	return r;
}
/* the stack pointer is 16-byte aligned at entry; the call pushes the return address */
__asm__(".globl _start\n_start:\n\txor %ebp, %ebp\n\tand $-16, %rsp\n\tcall smoke_main\n\thlt\n");
#elif defined(__aarch64__)
#define ARCH "aarch64"
#define SYS_WRITE 64
#define SYS_EXIT_GROUP 94
static long syscall3(long n, long a, long b, long c)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
	return x0;
}
__asm__(".globl _start\n_start:\n\tmov x29, #0\n\tmov x30, #0\n\tbl smoke_main\n\tb .\n");
#elif defined(__riscv) && __riscv_xlen == 64
#define ARCH "riscv64"
#define SYS_WRITE 64
#define SYS_EXIT_GROUP 94
static long syscall3(long n, long a, long b, long c)
{
	register long a7 __asm__("a7") = n;
	register long a0 __asm__("a0") = a;
	register long a1 __asm__("a1") = b;
	register long a2 __asm__("a2") = c;
	__asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2) : "memory");
	return a0;
}
/* the global pointer first: the linker may relax accesses to small data through it */
__asm__(".globl _start\n_start:\n\t.option push\n\t.option norelax\n\tla gp, __global_pointer$\n"
        "\t.option pop\n\tcall smoke_main\n1:\tj 1b\n");
#else
#error "smoke.c: no _start for this architecture"
#endif

static size_t length(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

static void say(const char *s)
{
	syscall3(SYS_WRITE, 1, (long)s, (long)length(s));
}

static void say_hex(uint64_t v)
{
	char buf[19] = "0x";
	int n = 2;
	for (int shift = 60; shift >= 0; shift -= 4)
		if ((v >> shift) || shift == 0 || n > 2)
			buf[n++] = "0123456789abcdef"[(v >> shift) & 0xf];
	buf[n] = 0;
	say(buf);
}

__attribute__((noreturn)) static void leave(int status)
{
	for (;;)
		syscall3(SYS_EXIT_GROUP, status, 0, 0);
}

/* ptforge's internal checks land here instead of the default trap */
void ptf_assert_failed(const char *file, int line, const char *what)
{
	say("smoke: ptforge internal check failed: ");
	say(file);
	say(":");
	say_hex((uint64_t)line);
	say(": ");
	say(what);
	say("\n");
	leave(2);
}

/* ---- the HAL: frames from a static arena, reached where they are (pa = va) ---- */

#define ARENA_FRAMES 1024 /* 4 MiB */

static _Alignas(65536) unsigned char arena_memory[ARENA_FRAMES * PTF_FRAME_SIZE];

static void arena_flush(void *ctx, uint64_t gpa, uint64_t size)
{
	(void)gpa;
	(void)size;
	((struct arena *)ctx)->flushes++;
}

/* ---- the checks ---- */

static const char *current_format = "";

#define CHECK(cond)                                                                           \
	do {                                                                                  \
		if (!(cond)) {                                                                \
			say("freestanding smoke (" ARCH "): ");                              \
			say(current_format);                                                  \
			say(": " __FILE__ ": check failed: " #cond "\n");                     \
			leave(1);                                                             \
		}                                                                             \
	} while (0)

static int same_bytes(const void *x, const void *y, size_t n)
{
	const unsigned char *a = x, *b = y;
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

static void smoke_format(const struct ptf_format *fmt)
{
	static struct arena arena;
	arena_init(&arena, (uintptr_t)arena_memory, (uintptr_t)arena_memory + sizeof(arena_memory));
	const struct ptf_hal hal = {
		.ctx = &arena,
		.alloc_frames = arena_alloc,
		.free_frames = arena_free,
		.phys_to_virt = ptf_direct_map_phys_to_virt,
		.flush_tlb = arena_flush,
		/* no alloc_bytes: ptforge carves its own records out of frames */
	};
	current_format = fmt->name;

	struct ptf_aspace *as;
	CHECK(ptf_aspace_create(&as, fmt, 0, UINT64_C(1) << 30, &hal) == PTF_OK);
	struct ptf_aspace_stats st;
	ptf_aspace_stats(as, &st);
	CHECK(st.frames_in_use == arena.in_use); /* the root and the records' frames */

	/* 64 pages of RAM at 16 MiB, lazily: a zeroed frame per page on its first fault (a
	 * page is the format's granule) */
	const uint64_t page = ptf_format_granule(fmt);
	const uint64_t ram = 0x1000000, ram_size = 64 * page;
	CHECK(ptf_aspace_map_alloc(as, ram, ram_size, PTF_R | PTF_W, false) == PTF_OK);
	uint64_t hpa, limit;
	CHECK(ptf_aspace_translate(as, ram, &hpa, NULL) == PTF_ENOENT);
	for (uint64_t gpa = ram; gpa < ram + ram_size; gpa += 3 * page)
		CHECK(ptf_aspace_handle_fault(as, gpa + 0x10, PTF_W) == PTF_OK);
	ptf_aspace_stats(as, &st);
	CHECK(st.frames_owned == (ram_size / (3 * page)) + 1);
	CHECK(st.frames_in_use == arena.in_use);

	const uint64_t gpa = ram + 3 * page + 0x234;
	CHECK(ptf_aspace_translate(as, gpa, &hpa, &limit) == PTF_OK);
	CHECK(hpa >= arena.dm.pa_start && hpa < arena.dm.pa_end && (hpa & (page - 1)) == 0x234);
	static const char msg[] = "no libc here";
	char back[sizeof(msg)];
	CHECK(ptf_aspace_write(as, gpa, msg, sizeof(msg)) == PTF_OK);
	CHECK(same_bytes((const void *)(uintptr_t)hpa, msg, sizeof(msg)));
	CHECK(ptf_aspace_read(as, gpa, back, sizeof(back)) == PTF_OK);
	CHECK(same_bytes(back, msg, sizeof(msg)));
	CHECK(ptf_aspace_handle_fault(as, 0x40000000 - 0x1000, PTF_R) == PTF_ENOAREA);

	/* a linear 2 MiB block */
	CHECK(ptf_aspace_map_linear(as, 0x200000, 0x40200000, 0x200000, PTF_R | PTF_W) == PTF_OK);
	CHECK(ptf_aspace_translate(as, 0x201008, &hpa, &limit) == PTF_OK);
	CHECK(hpa == 0x40201008 && limit == 0x200000 - 0x1008);

	unsigned long flushes = arena.flushes;
	CHECK(ptf_aspace_unmap(as, ram, ram_size) == PTF_OK);
	CHECK(arena.flushes == flushes + 1);
	CHECK(ptf_aspace_translate(as, gpa, &hpa, NULL) == PTF_ENOENT);
	ptf_aspace_destroy(as);
	CHECK(arena.in_use == 0);

	say("freestanding smoke (" ARCH "): ");
	say(fmt->name);
	say(": ok\n");
}

__attribute__((noreturn, used)) void smoke_main(void)
{
	size_t n = ptf_format_count();
	CHECK(n > 0);
	for (size_t i = 0; i < n; i++)
		smoke_format(ptf_formats[i]);
	leave(0);
}
