//go:build !linux

package rawstore

// adviseDontNeed does nothing outside Linux.
func adviseDontNeed(addr uintptr, n int64) {}
