/* tests/qemu/riscv64/mmu.c: the G-stage under QEMU's virt machine with the H extension
 * (qemu-system-riscv64 -cpu rv64,h=true[,svpbmt=true]). Probes run in HS-mode with vsatp
 * Bare (GVA = GPA): HLV.D / HSV.D for loads and stores, which go through QEMU's TLB, and
 * VS-mode code at the GPA for execute (HLVX would need only R on QEMU 7.2). A fault is a
 * guest-page fault: scause 20 (instruction), 21 (load), 23 (store), with the GPA in
 * htval << 2 | stval's low bits (privileged spec, "Hypervisor Extension", htval).
 * The stage-1 formats (satp: Sv39, Sv48, Sv57) run the same probes with the roles turned
 * round: hgatp Bare (GPA = host physical) and the tables in vsatp, so the VS-stage walks
 * them as a supervisor's satp; a fault is then a page fault, scause 12 (instruction), 13
 * (load), 15 (store), with the virtual address in stval ("Supervisor-Level ISA"). */
#include "../probe.h"

#define SCAUSE_LOAD_ACCESS_FAULT 5
#define SCAUSE_STORE_ACCESS_FAULT 7
#define SCAUSE_ECALL_FROM_VS 10
#define SCAUSE_INSN_PAGE_FAULT 12
#define SCAUSE_LOAD_PAGE_FAULT 13
#define SCAUSE_STORE_PAGE_FAULT 15
#define SCAUSE_INSN_GUEST_PAGE_FAULT 20
#define SCAUSE_LOAD_GUEST_PAGE_FAULT 21
#define SCAUSE_STORE_GUEST_PAGE_FAULT 23

#define UART ((volatile uint8_t *)0x10000000)   /* ns16550: THR at 0, LSR at 5 */
#define TEST_DEVICE ((volatile uint32_t *)0x100000) /* sifive_test */

struct trap_info {
	uint64_t scause, stval, htval, hstatus, trapped, armed;
};
extern struct trap_info trap_info;
void guest_run(uint64_t gpa);

const char *const arch_name = "riscv64 (QEMU virt, H extension)";

/* the format being checked is a stage-1 one (satp), walked through vsatp */
static bool stage1;

static bool names(const char *n, const char *want)
{
	while (n && *want && *n == *want)
		n++, want++;
	return n && !*n && !*want;
}

void console_putc(char c)
{
	while (!(UART[5] & 0x20))
		;
	UART[0] = (uint8_t)c;
}

void platform_exit(int status)
{
	*TEST_DEVICE = status == 0 ? 0x5555 : ((uint32_t)status << 16) | 0x3333;
	for (;;)
		;
}

void console_puts(const char *s);
void console_hex(uint64_t v);

void m_trap_report(uint64_t cause, uint64_t epc, uint64_t tval)
{
	console_puts("M-mode trap: mcause ");
	console_hex(cause);
	console_puts(" mepc ");
	console_hex(epc);
	console_puts(" mtval ");
	console_hex(tval);
	console_puts("\n");
	platform_exit(3);
}

void hs_trap_report(uint64_t cause, uint64_t epc, uint64_t tval)
{
	console_puts("unexpected HS-mode trap: scause ");
	console_hex(cause);
	console_puts(" sepc ");
	console_hex(epc);
	console_puts(" stval ");
	console_hex(tval);
	console_puts("\n");
	platform_exit(3);
}

/* gcc 12 takes no "h" in -march; the assembler takes it per statement */
#define H(insn) ".option push\n.option arch, +h\n" insn "\n.option pop"
#define csr_read(name) ({ uint64_t v_; __asm__ volatile(H("csrr %0, " #name) : "=r"(v_)); v_; })
#define csr_write(name, v) __asm__ volatile(H("csrw " #name ", %0") : : "r"((uint64_t)(v)) : "memory")

unsigned arch_pa_bits(void)
{
	return 56; /* Sv39x4/48x4/57x4 G-stage leaves hold 44-bit PPNs (privileged spec) */
}

void arch_init(void)
{
	csr_write(hedeleg, 0);
	csr_write(hideleg, 0);
	csr_write(vsatp, 0);        /* VS-stage Bare: GVA = GPA */
	uint64_t pbmte = (uint64_t)1 << 62;
	__asm__ volatile(H("csrs 0x60a, %0") : : "r"(pbmte)); /* henvcfg.PBMTE, for VS-stage */
	__asm__ volatile(H("csrs hstatus, %0") : : "r"((uint64_t)1 << 8)); /* SPVP: probes as VS supervisor */
}

/* G-stage formats (hgatp.MODE: 8 Sv39x4, 9 Sv48x4, 10 Sv57x4) and stage-1 ones (satp,
 * walked through vsatp: MODE 8 Sv39, 9 Sv48, 10 Sv57); an unsupported mode is not
 * written (WARL), so it does not read back */
bool arch_supports(const struct ptf_format *fmt)
{
	const char *n = fmt->root_register_name;
	uint64_t want = fmt->root_register(0, 0) >> 60, got;
	if (names(n, "hgatp")) {
		csr_write(hgatp, want << 60);
		got = csr_read(hgatp) >> 60;
		csr_write(hgatp, 0);
		__asm__ volatile(H("hfence.gvma zero, zero") ::: "memory");
	} else if (names(n, "satp")) {
		csr_write(vsatp, want << 60);
		got = csr_read(vsatp) >> 60;
		csr_write(vsatp, 0);
		__asm__ volatile(H("hfence.vvma zero, zero") ::: "memory");
	} else {
		return false;
	}
	return got == want && want != 0;
}

/* the VS-mode code a probe runs sits in the probed page itself */
void arch_prepare(struct ptf_aspace *as)
{
	(void)as;
}

void arch_install(const struct ptf_format *fmt, const struct ptf_aspace *as)
{
	stage1 = names(fmt->root_register_name, "satp");
	csr_write(hgatp, stage1 ? 0 : ptf_aspace_root_register(as, 1));
	csr_write(vsatp, stage1 ? ptf_aspace_root_register(as, 1) : 0);
	__asm__ volatile(H("hfence.gvma zero, zero") ::: "memory");
	__asm__ volatile(H("hfence.vvma zero, zero") ::: "memory");
}

/* hfence.gvma takes the GPA shifted right by 2 (like htval); one per 4 KiB page, all of
 * them when the range is large */
void arch_flush(uint64_t gpa, uint64_t size)
{
	__asm__ volatile("fence rw, rw" ::: "memory");
	if (stage1) {
		/* the VS-stage's: HFENCE.VVMA by virtual address (all of them when large) */
		if (size > ((uint64_t)64 << 12)) {
			__asm__ volatile(H("hfence.vvma zero, zero") ::: "memory");
			return;
		}
		/* by offset: gpa + size is 0 for the upper half's last page */
		for (uint64_t offset = 0; offset < size; offset += 4096)
			__asm__ volatile(H("hfence.vvma %0, zero") : : "r"(gpa + offset) : "memory");
		return;
	}
	if (size > ((uint64_t)64 << 12)) {
		__asm__ volatile(H("hfence.gvma zero, zero") ::: "memory");
		return;
	}
	for (uint64_t a = gpa; a < gpa + size; a += 4096)
		__asm__ volatile(H("hfence.gvma %0, zero") : : "r"(a >> 2) : "memory");
}

static void arm(void)
{
	trap_info.trapped = 0;
	trap_info.armed = 1;
	__asm__ volatile("" ::: "memory");
}

static struct probe outcome(uint64_t gpa)
{
	struct probe p = { .outcome = PROBE_OK };
	__asm__ volatile("" ::: "memory");
	trap_info.armed = 0;
	if (!trap_info.trapped)
		return p;
	p.cause = trap_info.scause;
	if (p.cause == SCAUSE_ECALL_FROM_VS)
		return p; /* the executed stub's ecall: the fetch went through */
	/* QEMU 7.2 reports a VS-stage fault of HLV/HSV as an access fault (5 load, 7 store):
	 * raise_mmu_exception picks page or access fault by the HS-mode satp, which is Bare
	 * here. Such a fault has the VS-stage's page fault taken as the access fault's. */
	if (stage1 && (p.cause == SCAUSE_LOAD_ACCESS_FAULT || p.cause == SCAUSE_STORE_ACCESS_FAULT))
		p.cause = p.cause == SCAUSE_LOAD_ACCESS_FAULT ? SCAUSE_LOAD_PAGE_FAULT : SCAUSE_STORE_PAGE_FAULT;
	if (stage1 && (p.cause == SCAUSE_INSN_PAGE_FAULT || p.cause == SCAUSE_LOAD_PAGE_FAULT ||
	               p.cause == SCAUSE_STORE_PAGE_FAULT)) {
		p.outcome = PROBE_FAULT;
		p.fault_gpa = trap_info.stval; /* the virtual address */
		p.fault_kind = (unsigned)p.cause;
		return p;
	}
	if (p.cause == SCAUSE_INSN_GUEST_PAGE_FAULT || p.cause == SCAUSE_LOAD_GUEST_PAGE_FAULT ||
	    p.cause == SCAUSE_STORE_GUEST_PAGE_FAULT) {
		p.outcome = PROBE_FAULT;
		p.fault_gpa = (trap_info.htval << 2) | (trap_info.stval & 3);
		p.fault_kind = (unsigned)p.cause;
		return p;
	}
	(void)gpa;
	p.outcome = PROBE_OTHER;
	return p;
}

struct probe arch_probe(uint64_t gpa, enum probe_access access, uint64_t *value)
{
	struct probe p;
	if (access == PROBE_EXEC) {
		arm();
		guest_run(gpa);
		p = outcome(gpa);
		if (p.outcome == PROBE_OK && trap_info.trapped == 0)
			p.outcome = PROBE_OTHER; /* the guest must end in its ecall */
		return p;
	}
	if (access == PROBE_READ) {
		uint64_t v = 0;
		arm();
		__asm__ volatile(H("hlv.d %0, (%1)") : "+r"(v) : "r"(gpa) : "memory");
		p = outcome(gpa);
		if (p.outcome == PROBE_OK)
			*value = v;
	} else {
		arm();
		__asm__ volatile(H("hsv.d %0, (%1)") : : "r"(*value), "r"(gpa) : "memory");
		p = outcome(gpa);
	}
	return p;
}

/* one guest-page fault cause per access kind, mapped or not (the privileged spec has no
 * separate permission fault) */
const char *arch_wrong_fault(enum probe_access access, bool mapped, unsigned flags, const struct probe *p)
{
	(void)mapped;
	(void)flags;
	uint64_t want = access == PROBE_READ    ? (stage1 ? SCAUSE_LOAD_PAGE_FAULT : SCAUSE_LOAD_GUEST_PAGE_FAULT) :
	                access == PROBE_WRITE   ? (stage1 ? SCAUSE_STORE_PAGE_FAULT : SCAUSE_STORE_GUEST_PAGE_FAULT) :
	                                          (stage1 ? SCAUSE_INSN_PAGE_FAULT : SCAUSE_INSN_GUEST_PAGE_FAULT);
	return p->cause == want ? NULL : "the page fault is of another access kind";
}

void arch_place_exec_stub(void *host)
{
	*(volatile uint32_t *)host = 0x00000073; /* ecall */
	__asm__ volatile("fence.i" ::: "memory");
}

/* QEMU 7.2's get_physical_address applies the first stage's sign-extension check to the
 * G-stage: a GPA with bit (input_bits - 1) set faults, whatever the tables say. */
bool arch_emulator_faults_anyway(const struct ptf_format *fmt, uint64_t gpa)
{
	if (stage1)
		return false; /* a lower-half address is canonical: bit input_bits - 1 is clear */
	return (gpa >> (fmt->input_bits - 1)) & 1;
}

void check_main(void);

void hs_main(void)
{
	check_main();
}

/* the probes reach every GPA */
bool arch_reaches(uint64_t gpa)
{
	(void)gpa;
	return true;
}
