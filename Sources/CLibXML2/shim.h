// libxml2's push parser and its SAX2 default handlers; nothing else.
//
// Debian's libxml2 is built with ICU, so its encoding.h includes <unicode/ucnv.h>: the
// system ICU, whose types clash with Foundation's own copy (_FoundationICU, "UErrorCode
// has different definitions in different modules") in any module that sees both, as
// tests do. We use no ICU type: the header is kept out (its include guard), and the
// two names encoding.h uses, only behind pointers in a struct we never touch, are
// declared as ICU declares them in C.
#define UCNV_H
typedef struct UConverter UConverter;
typedef unsigned short UChar;
#include <libxml/parser.h>
#include <libxml/SAX2.h>
