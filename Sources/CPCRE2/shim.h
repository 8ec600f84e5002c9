// PCRE2's API is a set of width-suffixed functions behind macros; we use the 8-bit
// library (bytes, no UTF), so Swift calls the `_8` names directly.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
