package ffmpegtest

/*
#include <malloc.h>
static size_t reel_c_heap_in_use(void) { struct mallinfo2 m = mallinfo2(); return m.uordblks; }
*/
import "C"

// CHeapInUse is the number of bytes the C allocator has handed out and not had back (glibc's
// mallinfo2 uordblks). Unlike RSS, it does not count memory that was freed but kept by the
// allocator, so it grows only when C objects are leaked.
func CHeapInUse() int64 { return int64(C.reel_c_heap_in_use()) }
