// glibc's mallopt (malloc.h is not part of Swift's Glibc module): the command line's main
// sets the heap's mmap threshold (see Sources/digitrec/main.swift).
#include <malloc.h>
