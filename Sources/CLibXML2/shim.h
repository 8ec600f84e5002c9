// libxml2's push parser and its SAX2 default handlers; nothing else.
#include <libxml/parser.h>
#include <libxml/SAX2.h>
