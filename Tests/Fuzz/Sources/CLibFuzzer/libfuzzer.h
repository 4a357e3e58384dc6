// libFuzzer's driver, for a program that has a main of its own (SwiftPM gives every
// executable one). The symbol comes with -sanitize=fuzzer.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
