/* tests/qemu/x86_64/boot.S: from the BIOS to 64-bit C. The BIOS loads the boot sector
 * (.boot, 512 bytes at 0x7c00: this file's real- and protected-mode code and its tables);
 * the image (.text onwards, linked at 1 MiB: image.ld) follows it in the file. Real mode:
 * open A20; read the image's sectors 64 (32 KiB) at a time (INT 13h extended read) into
 * a bounce buffer at 0x8000, below the 1 MiB real mode reaches, and copy each up to its
 * place from 1 MiB with INT 15h AH=87h (the BIOS's extended memory block move, in
 * protected mode, through the descriptor table move_gdt: its destination base goes up
 * 32 KiB a chunk). Protected mode: identity-map the first 4 GiB with 2 MiB pages (page
 * tables at 0x1000-0x6fff, after the BIOS calls). Long mode (long_mode, the
 * image's first bytes, .text.start): segments, a TSS (VM entry wants a host TR), the
 * stack, .bss cleared, then x86_main. */
	.set BOUNCE, 0x8000          /* 32 KiB: 0x8000-0xffff, above the boot sector */
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
	in $0x92, %al             /* fast A20, before anything lands above 1 MiB */
	or $2, %al
	and $0xfe, %al
	out %al, $0x92
	/* sectors 1.. (dap_lba) to BOUNCE, then to 1 MiB.. (move_dest) */
	mov $__load_sectors, %cx
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
	mov $'D', %al
	jc boot_error
	pop %cx
	shl $8, %cx               /* sectors -> 16-bit words */
	mov $0x87, %ah            /* ES:SI = move_gdt, CX words */
	mov $move_gdt, %si
	int $0x15
	mov $'M', %al
	jc boot_error
	pop %cx
	addl $64, dap_lba
	addl $64 * 512, move_dest + 2  /* base 23:0 (below 16 MiB: no carry into access) */
	jmp 1b
3:	cli                       /* a BIOS call may have left interrupts on */
	lgdt gdt_descriptor
	mov %cr0, %eax
	or $1, %eax
	mov %eax, %cr0
	ljmp $0x08, $protected

/* 'D': a disk read failed, 'M': the move above 1 MiB did (on port 0xe9) */
boot_error:
	mov $0xe9, %dx
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
dap:                          /* INT 13h AH=42h: count sectors from dap_lba to BOUNCE */
	.byte 16, 0
dap_count:
	.word 0
	.word BOUNCE & 0xf, BOUNCE >> 4
dap_lba:
	.quad 1
	.balign 8
/* INT 15h AH=87h's descriptor table: the BIOS fills in 0x08 (the table itself as its GDT),
 * 0x20 (its code) and 0x28 (its stack); 0x10 and 0x18 are the source and destination:
 * 64 KiB limit, base 23:0, data read/write (0x93) */
move_gdt:
	.quad 0, 0
	.word 0xffff, BOUNCE & 0xffff
	.byte BOUNCE >> 16, 0x93, 0, 0
move_dest:
	.word 0xffff, __image_base_lo
	.byte __image_base_hi, 0x93, 0, 0
	.quad 0, 0
	.org 510
	.byte 0x55, 0xaa

	/* the image's first bytes (image.ld puts .text.start first) */
	.section .text.start, "ax"
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

	.section .note.GNU-stack, "", %progbits
