/* tests/qemu/x86_64/mmu.c: Bochs's VMX (a Haswell model) walks two kinds of formats. The
 * host runs in 64-bit mode. A probe runs guest code that loads, stores or jumps to the
 * address and ends in VMCALL (exit reason 18).
 *
 * EPT (x86_ept4: 4-level EPT, 2 MiB and 1 GiB pages; no model has 5-level EPT): the guest
 * runs in 32-bit protected mode with paging off (unrestricted guest), so its linear
 * addresses are GPAs and it reaches the first 4 GiB: probes beyond are counted as not
 * probed. An EPT violation (exit reason 48) reports the GPA (VMCS 0x2400) and, in its exit
 * qualification, the access (bits 0-2) and what the EPT entries allowed (bits 3-5) (Intel
 * SDM Vol. 3C, 27.2.1 and table 27-7).
 *
 * Stage 1 (x86_64_4level, x86_64_5level: CR3): EPT off, and the guest an IA-32e-mode
 * guest (Vol. 3C 24.8.1: VM-entry controls "IA-32e mode guest", bit 9, and "load
 * IA32_EFER", bit 15) whose CR3 is ptforge's root, so the guest's own paging walks the
 * tables (Vol. 3A 4.5; CR4.LA57 for 5 levels). CR0.WP = 1, so RW binds supervisor writes,
 * and EFER.NXE = 1, so XD binds fetches (4.6); SMEP and SMAP are off: the probes are
 * supervisor accesses to supervisor pages. The probes reach every canonical linear
 * address (the window's end, non-canonical, is not probed). A #PF exits through the
 * exception bitmap (bit 14, 24.6.3) with the linear address in the exit qualification
 * (27.2.1) and the error code in the VMCS (27.2.2; its bits: Vol. 3A 4.7). The guest's
 * linear mappings carry a VPID of their own, so on a CPU they outlive VM exits (Vol. 3C
 * 28.1, 28.3.3.1) and only the HAL's flush (INVVPID) drops them. Bochs 2.7 walks the
 * tables afresh after a VM exit anyway: leaving the flush out (here, or INVEPT for EPT)
 * changes no probe, so a missing flush does not show under Bochs.
 * Output goes to Bochs's port 0xe9. */
#include "../probe.h"

#define EXIT_EXCEPTION 0
#define EXIT_VMCALL 18
#define EXIT_EPT_VIOLATION 48

/* VM-exit interruption information (Vol. 3C 24.9.2): vector 7:0, type 10:8 (3: hardware
 * exception), error code valid 11, valid 31 */
#define INTR_INFO_VECTOR_TYPE_VALID 0x800007ffu
#define INTR_INFO_PAGE_FAULT (0x80000000u | (3u << 8) | 14u)

/* the #PF error code (Vol. 3A 4.7) */
#define PF_PRESENT (1u << 0) /* 0: not present; 1: a protection violation */
#define PF_WRITE (1u << 1)
#define PF_FETCH (1u << 4)   /* reported with EFER.NXE = 1 */

/* control bits (Vol. 3C 24.6.2, 24.7.1, 24.8.1) */
#define PROC2_EPT (1u << 1)
#define PROC2_VPID (1u << 5)
#define PROC2_UNRESTRICTED (1u << 7)
#define EXIT_HOST_64BIT (1u << 9)
#define EXIT_LOAD_EFER (1u << 21)
#define ENTRY_IA32E_GUEST (1u << 9)
#define ENTRY_LOAD_EFER (1u << 15)

#define CR0_PE (1u << 0)
#define CR0_WP (1u << 16)
#define CR0_PG (1u << 31)
#define CR4_PAE (1u << 5)
#define CR4_LA57 (1u << 12)
#define CR4_VMXE (1u << 13)
#define EFER_LME (1u << 8)
#define EFER_LMA (1u << 10)
#define EFER_NXE (1u << 11)
#define IA32_EFER 0xc0000080u

/* the stage-1 guest's VPID: any but 0, which is the host's */
#define GUEST_VPID 1

/* VMCS fields (SDM Vol. 3D, appendix B) */
enum {
	VIRTUAL_PROCESSOR_ID = 0x0,
	GUEST_ES_SELECTOR = 0x800, GUEST_CS_SELECTOR = 0x802, GUEST_SS_SELECTOR = 0x804,
	GUEST_DS_SELECTOR = 0x806, GUEST_FS_SELECTOR = 0x808, GUEST_GS_SELECTOR = 0x80a,
	GUEST_LDTR_SELECTOR = 0x80c, GUEST_TR_SELECTOR = 0x80e,
	HOST_ES_SELECTOR = 0xc00, HOST_CS_SELECTOR = 0xc02, HOST_SS_SELECTOR = 0xc04,
	HOST_DS_SELECTOR = 0xc06, HOST_FS_SELECTOR = 0xc08, HOST_GS_SELECTOR = 0xc0a,
	HOST_TR_SELECTOR = 0xc0c,
	EPT_POINTER = 0x201a, GUEST_PHYSICAL_ADDRESS = 0x2400, VMCS_LINK_POINTER = 0x2800,
	GUEST_IA32_DEBUGCTL = 0x2802, GUEST_IA32_EFER = 0x2806, HOST_IA32_EFER = 0x2c02,
	PIN_CONTROLS = 0x4000, PROC_CONTROLS = 0x4002, EXCEPTION_BITMAP = 0x4004,
	PAGE_FAULT_ERROR_CODE_MASK = 0x4006, PAGE_FAULT_ERROR_CODE_MATCH = 0x4008,
	EXIT_CONTROLS = 0x400c, ENTRY_CONTROLS = 0x4012, PROC_CONTROLS2 = 0x401e,
	VM_INSTRUCTION_ERROR = 0x4400, EXIT_REASON = 0x4402, EXIT_INTERRUPTION_INFO = 0x4404,
	EXIT_INTERRUPTION_ERROR_CODE = 0x4406,
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

extern char __guest_code_start[], __guest_code_end[], guest_load[], guest_store[], guest_load64[],
	guest_store64[], vm_exit[], tss[];
extern uint64_t exit_regs[2];
int guest_run(uint64_t rip, uint64_t ebx, uint64_t eax, uint64_t edx);
void console_puts(const char *s);
void console_hex(uint64_t v);
void check_main(void);

const char *const arch_name = "x86-64 (Bochs, VMX: EPT, and stage-1 paging in an IA-32e-mode guest)";

static _Alignas(4096) uint8_t vmxon_region[4096];
static _Alignas(4096) uint8_t vmcs_region[4096];
static uint64_t ept_cap;
static uint64_t current_eptp;

/* the controls each kind of run enters the guest with (arch_init works them out) */
static uint32_t secondary_for_ept, secondary_for_paging, entry_for_ept, entry_for_paging;
/* the format being checked is a stage-1 one (CR3), walked by the guest's own paging */
static bool stage1;
/* stage 1: the guest's linear-address width (48, or 57 with LA57) */
static unsigned linear_bits;
/* stage 1: the guest's linear mappings are tagged with GUEST_VPID (INVVPID flushes them) */
static bool vpid_in_use;

static bool names(const char *n, const char *want)
{
	while (n && *want && *n == *want)
		n++, want++;
	return n && !*n && !*want;
}

static void cpuid(uint32_t leaf, uint32_t subleaf, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(subleaf));
}

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
	uint32_t r[4];
	cpuid(0x80000008u, 0, r);
	return r[0] & 0xff;
}

void arch_init(void)
{
	uint32_t r[4];
	cpuid(1, 0, r);
	if (!(r[2] & (1u << 5)))
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
	secondary_for_ept = allowed(IA32_VMX_PROCBASED_CTLS2, PROC2_EPT | PROC2_UNRESTRICTED);
	if ((secondary_for_ept & (PROC2_EPT | PROC2_UNRESTRICTED)) != (PROC2_EPT | PROC2_UNRESTRICTED))
		vmx_failed("no EPT or no unrestricted guest in IA32_VMX_PROCBASED_CTLS2");
	/* stage 1: EPT off, and with it unrestricted guest (Vol. 3C 26.2.1.1); a VPID when
	 * INVVPID can flush it (IA32_VMX_EPT_VPID_CAP bit 32; single- or all-context: 41, 42) */
	secondary_for_paging = allowed(IA32_VMX_PROCBASED_CTLS2, PROC2_VPID);
	vpid_in_use = (secondary_for_paging & PROC2_VPID) && ((ept_cap >> 32) & 1) && ((ept_cap >> 41) & 3);
	if (!vpid_in_use)
		secondary_for_paging &= ~PROC2_VPID;
	vmwrite(PROC_CONTROLS2, secondary_for_ept);
	/* host IA32_EFER back on every exit: the stage-1 guest's (NXE) must not stay */
	uint32_t exit_controls = allowed(true_ctls ? IA32_VMX_TRUE_EXIT_CTLS : IA32_VMX_EXIT_CTLS,
	                                 EXIT_HOST_64BIT | EXIT_LOAD_EFER);
	vmwrite(EXIT_CONTROLS, exit_controls);
	if (exit_controls & EXIT_LOAD_EFER)
		vmwrite(HOST_IA32_EFER, rdmsr(IA32_EFER));
	uint32_t entry_msr = true_ctls ? IA32_VMX_TRUE_ENTRY_CTLS : IA32_VMX_ENTRY_CTLS;
	entry_for_ept = allowed(entry_msr, 0);
	entry_for_paging = allowed(entry_msr, ENTRY_IA32E_GUEST | ENTRY_LOAD_EFER);
	vmwrite(ENTRY_CONTROLS, entry_for_ept);
	/* any exception in the guest exits (reported); every #PF, whatever its error code
	 * (mask 0 = match 0, Vol. 3C 24.6.3) */
	vmwrite(EXCEPTION_BITMAP, 0xffffffff);
	vmwrite(PAGE_FAULT_ERROR_CODE_MASK, 0);
	vmwrite(PAGE_FAULT_ERROR_CODE_MATCH, 0);
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

	/* guest: flat segments; the mode (and CS) as the format's run wants it (arch_install) */
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
	vmwrite(GUEST_CS_BASE, 0);
	vmwrite(GUEST_TR_SELECTOR, 0x20);
	vmwrite(GUEST_TR_LIMIT, 0x67);
	vmwrite(GUEST_TR_AR, 0x8b); /* busy TSS (type 11: 32-bit, or 64-bit in IA-32e mode), present */
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
static bool ept_supported(const struct ptf_format *fmt)
{
	unsigned levels = (unsigned)((fmt->root_register(0, 0) >> 3) & 7) + 1;
	bool ok = (levels == 4 && (ept_cap & (1u << 6))) || (levels == 5 && (ept_cap & (1u << 7)));
	if (!ok && levels == 5)
		console_puts(" (cannot be checked here: no Bochs CPU model offers 5-level EPT, IA32_VMX_EPT_VPID_CAP bit 7)");
	return ok;
}

static bool cannot_check(const char *why)
{
	console_puts(" (cannot be checked here: ");
	console_puts(why);
	console_puts(")");
	return false;
}

/* Stage-1 paging in the guest: 4 levels (CR4.LA57 = 0) or 5 (LA57 = 1, CPUID.(EAX=7,
 * ECX=0):ECX[16], and CR4 bit 12 allowed in VMX operation, IA32_VMX_CR4_FIXED1); XD
 * (CPUID.80000001H:EDX.NX[20]); 1 GiB pages where the format has them
 * (CPUID.80000001H:EDX.Page1GB[26]); the IA-32e-mode guest and its EFER from the VMCS. */
static bool paging_supported(const struct ptf_format *fmt)
{
	uint32_t ext[4], leaf7[4];
	cpuid(0x80000001u, 0, ext);
	cpuid(7, 0, leaf7);
	if (fmt->levels != 4 && fmt->levels != 5)
		return cannot_check("x86-64 paging has 4 or 5 levels");
	if ((entry_for_paging & (ENTRY_IA32E_GUEST | ENTRY_LOAD_EFER)) != (ENTRY_IA32E_GUEST | ENTRY_LOAD_EFER))
		return cannot_check("no \"IA-32e mode guest\" or \"load IA32_EFER\" VM-entry control");
	if (!(ext[3] & (1u << 20)))
		return cannot_check("no XD, CPUID.80000001H:EDX.NX");
	for (unsigned i = 0; i < fmt->n_page_sizes; i++)
		if (fmt->page_sizes[i] == ((uint64_t)1 << 30) && !(ext[3] & (1u << 26)))
			return cannot_check("no 1 GiB pages, CPUID.80000001H:EDX.Page1GB");
	if (fmt->levels == 5 && !(leaf7[2] & (1u << 16)))
		return cannot_check("no 5-level paging, CPUID.(EAX=7,ECX=0):ECX.LA57; no Bochs 2.7 CPU model has it");
	if (fmt->levels == 5 && !(rdmsr(IA32_VMX_CR4_FIXED1) & CR4_LA57))
		return cannot_check("CR4.LA57 not allowed in VMX operation, IA32_VMX_CR4_FIXED1 bit 12");
	return true;
}

bool arch_supports(const struct ptf_format *fmt)
{
	const char *n = fmt->root_register_name;
	if (n && n[0] == 'E' && n[1] == 'P' && n[2] == 'T' && n[3] == 'P')
		return ept_supported(fmt);
	if (names(n, "CR3"))
		return paging_supported(fmt);
	return false;
}

static void invept_all(void)
{
	struct { uint64_t eptp, zero; } desc = { current_eptp, 0 };
	uint64_t type = (ept_cap & (1ull << 25)) ? 1 : 2; /* single-context, else global */
	__asm__ volatile("invept %0, %1" : : "m"(desc), "r"(type) : "cc", "memory");
}

/* INVVPID (Vol. 3C ch. 30): type 0 one linear address
 * (IA32_VMX_EPT_VPID_CAP bit 40), 1 the VPID's every address (bit 41), 2 every VPID's
 * (bit 42) */
static void invvpid(uint64_t type, uint64_t linear)
{
	struct { uint64_t vpid, linear; } desc = { GUEST_VPID, linear };
	__asm__ volatile("invvpid %0, %1" : : "m"(desc), "r"(type) : "cc", "memory");
}

static void invvpid_all(void)
{
	invvpid((ept_cap >> 41) & 1 ? 1 : 2, 0);
}

/* The guest's code page, mapped at its own address: a GPA (EPT formats, paging off) or
 * a linear address (stage 1) equal to its physical one. */
void arch_prepare(struct ptf_aspace *as)
{
	map_guest_code(as, __guest_code_start, __guest_code_end);
}

/* The EPT formats' guest: 32-bit protected mode, paging off (unrestricted guest). */
static void install_ept(const struct ptf_aspace *as)
{
	vmwrite(PROC_CONTROLS2, secondary_for_ept);
	vmwrite(ENTRY_CONTROLS, entry_for_ept);
	uint64_t gcr0 = (rdmsr(IA32_VMX_CR0_FIXED0) | CR0_PE) & ~(uint64_t)CR0_PG;
	vmwrite(GUEST_CR0, (gcr0 & rdmsr(IA32_VMX_CR0_FIXED1)) | CR0_PE);
	vmwrite(GUEST_CR3, 0);
	vmwrite(GUEST_CR4, rdmsr(IA32_VMX_CR4_FIXED0) | CR4_VMXE);
	vmwrite(GUEST_CS_AR, 0xc09b); /* code, execute/read, accessed, present, 32-bit */
	current_eptp = ptf_aspace_root_register(as, 0);
	vmwrite(EPT_POINTER, current_eptp);
	invept_all();
}

/* The stage-1 formats' guest: IA-32e mode (64-bit code), paging with CR3 = the format's
 * root register (PCID 0: CR4.PCIDE is 0), EPT off, so linear addresses translate to
 * physical ones through ptforge's tables alone. Guest-state checks: Vol. 3C 26.3.1
 * (CR0.PG and CR4.PAE set, EFER.LMA = LME = "IA-32e mode guest", CS.L = 1 with CS.D = 0). */
static void install_paging(const struct ptf_format *fmt, const struct ptf_aspace *as)
{
	vmwrite(PROC_CONTROLS2, secondary_for_paging);
	vmwrite(ENTRY_CONTROLS, entry_for_paging);
	if (vpid_in_use)
		vmwrite(VIRTUAL_PROCESSOR_ID, GUEST_VPID);
	uint64_t gcr0 = rdmsr(IA32_VMX_CR0_FIXED0) | CR0_PE | CR0_PG | CR0_WP;
	vmwrite(GUEST_CR0, gcr0 & rdmsr(IA32_VMX_CR0_FIXED1));
	vmwrite(GUEST_CR4, rdmsr(IA32_VMX_CR4_FIXED0) | CR4_VMXE | CR4_PAE | (fmt->levels == 5 ? CR4_LA57 : 0));
	vmwrite(GUEST_CR3, ptf_aspace_root_register(as, 0));
	vmwrite(GUEST_IA32_EFER, EFER_LME | EFER_LMA | EFER_NXE);
	vmwrite(GUEST_CS_AR, 0xa09b); /* code, execute/read, accessed, present, 64-bit (L) */
	/* 9 bits per level above the page offset (Vol. 3A 4.5): 48 or 57 */
	linear_bits = fmt->granule_shift + 9 * fmt->levels;
	if (vpid_in_use)
		invvpid_all(); /* the last run's tables may have sat at the same addresses */
}

void arch_install(const struct ptf_format *fmt, const struct ptf_aspace *as)
{
	stage1 = names(fmt->root_register_name, "CR3");
	if (stage1)
		install_paging(fmt, as);
	else
		install_ept(as);
}

/* EPT has no invalidation by address: INVEPT for the whole context. Stage 1: INVVPID by
 * linear address, one per 4 KiB page (one in a 2 MiB or 1 GiB page drops the whole
 * page's entry, as INVLPG does: Vol. 3A 4.10.4.1), the whole VPID when the range is
 * large. Without a VPID every VM entry and exit drops the guest's mappings (Vol. 3C
 * 28.3.3.1): nothing to do. */
void arch_flush(uint64_t gpa, uint64_t size)
{
	__asm__ volatile("mfence" ::: "memory");
	if (!stage1) {
		invept_all();
		return;
	}
	if (!vpid_in_use)
		return;
	if (size > ((uint64_t)64 << 12) || !((ept_cap >> 40) & 1)) {
		invvpid_all();
		return;
	}
	for (uint64_t offset = 0; offset < size; offset += 4096)
		invvpid(0, gpa + offset); /* no gpa + size: it wraps for the top page */
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
	} else if (reason == EXIT_EXCEPTION) {
		/* the cause: interruption information, error code */
		uint32_t info = (uint32_t)vmread(EXIT_INTERRUPTION_INFO);
		uint32_t code = (uint32_t)vmread(EXIT_INTERRUPTION_ERROR_CODE);
		p.cause = ((uint64_t)info << 32) | code;
		if (stage1 && (info & INTR_INFO_VECTOR_TYPE_VALID) == INTR_INFO_PAGE_FAULT && (info & (1u << 11))) {
			p.outcome = PROBE_FAULT;
			p.fault_gpa = vmread(EXIT_QUALIFICATION); /* the linear address */
			p.fault_kind = code;
		}
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
	if (!arch_reaches(gpa)) {
		p = (struct probe){ .outcome = PROBE_OTHER, .cause = ~(uint64_t)0 };
		return p; /* check.c asks arch_reaches first */
	}
	if (access == PROBE_EXEC)
		return run_guest(gpa, 0, 0, 0);
	if (access == PROBE_READ) {
		p = run_guest((uintptr_t)(stage1 ? guest_load64 : guest_load), gpa, 0, 0);
		if (p.outcome == PROBE_OK)
			*value = (exit_regs[0] & 0xffffffff) | (exit_regs[1] << 32);
		return p;
	}
	return run_guest((uintptr_t)(stage1 ? guest_store64 : guest_store), gpa, *value & 0xffffffff, *value >> 32);
}

/* A #PF's error code (Vol. 3A 4.7): P clear where no leaf maps the page, set where the
 * leaf lacks the right (RW for a write with CR0.WP = 1, XD for a fetch); W/R for a
 * write, I/D for a fetch; U/S clear (a supervisor access); nothing else. */
static const char *wrong_page_fault(enum probe_access access, bool mapped, const struct probe *p)
{
	unsigned code = p->fault_kind;
	if (!(code & PF_PRESENT) != !mapped)
		return mapped ? "a mapped page without the right must fault with P set in the error code" :
		                "an unmapped page must fault with P clear in the error code";
	if (!(code & PF_WRITE) != (access != PROBE_WRITE) || !(code & PF_FETCH) != (access != PROBE_EXEC))
		return "the error code's W/R and I/D name another access";
	if (code & ~(PF_PRESENT | PF_WRITE | PF_FETCH))
		return "the error code has U/S, RSVD or another bit set";
	return NULL;
}

/* EPT-violation exit qualification: bit 0 read, 1 write, 2 fetch; bits 3-5 whether the
 * EPT entries allowed read, write, execute (all clear where an entry is not present) */
const char *arch_wrong_fault(enum probe_access access, bool mapped, unsigned flags, const struct probe *p)
{
	if (stage1)
		return wrong_page_fault(access, mapped, p);
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

/* The EPT formats' 32-bit guest reaches the first 4 GiB; the stage-1 guest every
 * canonical linear address, whose bits 63 to linear_bits - 1 are all equal (Vol. 1
 * 3.3.7.1): another raises #GP, not a page walk. */
bool arch_reaches(uint64_t gpa)
{
	if (!stage1)
		return gpa < ((uint64_t)1 << 32) - 8;
	unsigned unused = 64 - linear_bits;
	return (uint64_t)((int64_t)(gpa << unused) >> unused) == gpa;
}

void x86_main(void)
{
	check_main();
}
