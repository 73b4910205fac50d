/* tests/qemu/aarch64/start.S: entry at EL2 (QEMU virt with virtualization=on), the EL2
 * vector table, and the way into and out of the guest: guest_run(entry, x0, x1) enters
 * EL1 at entry with x0 and x1; the guest's next exception to EL2 (its hvc, or a stage-2
 * abort) records ESR_EL2, FAR_EL2, HPFAR_EL2 and the guest's x1 in trap_info and returns
 * from guest_run. Anything else taken at EL2 is reported and ends the run.
 * With a stage-1 format the guest's own aborts are taken at EL1: its vector table
 * (el1_vectors, in the guest's code page) hands ESR_EL1 and FAR_EL1 to EL2 in x2 and x3
 * with hvc #1, recorded in trap_info too. */
	.section .text.start, "ax"
	.globl _start
_start:
	ldr x0, =__stack_top
	mov sp, x0
	adr x0, el2_vectors
	msr vbar_el2, x0
	isb
	ldr x0, =__bss_start
	ldr x1, =__bss_end
1:	cmp x0, x1
	b.hs 2f
	str xzr, [x0], #8
	b 1b
2:	bl el2_main
3:	b 3b

	.text
	.globl guest_run
guest_run:
	ldr x9, =guest_context
	stp x19, x20, [x9, #0]
	stp x21, x22, [x9, #16]
	stp x23, x24, [x9, #32]
	stp x25, x26, [x9, #48]
	stp x27, x28, [x9, #64]
	stp x29, x30, [x9, #80]
	mov x10, sp
	str x10, [x9, #96]
	msr elr_el2, x0
	mov x10, #0x3c5           /* EL1h, D A I F masked */
	msr spsr_el2, x10
	mov x0, x1
	mov x1, x2
	eret

guest_exit:
	ldr x9, =trap_info
	str x1, [x9, #24]         /* the guest's x1: what its load read */
	str x2, [x9, #32]         /* after hvc #1: the EL1 abort's ESR_EL1 */
	str x3, [x9, #40]         /* and FAR_EL1 */
	mrs x10, esr_el2
	str x10, [x9, #0]
	mrs x10, far_el2
	str x10, [x9, #8]
	mrs x10, hpfar_el2
	str x10, [x9, #16]
	ldr x9, =guest_context
	ldp x19, x20, [x9, #0]
	ldp x21, x22, [x9, #16]
	ldp x23, x24, [x9, #32]
	ldp x25, x26, [x9, #48]
	ldp x27, x28, [x9, #64]
	ldp x29, x30, [x9, #80]
	ldr x10, [x9, #96]
	mov sp, x10
	ret

unexpected:
	ldr x0, =__stack_top
	mov sp, x0
	mrs x0, esr_el2
	mrs x1, elr_el2
	mrs x2, far_el2
	bl el2_trap_report
4:	b 4b

	.macro vector target
	.balign 0x80
	b \target
	.endm

	.balign 0x800
el2_vectors:
	vector unexpected   /* current EL, SP_EL0: sync, IRQ, FIQ, SError */
	vector unexpected
	vector unexpected
	vector unexpected
	vector unexpected   /* current EL, SP_ELx */
	vector unexpected
	vector unexpected
	vector unexpected
	vector guest_exit   /* lower EL, AArch64: sync */
	vector unexpected
	vector unexpected
	vector unexpected
	vector unexpected   /* lower EL, AArch32 */
	vector unexpected
	vector unexpected
	vector unexpected

/* What the guest runs (EL1, stage 1 off, or on with a stage-1 format): at the IPA of this
 * page, mapped 1:1. First the EL1 vectors: a synchronous exception at EL1 (an abort on
 * the probed page) goes to EL2 with its syndrome and address; anything else with hvc #2. */
	.section .guest_code, "ax"
	.balign 0x800
	.globl el1_vectors
el1_vectors:
	.rept 4                 /* current EL with SP_EL0 */
	.balign 0x80
	hvc #2
	.endr
	.balign 0x80            /* current EL with SP_ELx (offset 0x200), synchronous */
	mrs x2, esr_el1
	mrs x3, far_el1
	hvc #1
	.rept 11                /* its IRQ, FIQ, SError; lower ELs */
	.balign 0x80
	hvc #2
	.endr
	.globl guest_load, guest_store
guest_load:
	ldr x1, [x0]
	hvc #0
guest_store:
	str x1, [x0]
	hvc #0

	.bss
	.balign 8
	.globl trap_info
trap_info:
	.space 48
guest_context:
	.space 104

	.section .note.GNU-stack, "", %progbits
