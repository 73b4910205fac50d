/* tests/qemu/probe.h: what check.c needs from one emulated CPU (riscv64/, aarch64/).
 * The image runs in the hypervisor's mode (RISC-V HS, AArch64 EL2) with its own
 * translation off, so a physical address is the address it is reached at. */
#ifndef PTF_QEMU_PROBE_H
#define PTF_QEMU_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ptforge/ptforge.h>

enum probe_access { PROBE_READ, PROBE_WRITE, PROBE_EXEC };

enum probe_outcome {
	PROBE_OK,          /* the access went through */
	PROBE_FAULT,       /* a second-stage fault (guest-page fault, stage-2 abort) */
	PROBE_OTHER,       /* anything else: an access fault beyond RAM, an unexpected trap */
};

struct probe {
	enum probe_outcome outcome;
	uint64_t pa;         /* PROBE_OK: where the access landed */
	unsigned memtype;    /* PROBE_OK, when has_memtype: PTF_DEVICE, PTF_UNCACHED or 0 */
	bool has_memtype;
	uint64_t fault_gpa;  /* PROBE_FAULT: the faulting guest-physical address the trap reports */
	unsigned fault_kind; /* PROBE_FAULT, architecture's code (ARM: the fault status) */
	uint64_t cause;      /* the raw cause (scause, ESR_EL2), for the report */
};

/* ---- provided by check.c ---- */
/* map the guest's own code, [start, end), at its own address (read, execute) */
void map_guest_code(struct ptf_aspace *as, const void *start, const void *end);

/* ---- provided by the architecture ---- */
extern const char *const arch_name;
/* the highest physical address bit + 1 this CPU has (ARM PARange; RISC-V: 56) */
unsigned arch_pa_bits(void);
/* whether the CPU walks fmt (its translation mode is implemented) */
bool arch_supports(const struct ptf_format *fmt);
/* first-time setup (trap vectors, hypervisor registers) */
void arch_init(void);
/* make the address space's tables the ones the MMU walks, from the root register and
 * the format's registers */
void arch_install(const struct ptf_format *fmt, const struct ptf_aspace *as);
/* before any area: map what the guest itself needs (its code page on ARM) */
void arch_prepare(struct ptf_aspace *as);
/* the HAL's flush_tlb */
void arch_flush(uint64_t gpa, uint64_t size);
/* one access by the guest at gpa; for PROBE_READ/WRITE the 8 bytes at gpa are read or
 * written (*value in/out); for PROBE_EXEC the guest runs code placed at gpa's host frame */
struct probe arch_probe(uint64_t gpa, enum probe_access access, uint64_t *value);
/* whether a fault is the one the access should raise: on an entry that is not there
 * (mapped false) or one without the permission (mapped, with the leaf's flags); NULL
 * when it is, else what differs */
const char *arch_wrong_fault(enum probe_access access, bool mapped, unsigned flags, const struct probe *p);
/* the bytes guest code at gpa must hold for arch_probe(PROBE_EXEC) to succeed */
void arch_place_exec_stub(void *host);
/* whether the guest the probes run can generate gpa at all (x86: the EPT formats' guest
 * is a 32-bit one; the stage-1 formats' takes canonical linear addresses only) */
bool arch_reaches(uint64_t gpa);
/* QEMU's known deviations: true when an access at gpa faults on this emulator although
 * the tables translate it (stated in the output) */
bool arch_emulator_faults_anyway(const struct ptf_format *fmt, uint64_t gpa);
void console_putc(char c);
__attribute__((noreturn)) void platform_exit(int status);

#endif
