/* tests/qemu/riscv64/start.S: reset in M-mode (-bios none), open all memory to the lower
 * modes (PMP), hand guest-page faults and VS-mode ecalls to HS-mode, drop to HS-mode at
 * hs_main. HS traps: a probe's trap is recorded in trap_info and the probe resumes (from
 * HS: after the faulting instruction; from the guest: where guest_run was called). */
	.option arch, +h
	.section .text.start, "ax"
	.globl _start
_start:
	.option push
	.option norelax
	la gp, __global_pointer$
	.option pop
	la sp, __stack_top
	la t0, m_trap
	csrw mtvec, t0
	/* PMP entry 0: NAPOT over the whole address space, R W X */
	li t0, -1
	csrw pmpaddr0, t0
	li t0, 0x1f
	csrw pmpcfg0, t0
	/* to HS-mode: ecall from VS (10), guest-page faults (20 instruction, 21 load, 23 store),
	 * and the ordinary access and page faults (1, 5, 7, 12, 13, 15) */
	li t0, (1 << 1) | (1 << 5) | (1 << 7) | (1 << 10) | (1 << 12) | (1 << 13) | (1 << 15) | (1 << 20) | (1 << 21) | (1 << 23)
	csrw medeleg, t0
	/* Svpbmt for the G-stage and VS-stage (WARL: stays 0 on a CPU without it) */
	li t0, 1
	slli t0, t0, 62
	csrs 0x30a, t0          /* menvcfg.PBMTE */
	/* mstatus.MPP = S, MPV = 0: mret lands in HS-mode */
	li t0, 3 << 11
	csrc mstatus, t0
	li t0, 1 << 11
	csrs mstatus, t0
	la t0, hs_start
	csrw mepc, t0
	mret

hs_start:
	la t0, hs_trap
	csrw stvec, t0
	/* clear .bss */
	la t0, __bss_start
	la t1, __bss_end
1:	bgeu t0, t1, 2f
	sd zero, 0(t0)
	addi t0, t0, 8
	j 1b
2:	call hs_main
3:	j 3b

	.align 4
m_trap:
	csrr a0, mcause
	csrr a1, mepc
	csrr a2, mtval
	call m_trap_report
4:	j 4b

/* HS-mode traps. trap_info: { scause, stval, htval, hstatus, trapped, armed } (8 bytes each) */
	.align 4
hs_trap:
	csrw sscratch, t0
	la t0, trap_scratch
	sd t1, 0(t0)
	la t0, trap_info
	csrr t1, scause
	sd t1, 0(t0)
	csrr t1, stval
	sd t1, 8(t0)
	csrr t1, htval
	sd t1, 16(t0)
	csrr t1, hstatus
	sd t1, 24(t0)
	ld t1, 40(t0)           /* armed? */
	beqz t1, unexpected
	li t1, 1
	sd t1, 32(t0)           /* trapped */
	csrr t1, hstatus
	andi t1, t1, 1 << 7     /* SPV: the trap came from the guest */
	bnez t1, from_guest
	/* from HS (a hypervisor load or store probe): resume after it (4-byte instruction) */
	csrr t1, sepc
	addi t1, t1, 4
	csrw sepc, t1
	la t0, trap_scratch
	ld t1, 0(t0)
	csrr t0, sscratch
	sret
from_guest:
	/* back into guest_run's caller, as if guest_run returned */
	la t0, guest_context
	ld ra, 0(t0)
	ld sp, 8(t0)
	ld s0, 16(t0)
	ld s1, 24(t0)
	ld s2, 32(t0)
	ld s3, 40(t0)
	ld s4, 48(t0)
	ld s5, 56(t0)
	ld s6, 64(t0)
	ld s7, 72(t0)
	ld s8, 80(t0)
	ld s9, 88(t0)
	ld s10, 96(t0)
	ld s11, 104(t0)
	.option push
	.option norelax
	la gp, __global_pointer$
	.option pop
	ret
unexpected:
	la sp, __stack_top
	csrr a0, scause
	csrr a1, sepc
	csrr a2, stval
	call hs_trap_report
5:	j 5b

/* guest_run(gpa): run VS-mode code at gpa (vsatp Bare: GVA = GPA); returns when the
 * guest traps to HS-mode (trap_info says how) */
	.globl guest_run
guest_run:
	la t0, guest_context
	sd ra, 0(t0)
	sd sp, 8(t0)
	sd s0, 16(t0)
	sd s1, 24(t0)
	sd s2, 32(t0)
	sd s3, 40(t0)
	sd s4, 48(t0)
	sd s5, 56(t0)
	sd s6, 64(t0)
	sd s7, 72(t0)
	sd s8, 80(t0)
	sd s9, 88(t0)
	sd s10, 96(t0)
	sd s11, 104(t0)
	csrw sepc, a0
	li t0, 1 << 7
	csrs hstatus, t0        /* SPV: sret enters the guest */
	li t0, 1 << 8
	csrs sstatus, t0        /* SPP: as VS-mode supervisor */
	li t0, 1 << 5
	csrc sstatus, t0        /* SPIE clear: no interrupts in the guest */
	sret

	.bss
	.align 3
	.globl trap_info
trap_info:
	.space 48
trap_scratch:
	.space 8
guest_context:
	.space 112

	.section .note.GNU-stack, "", %progbits
