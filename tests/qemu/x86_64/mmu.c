/* tests/qemu/x86_64/mmu.c: EPT under Bochs's VMX (a Haswell model: 4-level EPT, 2 MiB
 * and 1 GiB pages; no model has 5-level EPT). The host runs in 64-bit mode; the guest in
 * 32-bit protected mode with paging off (unrestricted guest), so its linear addresses are
 * GPAs and it reaches the first 4 GiB: probes beyond are counted as not probed. A probe
 * runs guest code that loads, stores or jumps to the GPA and ends in VMCALL (exit reason
 * 18); an EPT violation (exit reason 48) reports the GPA (VMCS 0x2400) and, in its exit
 * qualification, the access (bits 0-2) and what the EPT entries allowed (bits 3-5)
 * (Intel SDM Vol. 3C, 27.2.1 and table 27-7). Output goes to Bochs's port 0xe9. */
#include "../probe.h"

#define EXIT_VMCALL 18
#define EXIT_EPT_VIOLATION 48

/* VMCS fields (SDM Vol. 3D, appendix B) */
enum {
	GUEST_ES_SELECTOR = 0x800, GUEST_CS_SELECTOR = 0x802, GUEST_SS_SELECTOR = 0x804,
	GUEST_DS_SELECTOR = 0x806, GUEST_FS_SELECTOR = 0x808, GUEST_GS_SELECTOR = 0x80a,
	GUEST_LDTR_SELECTOR = 0x80c, GUEST_TR_SELECTOR = 0x80e,
	HOST_ES_SELECTOR = 0xc00, HOST_CS_SELECTOR = 0xc02, HOST_SS_SELECTOR = 0xc04,
	HOST_DS_SELECTOR = 0xc06, HOST_FS_SELECTOR = 0xc08, HOST_GS_SELECTOR = 0xc0a,
	HOST_TR_SELECTOR = 0xc0c,
	EPT_POINTER = 0x201a, GUEST_PHYSICAL_ADDRESS = 0x2400, VMCS_LINK_POINTER = 0x2800,
	GUEST_IA32_DEBUGCTL = 0x2802,
	PIN_CONTROLS = 0x4000, PROC_CONTROLS = 0x4002, EXCEPTION_BITMAP = 0x4004,
	EXIT_CONTROLS = 0x400c, ENTRY_CONTROLS = 0x4012, PROC_CONTROLS2 = 0x401e,
	VM_INSTRUCTION_ERROR = 0x4400, EXIT_REASON = 0x4402,
	GUEST_ES_LIMIT = 0x4800, GUEST_CS_LIMIT = 0x4802, GUEST_SS_LIMIT = 0x4804,
	GUEST_DS_LIMIT = 0x4806, GUEST_FS_LIMIT = 0x4808, GUEST_GS_LIMIT = 0x480a,
	GUEST_LDTR_LIMIT = 0x480c, GUEST_TR_LIMIT = 0x480e, GUEST_GDTR_LIMIT = 0x4810,
	GUEST_IDTR_LIMIT = 0x4812,
	GUEST_ES_AR = 0x4814, GUEST_CS_AR = 0x4816, GUEST_SS_AR = 0x4818, GUEST_DS_AR = 0x481a,
	GUEST_FS_AR = 0x481c, GUEST_GS_AR = 0x481e, GUEST_LDTR_AR = 0x4820, GUEST_TR_AR = 0x4822,
	GUEST_INTERRUPTIBILITY = 0x4824, GUEST_ACTIVITY = 0x4826, HOST_SYSENTER_CS = 0x4c00,
	EXIT_QUALIFICATION = 0x6400,
	GUEST_CR0 = 0x6800, GUEST_CR3 = 0x6802, GUEST_CR4 = 0x6804,
	GUEST_ES_BASE = 0x6806, GUEST_CS_BASE = 0x6808, GUEST_SS_BASE = 0x680a,
	GUEST_DS_BASE = 0x680c, GUEST_FS_BASE = 0x680e, GUEST_GS_BASE = 0x6810,
	GUEST_LDTR_BASE = 0x6812, GUEST_TR_BASE = 0x6814, GUEST_GDTR_BASE = 0x6816,
	GUEST_IDTR_BASE = 0x6818, GUEST_DR7 = 0x681a, GUEST_RSP = 0x681c, GUEST_RFLAGS = 0x6820,
	HOST_CR0 = 0x6c00, HOST_CR3 = 0x6c02, HOST_CR4 = 0x6c04, HOST_FS_BASE = 0x6c06,
	HOST_GS_BASE = 0x6c08, HOST_TR_BASE = 0x6c0a, HOST_GDTR_BASE = 0x6c0c,
	HOST_IDTR_BASE = 0x6c0e, HOST_SYSENTER_ESP = 0x6c10, HOST_SYSENTER_EIP = 0x6c12,
	HOST_RIP = 0x6c16,
};

/* MSRs (SDM Vol. 4; Vol. 3D appendix A) */
enum {
	IA32_FEATURE_CONTROL = 0x3a, IA32_VMX_BASIC = 0x480, IA32_VMX_PINBASED_CTLS = 0x481,
	IA32_VMX_PROCBASED_CTLS = 0x482, IA32_VMX_EXIT_CTLS = 0x483, IA32_VMX_ENTRY_CTLS = 0x484,
	IA32_VMX_CR0_FIXED0 = 0x486, IA32_VMX_CR0_FIXED1 = 0x487, IA32_VMX_CR4_FIXED0 = 0x488,
	IA32_VMX_CR4_FIXED1 = 0x489, IA32_VMX_PROCBASED_CTLS2 = 0x48b, IA32_VMX_EPT_VPID_CAP = 0x48c,
	IA32_VMX_TRUE_PINBASED_CTLS = 0x48d, IA32_VMX_TRUE_PROCBASED_CTLS = 0x48e,
	IA32_VMX_TRUE_EXIT_CTLS = 0x48f, IA32_VMX_TRUE_ENTRY_CTLS = 0x490,
};

extern char __guest_code_start[], __guest_code_end[], guest_load[], guest_store[], vm_exit[], tss[];
extern uint64_t exit_regs[2];
int guest_run(uint64_t rip, uint64_t ebx, uint64_t eax, uint64_t edx);
void console_puts(const char *s);
void console_hex(uint64_t v);
void check_main(void);

const char *const arch_name = "x86-64 (Bochs, VMX with EPT)";

static _Alignas(4096) uint8_t vmxon_region[4096];
static _Alignas(4096) uint8_t vmcs_region[4096];
static uint64_t ept_cap;
static uint64_t current_eptp;

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

void console_putc(char c)
{
	outb(0xe9, (uint8_t)c);
}

/* Bochs: "Shutdown" written to port 0x8900 ends the simulation (the status is in the
 * output: check.c's last line) */
void platform_exit(int status)
{
	(void)status;
	for (const char *s = "Shutdown"; *s; s++)
		outb(0x8900, (uint8_t)*s);
	for (;;)
		__asm__ volatile("cli; hlt");
}

static uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static __attribute__((noreturn)) void vmx_failed(const char *what)
{
	console_puts("VMX setup failed: ");
	console_puts(what);
	console_puts("\n");
	platform_exit(3);
}

static uint64_t vmread(uint64_t field)
{
	uint64_t v;
	__asm__ volatile("vmread %1, %0" : "=rm"(v) : "r"(field) : "cc");
	return v;
}

static void vmwrite(uint64_t field, uint64_t v)
{
	uint8_t bad;
	__asm__ volatile("vmwrite %1, %2; setbe %0" : "=qm"(bad) : "rm"(v), "r"(field) : "cc", "memory");
	if (bad) {
		console_puts("vmwrite failed for field ");
		console_hex(field);
		console_puts("\n");
		platform_exit(3);
	}
}

/* the control bits a VMX capability MSR allows: its low half must be 1, its high half may be */
static uint32_t allowed(uint32_t msr, uint32_t want)
{
	uint64_t cap = rdmsr(msr);
	return (want | (uint32_t)cap) & (uint32_t)(cap >> 32);
}

unsigned arch_pa_bits(void)
{
	uint32_t a, b, c, d;
	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0x80000008u), "c"(0));
	return a & 0xff;
}

void arch_init(void)
{
	uint32_t a, b, c, d;
	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1u), "c"(0));
	if (!(c & (1u << 5)))
		vmx_failed("the CPU has no VMX (CPUID.1:ECX.VMX)");
	uint64_t fc = rdmsr(IA32_FEATURE_CONTROL);
	if (!(fc & 1))
		wrmsr(IA32_FEATURE_CONTROL, fc | 1 | 4); /* lock, VMXON outside SMX */
	else if (!(fc & 4))
		vmx_failed("IA32_FEATURE_CONTROL is locked with VMX off");

	uint64_t cr0, cr4;
	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	cr0 = (cr0 | rdmsr(IA32_VMX_CR0_FIXED0)) & rdmsr(IA32_VMX_CR0_FIXED1);
	cr4 = (cr4 | rdmsr(IA32_VMX_CR4_FIXED0) | (1u << 13)) & rdmsr(IA32_VMX_CR4_FIXED1);
	__asm__ volatile("mov %0, %%cr0" : : "r"(cr0));
	__asm__ volatile("mov %0, %%cr4" : : "r"(cr4));

	uint64_t basic = rdmsr(IA32_VMX_BASIC);
	*(uint32_t *)vmxon_region = (uint32_t)basic & 0x7fffffff;
	*(uint32_t *)vmcs_region = (uint32_t)basic & 0x7fffffff;
	uint64_t pa = (uintptr_t)vmxon_region;
	uint8_t bad;
	__asm__ volatile("vmxon %1; setbe %0" : "=qm"(bad) : "m"(pa) : "cc", "memory");
	if (bad)
		vmx_failed("VMXON");
	pa = (uintptr_t)vmcs_region;
	__asm__ volatile("vmclear %1; setbe %0" : "=qm"(bad) : "m"(pa) : "cc", "memory");
	if (bad)
		vmx_failed("VMCLEAR");
	__asm__ volatile("vmptrld %1; setbe %0" : "=qm"(bad) : "m"(pa) : "cc", "memory");
	if (bad)
		vmx_failed("VMPTRLD");

	bool true_ctls = (basic >> 55) & 1;
	ept_cap = rdmsr(IA32_VMX_EPT_VPID_CAP);
	vmwrite(PIN_CONTROLS, allowed(true_ctls ? IA32_VMX_TRUE_PINBASED_CTLS : IA32_VMX_PINBASED_CTLS, 0));
	vmwrite(PROC_CONTROLS, allowed(true_ctls ? IA32_VMX_TRUE_PROCBASED_CTLS : IA32_VMX_PROCBASED_CTLS,
	                               1u << 31 /* secondary controls */));
	uint32_t secondary = allowed(IA32_VMX_PROCBASED_CTLS2, (1u << 1) /* EPT */ | (1u << 7) /* unrestricted */);
	if ((secondary & 0x82) != 0x82)
		vmx_failed("no EPT or no unrestricted guest in IA32_VMX_PROCBASED_CTLS2");
	vmwrite(PROC_CONTROLS2, secondary);
	vmwrite(EXIT_CONTROLS, allowed(true_ctls ? IA32_VMX_TRUE_EXIT_CTLS : IA32_VMX_EXIT_CTLS,
	                               1u << 9 /* host address-space size: 64-bit host */));
	vmwrite(ENTRY_CONTROLS, allowed(true_ctls ? IA32_VMX_TRUE_ENTRY_CTLS : IA32_VMX_ENTRY_CTLS, 0));
	vmwrite(EXCEPTION_BITMAP, 0xffffffff); /* any exception in the guest exits: reported */
	vmwrite(VMCS_LINK_POINTER, ~(uint64_t)0);

	/* host: as we run now */
	uint64_t cr3;
	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	__asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	struct __attribute__((packed)) { uint16_t limit; uint64_t base; } gdtr, idtr;
	__asm__ volatile("sgdt %0" : "=m"(gdtr));
	__asm__ volatile("sidt %0" : "=m"(idtr));
	vmwrite(HOST_CR0, cr0);
	vmwrite(HOST_CR3, cr3);
	vmwrite(HOST_CR4, cr4);
	vmwrite(HOST_CS_SELECTOR, 0x18);
	vmwrite(HOST_SS_SELECTOR, 0x10);
	vmwrite(HOST_DS_SELECTOR, 0x10);
	vmwrite(HOST_ES_SELECTOR, 0x10);
	vmwrite(HOST_FS_SELECTOR, 0x10);
	vmwrite(HOST_GS_SELECTOR, 0x10);
	vmwrite(HOST_TR_SELECTOR, 0x20);
	vmwrite(HOST_FS_BASE, 0);
	vmwrite(HOST_GS_BASE, 0);
	vmwrite(HOST_TR_BASE, (uintptr_t)tss);
	vmwrite(HOST_GDTR_BASE, gdtr.base);
	vmwrite(HOST_IDTR_BASE, idtr.base);
	vmwrite(HOST_SYSENTER_CS, 0);
	vmwrite(HOST_SYSENTER_ESP, 0);
	vmwrite(HOST_SYSENTER_EIP, 0);
	vmwrite(HOST_RIP, (uintptr_t)vm_exit);

	/* guest: 32-bit protected mode, flat segments, paging off (unrestricted guest) */
	uint64_t gcr0 = (rdmsr(IA32_VMX_CR0_FIXED0) | 1 /* PE */) & ~(uint64_t)0x80000000 /* PG */;
	gcr0 &= rdmsr(IA32_VMX_CR0_FIXED1);
	vmwrite(GUEST_CR0, gcr0 | 1);
	vmwrite(GUEST_CR3, 0);
	vmwrite(GUEST_CR4, rdmsr(IA32_VMX_CR4_FIXED0) | (1u << 13));
	static const uint32_t sel[] = { GUEST_ES_SELECTOR, GUEST_SS_SELECTOR, GUEST_DS_SELECTOR, GUEST_FS_SELECTOR,
	                                GUEST_GS_SELECTOR };
	static const uint32_t lim[] = { GUEST_ES_LIMIT, GUEST_SS_LIMIT, GUEST_DS_LIMIT, GUEST_FS_LIMIT, GUEST_GS_LIMIT };
	static const uint32_t ar[] = { GUEST_ES_AR, GUEST_SS_AR, GUEST_DS_AR, GUEST_FS_AR, GUEST_GS_AR };
	static const uint32_t base[] = { GUEST_ES_BASE, GUEST_SS_BASE, GUEST_DS_BASE, GUEST_FS_BASE, GUEST_GS_BASE };
	for (unsigned i = 0; i < 5; i++) {
		vmwrite(sel[i], 0x10);
		vmwrite(lim[i], 0xffffffff);
		vmwrite(ar[i], 0xc093); /* data, read/write, accessed, present, 32-bit, 4 KiB granular */
		vmwrite(base[i], 0);
	}
	vmwrite(GUEST_CS_SELECTOR, 0x08);
	vmwrite(GUEST_CS_LIMIT, 0xffffffff);
	vmwrite(GUEST_CS_AR, 0xc09b); /* code, execute/read, accessed, present, 32-bit */
	vmwrite(GUEST_CS_BASE, 0);
	vmwrite(GUEST_TR_SELECTOR, 0x20);
	vmwrite(GUEST_TR_LIMIT, 0x67);
	vmwrite(GUEST_TR_AR, 0x8b); /* busy 32-bit TSS, present */
	vmwrite(GUEST_TR_BASE, 0);
	vmwrite(GUEST_LDTR_SELECTOR, 0);
	vmwrite(GUEST_LDTR_LIMIT, 0);
	vmwrite(GUEST_LDTR_AR, 0x10000); /* unusable */
	vmwrite(GUEST_LDTR_BASE, 0);
	vmwrite(GUEST_GDTR_LIMIT, 0);
	vmwrite(GUEST_GDTR_BASE, 0);
	vmwrite(GUEST_IDTR_LIMIT, 0);
	vmwrite(GUEST_IDTR_BASE, 0);
	vmwrite(GUEST_DR7, 0x400);
	vmwrite(GUEST_IA32_DEBUGCTL, 0);
	vmwrite(GUEST_RSP, 0);
	vmwrite(GUEST_RFLAGS, 2);
	vmwrite(GUEST_INTERRUPTIBILITY, 0);
	vmwrite(GUEST_ACTIVITY, 0);
}

/* EPTP's page-walk length (bits 5:3, levels - 1) must be one the CPU offers: 4-level is
 * IA32_VMX_EPT_VPID_CAP bit 6, 5-level bit 7 (SDM Vol. 3D, A.10) */
bool arch_supports(const struct ptf_format *fmt)
{
	const char *n = fmt->root_register_name;
	if (!n || n[0] != 'E' || n[1] != 'P' || n[2] != 'T' || n[3] != 'P')
		return false;
	unsigned levels = (unsigned)((fmt->root_register(0, 0) >> 3) & 7) + 1;
	bool ok = (levels == 4 && (ept_cap & (1u << 6))) || (levels == 5 && (ept_cap & (1u << 7)));
	if (!ok && levels == 5)
		console_puts(" (cannot be checked here: no Bochs CPU model offers 5-level EPT, IA32_VMX_EPT_VPID_CAP bit 7)");
	return ok;
}

static void invept_all(void)
{
	struct { uint64_t eptp, zero; } desc = { current_eptp, 0 };
	uint64_t type = (ept_cap & (1ull << 25)) ? 1 : 2; /* single-context, else global */
	__asm__ volatile("invept %0, %1" : : "m"(desc), "r"(type) : "cc", "memory");
}

/* The guest's code page, mapped at its own address (paging off: GPA = linear address). */
void arch_prepare(struct ptf_aspace *as)
{
	map_guest_code(as, __guest_code_start, __guest_code_end);
}

void arch_install(const struct ptf_format *fmt, const struct ptf_aspace *as)
{
	(void)fmt;
	current_eptp = ptf_aspace_root_register(as, 0);
	vmwrite(EPT_POINTER, current_eptp);
	invept_all();
}

/* EPT has no invalidation by address: INVEPT for the whole context */
void arch_flush(uint64_t gpa, uint64_t size)
{
	(void)gpa;
	(void)size;
	__asm__ volatile("mfence" ::: "memory");
	invept_all();
}

static struct probe run_guest(uint64_t rip, uint64_t ebx, uint64_t eax, uint64_t edx)
{
	struct probe p = { .outcome = PROBE_OTHER };
	if (guest_run(rip, ebx, eax, edx)) {
		console_puts("VM entry failed: VM-instruction error ");
		console_hex(vmread(VM_INSTRUCTION_ERROR));
		console_puts(", exit reason ");
		console_hex(vmread(EXIT_REASON));
		console_puts("\n");
		platform_exit(3);
	}
	uint64_t reason = vmread(EXIT_REASON) & 0xffff;
	p.cause = reason;
	if (reason == EXIT_VMCALL) {
		p.outcome = PROBE_OK;
	} else if (reason == EXIT_EPT_VIOLATION) {
		p.outcome = PROBE_FAULT;
		p.fault_gpa = vmread(GUEST_PHYSICAL_ADDRESS);
		p.fault_kind = (unsigned)vmread(EXIT_QUALIFICATION);
		p.cause = ((uint64_t)reason << 32) | p.fault_kind;
	}
	return p;
}

struct probe arch_probe(uint64_t gpa, enum probe_access access, uint64_t *value)
{
	struct probe p;
	if (gpa >= ((uint64_t)1 << 32)) {
		p = (struct probe){ .outcome = PROBE_OTHER, .cause = ~(uint64_t)0 };
		return p; /* arch_reaches says no first */
	}
	if (access == PROBE_EXEC)
		return run_guest(gpa, 0, 0, 0);
	if (access == PROBE_READ) {
		p = run_guest((uintptr_t)guest_load, gpa, 0, 0);
		if (p.outcome == PROBE_OK)
			*value = (exit_regs[0] & 0xffffffff) | (exit_regs[1] << 32);
		return p;
	}
	return run_guest((uintptr_t)guest_store, gpa, *value & 0xffffffff, *value >> 32);
}

/* EPT-violation exit qualification: bit 0 read, 1 write, 2 fetch; bits 3-5 whether the
 * EPT entries allowed read, write, execute (all clear where an entry is not present) */
const char *arch_wrong_fault(enum probe_access access, bool mapped, unsigned flags, const struct probe *p)
{
	unsigned q = p->fault_kind;
	unsigned want_access = access == PROBE_READ ? 1 : access == PROBE_WRITE ? 2 : 4;
	if ((q & 7) != want_access)
		return "the exit qualification names another access";
	unsigned want_perms = 0;
	if (mapped)
		want_perms = (flags & PTF_R ? 1u : 0) | (flags & PTF_W ? 2u : 0) | (flags & PTF_X ? 4u : 0);
	if (((q >> 3) & 7) != want_perms)
		return "the exit qualification's permissions differ from the leaf's";
	return NULL;
}

void arch_place_exec_stub(void *host)
{
	volatile uint8_t *b = host;
	b[0] = 0x0f; /* vmcall */
	b[1] = 0x01;
	b[2] = 0xc1;
}

bool arch_emulator_faults_anyway(const struct ptf_format *fmt, uint64_t gpa)
{
	(void)fmt;
	(void)gpa;
	return false;
}

/* the 32-bit guest reaches the first 4 GiB */
bool arch_reaches(uint64_t gpa)
{
	return gpa < ((uint64_t)1 << 32) - 8;
}

void x86_main(void)
{
	check_main();
}
