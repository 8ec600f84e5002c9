// The declaration in include/CFuzzDriver.h is all; libFuzzer defines the function
// (linked by -sanitize=fuzzer).
#include "CFuzzDriver.h"
