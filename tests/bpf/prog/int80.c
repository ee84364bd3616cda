// SPDX-License-Identifier: MIT
/*
 * int80 - a 64-bit program that makes i386 syscalls with int $0x80: the
 * kernel runs them from the i386 table (getpid is 20, write 4), so the
 * recorder must tag them i386 although the task is 64-bit.
 */
#include <stdio.h>
#include <unistd.h>

static long int80(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(nr), "b"(a), "c"(b), "d"(c)
			 : "memory", "r8", "r9", "r10", "r11");
	return ret;
}

int main(void)
{
	/* a string in the low 4 GiB, as int 0x80 sees only 32-bit pointers */
	static const char msg[] = "int80 hello\n";
	long pid = int80(20, 0, 0, 0);		/* i386 getpid */

	if (pid != getpid())
		return 1;
	if ((unsigned long)msg < 0x100000000ul &&
	    int80(4, 1, (long)msg, sizeof(msg) - 1) != sizeof(msg) - 1)
		return 1;
	printf("pid=%ld\n", pid);
	return 0;
}
