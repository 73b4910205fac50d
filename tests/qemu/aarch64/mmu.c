/* tests/qemu/aarch64/mmu.c: stage 2 under QEMU's virt machine at EL2
 * (qemu-system-aarch64 -M virt,virtualization=on -cpu max | cortex-a57). EL1 runs with
 * its stage 1 off and HCR_EL2.DC set (Normal write-back, IPA = VA). A load or store probe
 * asks AT S12E1R/W for the output address and attributes (PAR_EL1; AT does not use the
 * TLB), then has EL1 code do the access for real (through the TLB: a stale translation
 * shows there); an execute probe runs EL1 code at the IPA. A stage-2 abort is taken to
 * EL2: ESR_EL2 EC 0x24 (data) or 0x20 (instruction), the IPA in HPFAR_EL2 (Arm ARM D13,
 * HPFAR_EL2.FIPA = IPA[51:12] in bits 43:4).
 * A stage-1 format (TTBR0_EL1) runs with stage 2 off and EL1's stage 1 on, over the
 * format's tables, TCR_EL1 and MAIR_EL1: AT S1E1R/W answers, and an abort is taken at
 * EL1 (ESR_EL1 EC 0x25 data, 0x21 instruction, the VA in FAR_EL1), whose vectors pass it
 * to EL2 (start.S). */
#include "../probe.h"

#define UART ((volatile uint32_t *)0x09000000) /* PL011: DR at 0, FR at 0x18 (TXFF bit 5) */

#define EC_HVC64 0x16
#define EC_IABT_LOWER 0x20
#define EC_IABT_SAME 0x21
#define EC_DABT_LOWER 0x24
#define EC_DABT_SAME 0x25
#define HVC_EL1_ABORT 1 /* el1_vectors' hvc: ESR_EL1 and FAR_EL1 in x2, x3 */

struct trap_info {
	uint64_t esr, far, hpfar, x1, esr_el1, far_el1;
};
extern struct trap_info trap_info;
extern char __guest_code_start[], __guest_code_end[], guest_load[], guest_store[], el1_vectors[];

/* the format being checked is a stage-1 one (TTBR0_EL1) */
static bool stage1;

static bool names(const char *n, const char *want)
{
	while (n && *want && *n == *want)
		n++, want++;
	return n && !*n && !*want;
}
void guest_run(uint64_t entry, uint64_t x0, uint64_t x1);
void console_puts(const char *s);
void console_hex(uint64_t v);
void check_main(void);

const char *const arch_name = "aarch64 (QEMU virt, EL2)";

void console_putc(char c)
{
	while (UART[0x18 / 4] & (1u << 5))
		;
	UART[0] = (uint32_t)(unsigned char)c;
}

/* semihosting SYS_EXIT (0x18) with ADP_Stopped_ApplicationExit and the status */
void platform_exit(int status)
{
	static volatile uint64_t block[2];
	block[0] = 0x20026;
	block[1] = (uint64_t)status;
	register uint64_t x0 __asm__("x0") = 0x18;
	register uint64_t x1 __asm__("x1") = (uint64_t)(uintptr_t)block;
	__asm__ volatile("hlt #0xf000" : : "r"(x0), "r"(x1) : "memory");
	for (;;)
		;
}

void el2_trap_report(uint64_t esr, uint64_t elr, uint64_t far)
{
	console_puts("unexpected exception at EL2: ESR_EL2 ");
	console_hex(esr);
	console_puts(" ELR_EL2 ");
	console_hex(elr);
	console_puts(" FAR_EL2 ");
	console_hex(far);
	console_puts("\n");
	platform_exit(3);
}

void el2_main(void)
{
	check_main();
}

#define sysreg_read(r) ({ uint64_t v_; __asm__ volatile("mrs %0, " #r : "=r"(v_)); v_; })
#define sysreg_write(r, v) __asm__ volatile("msr " #r ", %0\n\tisb" : : "r"((uint64_t)(v)) : "memory")

/* ID_AA64MMFR0_EL1.PARange (Arm ARM D13): 0 32, 1 36, 2 40, 3 42, 4 44, 5 48, 6 52 bits */
unsigned arch_pa_bits(void)
{
	static const unsigned bits[] = { 32, 36, 40, 42, 44, 48, 52 };
	uint64_t r = sysreg_read(id_aa64mmfr0_el1) & 0xf;
	return r < 7 ? bits[r] : 52;
}

void arch_init(void)
{
	/* VM: stage 2 on; DC: EL1's stage 1 off reads as Normal write-back; RW: EL1 is AArch64 */
	sysreg_write(hcr_el2, (1ull << 31) | (1ull << 12) | 1ull);
	sysreg_write(sctlr_el1, 0x30d00800ull); /* RES1 bits, M = 0 */
}

/* Whether stage 2 takes the granule (Arm ARM D13, ID_AA64MMFR0_EL1): TGran4_2 43:40,
 * TGran64_2 39:36, TGran16_2 35:32 (0 as stage 1, 1 no, 2 or 3 yes); stage 1's TGran4
 * 31:28 and TGran64 27:24 (0 yes, 0xf no), TGran16 23:20 (0 no, 1 or 2 yes). A Cortex-A57
 * has no 16 KiB granule. */
static bool stage2_granule_supported(unsigned shift)
{
	uint64_t r = sysreg_read(id_aa64mmfr0_el1);
	unsigned s2 = shift == 12 ? 40 : shift == 16 ? 36 : 32, s1 = shift == 12 ? 28 : shift == 16 ? 24 : 20;
	unsigned f2 = (unsigned)(r >> s2) & 0xf, f1 = (unsigned)(r >> s1) & 0xf;
	if (f2 != 0)
		return f2 >= 2;
	return shift == 14 ? f1 != 0 : f1 != 0xf;
}

/* Stage 1's own granule fields (TGran4 31:28, TGran64 27:24: 0 yes; TGran16 23:20: 0 no) */
static bool stage1_granule_supported(unsigned shift)
{
	uint64_t r = sysreg_read(id_aa64mmfr0_el1);
	unsigned f = (unsigned)(r >> (shift == 12 ? 28 : shift == 16 ? 24 : 20)) & 0xf;
	return shift == 14 ? f != 0 : f != 0xf;
}

/* AArch64 stage 2 (VTTBR_EL2; ARMv7 LPAE's VTTBR and VTCR are AArch32's) and stage 1
 * (TTBR0_EL1) */
bool arch_supports(const struct ptf_format *fmt)
{
	if (names(fmt->root_register_name, "VTTBR_EL2"))
		return stage2_granule_supported(fmt->granule_shift);
	if (names(fmt->root_register_name, "TTBR0_EL1"))
		return stage1_granule_supported(fmt->granule_shift);
	return false;
}

static void flush_all(void)
{
	__asm__ volatile("dsb ishst\n\ttlbi vmalls12e1is\n\tdsb ish\n\tisb" ::: "memory");
}

static uint64_t register_value(const struct ptf_format *fmt, const char *name)
{
	for (unsigned i = 0; i < fmt->n_registers; i++)
		if (names(fmt->registers[i].name, name))
			return fmt->registers[i].value;
	return 0;
}

void arch_install(const struct ptf_format *fmt, const struct ptf_aspace *as)
{
	stage1 = names(fmt->root_register_name, "TTBR0_EL1");
	if (stage1) {
		/* stage 2 off (VM = 0, DC = 0: EL1's stage 1 is its own); the format's registers,
		 * its root with ASID 1, EL1's vectors in the guest's code page; then SCTLR_EL1.M,
		 * C and I */
		sysreg_write(hcr_el2, 1ull << 31);
		sysreg_write(mair_el1, register_value(fmt, "MAIR_EL1"));
		sysreg_write(tcr_el1, register_value(fmt, "TCR_EL1"));
		sysreg_write(ttbr0_el1, ptf_aspace_root_register(as, 1));
		sysreg_write(vbar_el1, (uint64_t)(uintptr_t)el1_vectors);
		flush_all();
		sysreg_write(sctlr_el1, 0x30d00800ull | (1ull << 12) | (1ull << 2) | 1ull);
		return;
	}
	sysreg_write(sctlr_el1, 0x30d00800ull); /* a stage-1 format's run may have turned it on */
	sysreg_write(hcr_el2, (1ull << 31) | (1ull << 12) | 1ull);
	sysreg_write(vtcr_el2, register_value(fmt, "VTCR_EL2"));
	sysreg_write(vttbr_el2, ptf_aspace_root_register(as, 1));
	flush_all();
}

/* The guest's code page, mapped at its own address (stage 1 off: IPA = VA = PA). */
void arch_prepare(struct ptf_aspace *as)
{
	map_guest_code(as, __guest_code_start, __guest_code_end);
}

/* Linux's __kvm_tlb_flush_vmid_ipa: TLBI IPAS2E1IS per page (IPA >> 12), DSB, then
 * VMALLE1IS for the combined stage-1+2 entries, DSB, ISB. */
void arch_flush(uint64_t gpa, uint64_t size)
{
	if (size > ((uint64_t)64 << 12)) {
		flush_all();
		return;
	}
	if (stage1) {
		/* TLBI VAAE1IS: by VA (>> 12), any ASID */
		__asm__ volatile("dsb ishst" ::: "memory");
		for (uint64_t a = gpa; a < gpa + size; a += 4096)
			__asm__ volatile("tlbi vaae1is, %0" : : "r"(a >> 12) : "memory");
		__asm__ volatile("dsb ish\n\tisb" ::: "memory");
		return;
	}
	__asm__ volatile("dsb ishst" ::: "memory");
	for (uint64_t a = gpa; a < gpa + size; a += 4096)
		__asm__ volatile("tlbi ipas2e1is, %0" : : "r"(a >> 12) : "memory");
	__asm__ volatile("dsb ish\n\ttlbi vmalle1is\n\tdsb ish\n\tisb" ::: "memory");
}

/* PAR_EL1.ATTR of a stage-1-off (DC) access combined with stage 2 */
static unsigned memtype_of(uint64_t par)
{
	unsigned attr = (unsigned)(par >> 56);
	if (attr == 0xff)
		return 0;
	if (attr == 0x04)
		return PTF_DEVICE;
	if (attr == 0x44)
		return PTF_UNCACHED;
	return 0x80; /* anything else: no flag ptforge sets, so it shows as a mismatch */
}

static void at_probe(uint64_t gpa, bool write, struct probe *p)
{
	uint64_t par;
	if (stage1 && write)
		__asm__ volatile("at s1e1w, %1\n\tisb\n\tmrs %0, par_el1" : "=r"(par) : "r"(gpa) : "memory");
	else if (stage1)
		__asm__ volatile("at s1e1r, %1\n\tisb\n\tmrs %0, par_el1" : "=r"(par) : "r"(gpa) : "memory");
	else if (write)
		__asm__ volatile("at s12e1w, %1\n\tisb\n\tmrs %0, par_el1" : "=r"(par) : "r"(gpa) : "memory");
	else
		__asm__ volatile("at s12e1r, %1\n\tisb\n\tmrs %0, par_el1" : "=r"(par) : "r"(gpa) : "memory");
	if (par & 1)
		return; /* the real access reports the fault */
	p->pa = (par & 0x000ffffffffff000ull) | (gpa & 0xfff);
	p->memtype = memtype_of(par);
	p->has_memtype = true;
}

static struct probe from_trap(uint64_t gpa)
{
	struct probe p = { .outcome = PROBE_OTHER };
	uint64_t ec = trap_info.esr >> 26;
	p.cause = trap_info.esr;
	if (ec == EC_HVC64 && (trap_info.esr & 0xffff) == HVC_EL1_ABORT) {
		/* an abort at EL1 (stage 1): its own syndrome and address */
		uint64_t ec1 = trap_info.esr_el1 >> 26;
		p.cause = trap_info.esr_el1;
		if (ec1 == EC_IABT_SAME || ec1 == EC_DABT_SAME) {
			p.outcome = PROBE_FAULT;
			p.fault_gpa = trap_info.far_el1;
			p.fault_kind = (unsigned)(trap_info.esr_el1 & 0x3f);
		}
	} else if (ec == EC_HVC64 && (trap_info.esr & 0xffff) == 0) {
		p.outcome = PROBE_OK;
	} else if (ec == EC_IABT_LOWER || ec == EC_DABT_LOWER) {
		/* a stage-2 fault on the access itself (not on a stage-1 walk: S1PTW clear) */
		if (!((trap_info.esr >> 7) & 1)) {
			p.outcome = PROBE_FAULT;
			p.fault_gpa = ((trap_info.hpfar >> 4) << 12) | (trap_info.far & 0xfff);
			p.fault_kind = (unsigned)(trap_info.esr & 0x3f);
		}
	}
	(void)gpa;
	return p;
}

struct probe arch_probe(uint64_t gpa, enum probe_access access, uint64_t *value)
{
	struct probe p;
	trap_info = (struct trap_info){ 0 };
	if (access == PROBE_EXEC) {
		guest_run(gpa, 0, 0);
		return from_trap(gpa);
	}
	struct probe at = { 0 };
	at_probe(gpa, access == PROBE_WRITE, &at);
	if (access == PROBE_READ)
		guest_run((uintptr_t)guest_load, gpa, 0);
	else
		guest_run((uintptr_t)guest_store, gpa, *value);
	p = from_trap(gpa);
	if (p.outcome == PROBE_OK) {
		if (access == PROBE_READ)
			*value = trap_info.x1;
		p.pa = at.pa;
		p.memtype = at.memtype;
		p.has_memtype = at.has_memtype;
		if (!at.has_memtype) {
			p.outcome = PROBE_OTHER; /* AT faulted where the access went through */
			p.cause = 0xa7;
		}
	}
	return p;
}

/* ESR_EL2: EC 0x24 for data, 0x20 for instruction fetches; the fault status (DFSC/IFSC,
 * Arm ARM D13): 0b0001LL translation fault at level LL where nothing is mapped,
 * 0b0011LL permission fault where a leaf lacks the permission; WnR (bit 6) set for a
 * write */
const char *arch_wrong_fault(enum probe_access access, bool mapped, unsigned flags, const struct probe *p)
{
	(void)flags;
	uint64_t ec = p->cause >> 26, fsc = p->cause & 0x3f;
	uint64_t iabt = stage1 ? EC_IABT_SAME : EC_IABT_LOWER, dabt = stage1 ? EC_DABT_SAME : EC_DABT_LOWER;
	if (ec != (access == PROBE_EXEC ? iabt : dabt))
		return "the abort is of another kind (data / instruction)";
	if (access != PROBE_EXEC && (((p->cause >> 6) & 1) != (access == PROBE_WRITE)))
		return "ESR_EL2.WnR does not match the access";
	if ((fsc & 0x3c) != (mapped ? 0x0c : 0x04))
		return mapped ? "a mapped page without the permission must give a permission fault" :
		                "an unmapped page must give a translation fault";
	return NULL;
}

void arch_place_exec_stub(void *host)
{
	*(volatile uint32_t *)host = 0xd4000002; /* hvc #0 */
	__asm__ volatile("dsb ish\n\tic iallu\n\tdsb ish\n\tisb" ::: "memory");
}

bool arch_emulator_faults_anyway(const struct ptf_format *fmt, uint64_t gpa)
{
	(void)fmt;
	(void)gpa;
	return false;
}

/* the probes reach every GPA */
bool arch_reaches(uint64_t gpa)
{
	(void)gpa;
	return true;
}
