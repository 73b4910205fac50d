/* tests/qemu/x86_64/boot.S: from the BIOS to 64-bit C. Real mode: load the image's other
 * sectors (INT 13h extended read, 64 at a time) right after the boot sector, open A20;
 * protected mode: identity-map the first 4 GiB with 2 MiB pages; long mode: segments, a
 * TSS (VM entry wants a host TR), the stack, .bss cleared, then x86_main. */
	.section .boot, "ax"
	.code16
	.globl boot
boot:
	cli
	xor %ax, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov $0x7c00, %sp
	mov %dl, drive
	/* sectors 1.. to 0x7e00.., 64 (32 KiB) per read */
	mov $__load_sectors, %cx
	movw $0x07e0, dap_segment
	movl $1, dap_lba
1:	test %cx, %cx
	jz 3f
	mov $64, %ax
	cmp %ax, %cx
	jae 2f
	mov %cx, %ax
2:	mov %ax, dap_count
	sub %ax, %cx
	push %cx
	push %ax
	mov $0x42, %ah
	mov drive, %dl
	mov $dap, %si
	int $0x13
	jc disk_error
	pop %ax
	pop %cx
	addl $64, dap_lba
	addw $0x800, dap_segment
	jmp 1b
3:	in $0x92, %al             /* fast A20 */
	or $2, %al
	and $0xfe, %al
	out %al, $0x92
	lgdt gdt_descriptor
	mov %cr0, %eax
	or $1, %eax
	mov %eax, %cr0
	ljmp $0x08, $protected

disk_error:
	mov $0xe9, %dx
	mov $'D', %al
	out %al, %dx
4:	hlt
	jmp 4b

	.code32
protected:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	/* PML4 0x1000 -> PDPT 0x2000 -> four page directories 0x3000-0x6fff, 2 MiB pages */
	mov $0x1000, %edi
	mov $0x6000 / 4, %ecx
	xor %eax, %eax
	rep stosl
	movl $0x2003, 0x1000
	mov $0x2000, %edi
	mov $0x3003, %eax
	mov $4, %ecx
5:	mov %eax, (%edi)
	add $0x1000, %eax
	add $8, %edi
	loop 5b
	mov $0x3000, %edi
	mov $0x83, %eax           /* present, writable, 2 MiB */
	xor %edx, %edx
	mov $2048, %ecx
6:	mov %eax, (%edi)
	mov %edx, 4(%edi)
	add $0x200000, %eax
	adc $0, %edx
	add $8, %edi
	loop 6b
	mov %cr4, %eax
	or $0x20, %eax            /* PAE */
	mov %eax, %cr4
	mov $0x1000, %eax
	mov %eax, %cr3
	mov $0xc0000080, %ecx     /* EFER.LME */
	rdmsr
	or $0x100, %eax
	wrmsr
	mov %cr0, %eax
	or $0x80000000, %eax
	mov %eax, %cr0
	ljmp $0x18, $long_mode

	.code64
long_mode:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov %ax, %fs
	mov %ax, %gs
	/* the TSS descriptor's base: tss, 16 bytes at gdt + 0x20 */
	lea tss(%rip), %rax
	mov %ax, gdt + 0x22
	shr $16, %rax
	mov %al, gdt + 0x24
	mov %ah, gdt + 0x27
	shr $16, %rax
	mov %eax, gdt + 0x28
	mov $0x20, %ax
	ltr %ax
	mov $__stack_top, %rsp
	mov $__bss_start, %rdi
	mov $__bss_end, %rcx
	sub %rdi, %rcx
	shr $3, %rcx
	xor %eax, %eax
	rep stosq
	call x86_main
7:	hlt
	jmp 7b

	.balign 8
gdt:
	.quad 0
	.quad 0x00cf9a000000ffff  /* 0x08: 32-bit code */
	.quad 0x00cf92000000ffff  /* 0x10: data */
	.quad 0x00af9a000000ffff  /* 0x18: 64-bit code */
	.quad 0x0000890000000067  /* 0x20: 64-bit TSS (base filled in), limit 0x67 */
	.quad 0
gdt_end:
	.globl gdt_descriptor
gdt_descriptor:
	.word gdt_end - gdt - 1
	.quad gdt
drive:
	.byte 0
	.balign 4
dap:
	.byte 16, 0
dap_count:
	.word 0
	.word 0
dap_segment:
	.word 0
dap_lba:
	.quad 0
	.org 510
	.byte 0x55, 0xaa

	.section .note.GNU-stack, "", %progbits
