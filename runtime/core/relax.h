/* relax.h: a moment's wait in a loop that waits for another CPU: struct ptf_hal's
 * optional relax (a hosted HAL yields its time slice), else a CPU pause hint. */
#ifndef PTF_RELAX_H
#define PTF_RELAX_H

#include <ptforge/hal.h>

static inline void ptf_relax(const struct ptf_hal *hal)
{
	if (hal->relax) {
		hal->relax(hal->ctx);
		return;
	}
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ volatile("yield" ::: "memory");
#elif defined(__riscv)
	__asm__ volatile(".insn i 0x0f, 0, x0, x0, 0x010" ::: "memory"); /* pause (Zihintpause) */
#endif
}

#endif
