#pragma once
// exiv2 0.27's API hands out std::auto_ptr; Debian 12 ships no 0.28 yet.
// The warning is about its headers, not our use.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#include <exiv2/exiv2.hpp>
#include <exiv2/webpimage.hpp>
#pragma GCC diagnostic pop
