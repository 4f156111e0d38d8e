#ifndef DMBOOT_WBXML_TEST_UTIL_H_
#define DMBOOT_WBXML_TEST_UTIL_H_

// Test-only helpers of dmboot/wbxml (not part of the library).

#include <string>
#include <string_view>
#include <vector>

#include "dmboot/wbxml/document.h"
#include "dmboot/wbxml/encoder.h"

namespace dmboot::wbxml::testing {

// Normalized returns `element` with every opaque child turned into text and adjacent texts
// merged: the libwbxml quirk normalisation of docs/wbxml.md §5 (libwbxml writes SyncML Data as
// OPAQUE; XML text has no OPAQUE).
Element Normalized(const Element& element);

// ParseFlags turns CLI-style flags ("--wbxml-version 1.3 --no-string-table --public-id literal
// --opaque-data") into EncodeOptions; unknown flags abort the test.
EncodeOptions ParseFlags(std::string_view flags);

// AllOptions returns every combination of version (1.0-1.3), string table, public id form and
// Data encoding.
std::vector<EncodeOptions> AllOptions();

// Describe names an option set for failure messages.
std::string Describe(const EncodeOptions& options);

}  // namespace dmboot::wbxml::testing

#endif  // DMBOOT_WBXML_TEST_UTIL_H_
