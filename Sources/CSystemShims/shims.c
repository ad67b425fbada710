// CSystemShims has only inline wrappers (see include/CSystemShims.h); SwiftPM needs one
// C source file to build the module.
#include "CSystemShims.h"
