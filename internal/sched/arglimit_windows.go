package sched

// argCap bounds a batch on Windows too; sysArgMax is the tighter limit there.
const argCap = DefaultArgLimit

// sysArgMax is what a Windows command line may hold: CreateProcess takes at most 32,767
// UTF-16 characters. ArgSize over-counts them (a byte per character at least, since
// UTF-8 never takes fewer bytes than UTF-16 takes code units, and 9 more per argument
// for the space and quotes Go adds), and ArgLimit also takes off the environment, which
// Windows keeps apart: a batch always fits.
func sysArgMax() int { return 32 << 10 }
