#include "tag_shim.h"
#include <taglib/taglib.h>

int segue_tag_shim_version(void) { return TAGLIB_MAJOR_VERSION * 100 + TAGLIB_MINOR_VERSION; }
