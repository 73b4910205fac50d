/* tests/qemu/x86_64/start.S: into and out of the guest. guest_run(rip, ebx, eax, edx)
 * sets the guest's RIP and those registers and enters it (VMLAUNCH the first time,
 * VMRESUME after); the next VM exit lands at vm_exit, which keeps the guest's eax and edx
 * in exit_regs and returns from guest_run with 0. A VM entry that fails returns 1. The
 * guest's code has a page of its own: 32-bit stubs for the EPT formats' guest (paging
 * off: GPA = linear address), 64-bit ones for the stage-1 formats' IA-32e-mode guest
 * (the page mapped at its own linear address in the tables under test). */
	.text
	.globl guest_run, vm_exit
guest_run:
	push %rbx
	push %rbp
	push %r12
	push %r13
	push %r14
	push %r15
	mov %rsp, host_rsp(%rip)
	mov $0x6c14, %r8d          /* HOST_RSP */
	vmwrite %rsp, %r8
	mov $0x681e, %r8d          /* GUEST_RIP */
	vmwrite %rdi, %r8
	mov %rsi, %rbx
	mov %rdx, %rax
	mov %rcx, %rdx
	cmpb $0, launched(%rip)
	jne 1f
	movb $1, launched(%rip)
	vmlaunch
	jmp entry_failed
1:	vmresume
entry_failed:
	mov host_rsp(%rip), %rsp
	mov $1, %eax
	jmp 2f
vm_exit:
	mov %rax, exit_regs(%rip)
	mov %rdx, exit_regs + 8(%rip)
	mov host_rsp(%rip), %rsp
	xor %eax, %eax
2:	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbp
	pop %rbx
	ret

	.section .guest_code, "ax"
	.code32
	.globl guest_load, guest_store
guest_load:
	mov (%ebx), %eax
	mov 4(%ebx), %edx
	vmcall
guest_store:
	mov %eax, (%ebx)
	mov %edx, 4(%ebx)
	vmcall
	.code64
	/* one 8-byte access at rbx; the value split into eax and edx as above */
	.globl guest_load64, guest_store64
guest_load64:
	mov (%rbx), %rax
	mov %rax, %rdx
	shr $32, %rdx
	vmcall
guest_store64:
	shl $32, %rdx
	mov %eax, %eax
	or %rdx, %rax
	mov %rax, (%rbx)
	vmcall

	.bss
	.balign 16
	.globl tss, exit_regs
tss:
	.space 0x68
	.balign 8
exit_regs:
	.space 16
host_rsp:
	.space 8
launched:
	.space 1

	.section .note.GNU-stack, "", %progbits
