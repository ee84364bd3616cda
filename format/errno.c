/* SPDX-License-Identifier: MIT */
/*
 * errno.c - errno and signal names and messages as strace prints them,
 * for the Linux generic numbering that x86_64, i386 and aarch64 share.
 * Names follow strace's errnoent.h/signalent.h choices (EAGAIN, not
 * EWOULDBLOCK; SIGIO, not SIGPOLL; SIGRT_n); messages are glibc 2.36's
 * strerror()/strsignal() texts, embedded so that decoding does not depend
 * on the host's libc. Kernel-internal errnos (512..531) carry strace's
 * texts: the restart codes have their own, the others glibc's
 * "Unknown error N" that strace prints for them.
 */
#include <stddef.h>

#include "systable.h"

struct name_msg {
	const char *name;
	const char *msg;
};

/* 1..133: names as strerrorname_np(), texts as strerror() (glibc 2.36). */
static const struct name_msg errnos[] = {
	[1] = { "EPERM", "Operation not permitted" },
	[2] = { "ENOENT", "No such file or directory" },
	[3] = { "ESRCH", "No such process" },
	[4] = { "EINTR", "Interrupted system call" },
	[5] = { "EIO", "Input/output error" },
	[6] = { "ENXIO", "No such device or address" },
	[7] = { "E2BIG", "Argument list too long" },
	[8] = { "ENOEXEC", "Exec format error" },
	[9] = { "EBADF", "Bad file descriptor" },
	[10] = { "ECHILD", "No child processes" },
	[11] = { "EAGAIN", "Resource temporarily unavailable" },
	[12] = { "ENOMEM", "Cannot allocate memory" },
	[13] = { "EACCES", "Permission denied" },
	[14] = { "EFAULT", "Bad address" },
	[15] = { "ENOTBLK", "Block device required" },
	[16] = { "EBUSY", "Device or resource busy" },
	[17] = { "EEXIST", "File exists" },
	[18] = { "EXDEV", "Invalid cross-device link" },
	[19] = { "ENODEV", "No such device" },
	[20] = { "ENOTDIR", "Not a directory" },
	[21] = { "EISDIR", "Is a directory" },
	[22] = { "EINVAL", "Invalid argument" },
	[23] = { "ENFILE", "Too many open files in system" },
	[24] = { "EMFILE", "Too many open files" },
	[25] = { "ENOTTY", "Inappropriate ioctl for device" },
	[26] = { "ETXTBSY", "Text file busy" },
	[27] = { "EFBIG", "File too large" },
	[28] = { "ENOSPC", "No space left on device" },
	[29] = { "ESPIPE", "Illegal seek" },
	[30] = { "EROFS", "Read-only file system" },
	[31] = { "EMLINK", "Too many links" },
	[32] = { "EPIPE", "Broken pipe" },
	[33] = { "EDOM", "Numerical argument out of domain" },
	[34] = { "ERANGE", "Numerical result out of range" },
	[35] = { "EDEADLK", "Resource deadlock avoided" },
	[36] = { "ENAMETOOLONG", "File name too long" },
	[37] = { "ENOLCK", "No locks available" },
	[38] = { "ENOSYS", "Function not implemented" },
	[39] = { "ENOTEMPTY", "Directory not empty" },
	[40] = { "ELOOP", "Too many levels of symbolic links" },
	[42] = { "ENOMSG", "No message of desired type" },
	[43] = { "EIDRM", "Identifier removed" },
	[44] = { "ECHRNG", "Channel number out of range" },
	[45] = { "EL2NSYNC", "Level 2 not synchronized" },
	[46] = { "EL3HLT", "Level 3 halted" },
	[47] = { "EL3RST", "Level 3 reset" },
	[48] = { "ELNRNG", "Link number out of range" },
	[49] = { "EUNATCH", "Protocol driver not attached" },
	[50] = { "ENOCSI", "No CSI structure available" },
	[51] = { "EL2HLT", "Level 2 halted" },
	[52] = { "EBADE", "Invalid exchange" },
	[53] = { "EBADR", "Invalid request descriptor" },
	[54] = { "EXFULL", "Exchange full" },
	[55] = { "ENOANO", "No anode" },
	[56] = { "EBADRQC", "Invalid request code" },
	[57] = { "EBADSLT", "Invalid slot" },
	[59] = { "EBFONT", "Bad font file format" },
	[60] = { "ENOSTR", "Device not a stream" },
	[61] = { "ENODATA", "No data available" },
	[62] = { "ETIME", "Timer expired" },
	[63] = { "ENOSR", "Out of streams resources" },
	[64] = { "ENONET", "Machine is not on the network" },
	[65] = { "ENOPKG", "Package not installed" },
	[66] = { "EREMOTE", "Object is remote" },
	[67] = { "ENOLINK", "Link has been severed" },
	[68] = { "EADV", "Advertise error" },
	[69] = { "ESRMNT", "Srmount error" },
	[70] = { "ECOMM", "Communication error on send" },
	[71] = { "EPROTO", "Protocol error" },
	[72] = { "EMULTIHOP", "Multihop attempted" },
	[73] = { "EDOTDOT", "RFS specific error" },
	[74] = { "EBADMSG", "Bad message" },
	[75] = { "EOVERFLOW", "Value too large for defined data type" },
	[76] = { "ENOTUNIQ", "Name not unique on network" },
	[77] = { "EBADFD", "File descriptor in bad state" },
	[78] = { "EREMCHG", "Remote address changed" },
	[79] = { "ELIBACC", "Can not access a needed shared library" },
	[80] = { "ELIBBAD", "Accessing a corrupted shared library" },
	[81] = { "ELIBSCN", ".lib section in a.out corrupted" },
	[82] = { "ELIBMAX", "Attempting to link in too many shared libraries" },
	[83] = { "ELIBEXEC", "Cannot exec a shared library directly" },
	[84] = { "EILSEQ", "Invalid or incomplete multibyte or wide character" },
	[85] = { "ERESTART", "Interrupted system call should be restarted" },
	[86] = { "ESTRPIPE", "Streams pipe error" },
	[87] = { "EUSERS", "Too many users" },
	[88] = { "ENOTSOCK", "Socket operation on non-socket" },
	[89] = { "EDESTADDRREQ", "Destination address required" },
	[90] = { "EMSGSIZE", "Message too long" },
	[91] = { "EPROTOTYPE", "Protocol wrong type for socket" },
	[92] = { "ENOPROTOOPT", "Protocol not available" },
	[93] = { "EPROTONOSUPPORT", "Protocol not supported" },
	[94] = { "ESOCKTNOSUPPORT", "Socket type not supported" },
	[95] = { "EOPNOTSUPP", "Operation not supported" },
	[96] = { "EPFNOSUPPORT", "Protocol family not supported" },
	[97] = { "EAFNOSUPPORT", "Address family not supported by protocol" },
	[98] = { "EADDRINUSE", "Address already in use" },
	[99] = { "EADDRNOTAVAIL", "Cannot assign requested address" },
	[100] = { "ENETDOWN", "Network is down" },
	[101] = { "ENETUNREACH", "Network is unreachable" },
	[102] = { "ENETRESET", "Network dropped connection on reset" },
	[103] = { "ECONNABORTED", "Software caused connection abort" },
	[104] = { "ECONNRESET", "Connection reset by peer" },
	[105] = { "ENOBUFS", "No buffer space available" },
	[106] = { "EISCONN", "Transport endpoint is already connected" },
	[107] = { "ENOTCONN", "Transport endpoint is not connected" },
	[108] = { "ESHUTDOWN", "Cannot send after transport endpoint shutdown" },
	[109] = { "ETOOMANYREFS", "Too many references: cannot splice" },
	[110] = { "ETIMEDOUT", "Connection timed out" },
	[111] = { "ECONNREFUSED", "Connection refused" },
	[112] = { "EHOSTDOWN", "Host is down" },
	[113] = { "EHOSTUNREACH", "No route to host" },
	[114] = { "EALREADY", "Operation already in progress" },
	[115] = { "EINPROGRESS", "Operation now in progress" },
	[116] = { "ESTALE", "Stale file handle" },
	[117] = { "EUCLEAN", "Structure needs cleaning" },
	[118] = { "ENOTNAM", "Not a XENIX named type file" },
	[119] = { "ENAVAIL", "No XENIX semaphores available" },
	[120] = { "EISNAM", "Is a named type file" },
	[121] = { "EREMOTEIO", "Remote I/O error" },
	[122] = { "EDQUOT", "Disk quota exceeded" },
	[123] = { "ENOMEDIUM", "No medium found" },
	[124] = { "EMEDIUMTYPE", "Wrong medium type" },
	[125] = { "ECANCELED", "Operation canceled" },
	[126] = { "ENOKEY", "Required key not available" },
	[127] = { "EKEYEXPIRED", "Key has expired" },
	[128] = { "EKEYREVOKED", "Key has been revoked" },
	[129] = { "EKEYREJECTED", "Key was rejected by service" },
	[130] = { "EOWNERDEAD", "Owner died" },
	[131] = { "ENOTRECOVERABLE", "State not recoverable" },
	[132] = { "ERFKILL", "Operation not possible due to RF-kill" },
	[133] = { "EHWPOISON", "Memory page has hardware error" },
};

/* Kernel-internal codes (include/linux/errno.h) that reach user space only
 * through tracing, as strace names and explains them. */
static const struct name_msg kernel_errnos[] = {
	[512 - 512] = { "ERESTARTSYS", "To be restarted if SA_RESTART is set" },
	[513 - 512] = { "ERESTARTNOINTR", "To be restarted" },
	[514 - 512] = { "ERESTARTNOHAND", "To be restarted if no handler" },
	[515 - 512] = { "ENOIOCTLCMD", "Unknown error 515" },
	[516 - 512] = { "ERESTART_RESTARTBLOCK", "Interrupted by signal" },
	[517 - 512] = { "EPROBE_DEFER", "Unknown error 517" },
	[518 - 512] = { "EOPENSTALE", "Unknown error 518" },
	[519 - 512] = { "ENOPARAM", "Unknown error 519" },
	[521 - 512] = { "EBADHANDLE", "Unknown error 521" },
	[522 - 512] = { "ENOTSYNC", "Unknown error 522" },
	[523 - 512] = { "EBADCOOKIE", "Unknown error 523" },
	[524 - 512] = { "ENOTSUPP", "Unknown error 524" },
	[525 - 512] = { "ETOOSMALL", "Unknown error 525" },
	[526 - 512] = { "ESERVERFAULT", "Unknown error 526" },
	[527 - 512] = { "EBADTYPE", "Unknown error 527" },
	[528 - 512] = { "EJUKEBOX", "Unknown error 528" },
	[529 - 512] = { "EIOCBQUEUED", "Unknown error 529" },
	[530 - 512] = { "ERECALLCONFLICT", "Unknown error 530" },
	[531 - 512] = { "ENOGRACE", "Unknown error 531" },
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const struct name_msg *errno_entry(int err)
{
	const struct name_msg *e = NULL;

	if (err > 0 && (size_t)err < ARRAY_LEN(errnos))
		e = &errnos[err];
	else if (err >= 512 && (size_t)(err - 512) < ARRAY_LEN(kernel_errnos))
		e = &kernel_errnos[err - 512];
	return e && e->name ? e : NULL;
}

const char *tl_errno_name(int err)
{
	const struct name_msg *e = errno_entry(err);

	return e ? e->name : NULL;
}

const char *tl_errno_msg(int err)
{
	const struct name_msg *e = errno_entry(err);

	return e ? e->msg : NULL;
}

/* 1..31: strace's names, glibc's strsignal() texts. */
static const struct name_msg signals[] = {
	[1] = { "SIGHUP", "Hangup" },
	[2] = { "SIGINT", "Interrupt" },
	[3] = { "SIGQUIT", "Quit" },
	[4] = { "SIGILL", "Illegal instruction" },
	[5] = { "SIGTRAP", "Trace/breakpoint trap" },
	[6] = { "SIGABRT", "Aborted" },
	[7] = { "SIGBUS", "Bus error" },
	[8] = { "SIGFPE", "Floating point exception" },
	[9] = { "SIGKILL", "Killed" },
	[10] = { "SIGUSR1", "User defined signal 1" },
	[11] = { "SIGSEGV", "Segmentation fault" },
	[12] = { "SIGUSR2", "User defined signal 2" },
	[13] = { "SIGPIPE", "Broken pipe" },
	[14] = { "SIGALRM", "Alarm clock" },
	[15] = { "SIGTERM", "Terminated" },
	[16] = { "SIGSTKFLT", "Stack fault" },
	[17] = { "SIGCHLD", "Child exited" },
	[18] = { "SIGCONT", "Continued" },
	[19] = { "SIGSTOP", "Stopped (signal)" },
	[20] = { "SIGTSTP", "Stopped" },
	[21] = { "SIGTTIN", "Stopped (tty input)" },
	[22] = { "SIGTTOU", "Stopped (tty output)" },
	[23] = { "SIGURG", "Urgent I/O condition" },
	[24] = { "SIGXCPU", "CPU time limit exceeded" },
	[25] = { "SIGXFSZ", "File size limit exceeded" },
	[26] = { "SIGVTALRM", "Virtual timer expired" },
	[27] = { "SIGPROF", "Profiling timer expired" },
	[28] = { "SIGWINCH", "Window changed" },
	[29] = { "SIGIO", "I/O possible" },
	[30] = { "SIGPWR", "Power failure" },
	[31] = { "SIGSYS", "Bad system call" },
};

/* 32..64: strace names 32 SIGRTMIN and n > 32 SIGRT_<n-32>; glibc's texts
 * count real-time signals from its own SIGRTMIN, 34, and call 32 and 33
 * (reserved by glibc) unknown. */
static const char *const rt_names[] = {
	"SIGRTMIN", "SIGRT_1", "SIGRT_2", "SIGRT_3", "SIGRT_4", "SIGRT_5",
	"SIGRT_6", "SIGRT_7", "SIGRT_8", "SIGRT_9", "SIGRT_10", "SIGRT_11",
	"SIGRT_12", "SIGRT_13", "SIGRT_14", "SIGRT_15", "SIGRT_16",
	"SIGRT_17", "SIGRT_18", "SIGRT_19", "SIGRT_20", "SIGRT_21",
	"SIGRT_22", "SIGRT_23", "SIGRT_24", "SIGRT_25", "SIGRT_26",
	"SIGRT_27", "SIGRT_28", "SIGRT_29", "SIGRT_30", "SIGRT_31",
	"SIGRT_32",
};

static const char *const rt_msgs[] = {
	"Unknown signal 32", "Unknown signal 33",
	"Real-time signal 0", "Real-time signal 1", "Real-time signal 2",
	"Real-time signal 3", "Real-time signal 4", "Real-time signal 5",
	"Real-time signal 6", "Real-time signal 7", "Real-time signal 8",
	"Real-time signal 9", "Real-time signal 10", "Real-time signal 11",
	"Real-time signal 12", "Real-time signal 13", "Real-time signal 14",
	"Real-time signal 15", "Real-time signal 16", "Real-time signal 17",
	"Real-time signal 18", "Real-time signal 19", "Real-time signal 20",
	"Real-time signal 21", "Real-time signal 22", "Real-time signal 23",
	"Real-time signal 24", "Real-time signal 25", "Real-time signal 26",
	"Real-time signal 27", "Real-time signal 28", "Real-time signal 29",
	"Real-time signal 30",
};

_Static_assert(ARRAY_LEN(rt_names) == 33, "signals 32..64");
_Static_assert(ARRAY_LEN(rt_msgs) == 33, "signals 32..64");

const char *tl_signal_name(int sig)
{
	if (sig > 0 && (size_t)sig < ARRAY_LEN(signals))
		return signals[sig].name;
	if (sig >= 32 && sig <= 64)
		return rt_names[sig - 32];
	return NULL;
}

const char *tl_signal_msg(int sig)
{
	if (sig > 0 && (size_t)sig < ARRAY_LEN(signals))
		return signals[sig].msg;
	if (sig >= 32 && sig <= 64)
		return rt_msgs[sig - 32];
	return NULL;
}
