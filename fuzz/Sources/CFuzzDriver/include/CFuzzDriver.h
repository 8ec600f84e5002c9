#ifndef BANNERS_C_FUZZ_DRIVER_H
#define BANNERS_C_FUZZ_DRIVER_H
#include <stddef.h>
#include <stdint.h>

// libFuzzer's entry for a program with a main of its own (compiler-rt's
// FuzzerInterface.h). SwiftPM gives every executable a main, so the targets call this
// from theirs instead of relying on the main of libFuzzer.
int LLVMFuzzerRunDriver(int *argc, char ***argv,
                        int (*UserCb)(const uint8_t *Data, size_t Size));

#endif
