package rawstore

import "syscall"

// adviseDontNeed tells the kernel the n bytes mapped at addr are not
// needed: for a shared file mapping it unmaps the pages from this process
// and keeps them in the page cache. Errors are ignored: releasing is only
// an optimisation.
func adviseDontNeed(addr uintptr, n int64) {
	if addr == 0 || n <= 0 {
		return
	}
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, addr, uintptr(n), syscall.MADV_DONTNEED)
}
