#include "dmboot/wbxml/language.h"

#include "dmboot/core/ascii.h"

#include <array>
#include <string>

namespace dmboot::wbxml {
namespace {

struct LanguageInfo {
  Language language;
  std::string_view name;       // wbxml2xml -l
  uint32_t public_id;          // OMNA WBXML public id, kPublicIdUnknown when none
  std::string_view fpi;        // formal public identifier
  std::string_view dtd;        // system id libwbxml writes
  std::string_view xmlns;      // root namespace, "" when none
  std::string_view root;       // root element
};

// Sources: OMNA "WBXML Public Identifiers" registry as quoted in
// /work/shared/reference/oma-dm-bootstrap.md §5.3; names, DTD URLs and namespaces as libwbxml
// 0.11.8 (wbxml2xml -l, src/wbxml_tables.c) uses them.
constexpr std::array<LanguageInfo, 6> kLanguages = {{
    {Language::kSyncMl11, "SYNCML11", kPublicIdSyncMl11, "-//SYNCML//DTD SyncML 1.1//EN",
     "http://www.syncml.org/docs/syncml_represent_v11_20020213.dtd", "SYNCML:SYNCML1.1",
     "SyncML"},
    {Language::kSyncMl12, "SYNCML12", kPublicIdSyncMl12, "-//SYNCML//DTD SyncML 1.2//EN",
     "http://www.openmobilealliance.org/tech/DTD/OMA-TS-SyncML_RepPro_DTD-V1_2.dtd",
     "SYNCML:SYNCML1.2", "SyncML"},
    {Language::kDevInf11, "DEVINF11", kPublicIdDevInf11, "-//SYNCML//DTD DevInf 1.1//EN",
     "http://www.syncml.org/docs/devinf_v11_20020215.dtd", "syncml:devinf", "DevInf"},
    {Language::kDevInf12, "DEVINF12", kPublicIdDevInf12, "-//SYNCML//DTD DevInf 1.2//EN",
     "http://www.openmobilealliance.org/tech/DTD/OMA-SyncML-Device_Information-DTD-1.2.dtd",
     "syncml:devinf", "DevInf"},
    {Language::kDmDdf12, "DMDDF12", kPublicIdUnknown, "-//OMA//DTD-DM-DDF 1.2//EN",
     "http://www.openmobilealliance.org/tech/DTD/dm_ddf-v1_2.dtd", "syncml:dmddf1.2",
     "MgmtTree"},
    {Language::kProv10, "PROV10", kPublicIdProv10, "-//WAPFORUM//DTD PROV 1.0//EN",
     "http://www.wapforum.org/DTD/prov.dtd", "", "wap-provisioningdoc"},
}};

const LanguageInfo& Info(Language language) {
  for (const LanguageInfo& info : kLanguages) {
    if (info.language == language) {
      return info;
    }
  }
  DMBOOT_CHECK(false);
  return kLanguages[0];
}

}  // namespace

std::string_view LanguageName(Language language) { return Info(language).name; }

Result<Language> LanguageFromName(std::string_view name) {
  for (const LanguageInfo& info : kLanguages) {
    if (AsciiEqualsIgnoreCase(info.name, name)) {
      return info.language;
    }
  }
  return Fail(ErrorCode::kInvalidArgument,
              "unknown WBXML language \"" + std::string(name) +
                  "\" (expected SYNCML11, SYNCML12, DEVINF11, DEVINF12, DMDDF12 or PROV10)");
}

uint32_t PublicIdNumber(Language language) { return Info(language).public_id; }
std::string_view PublicIdText(Language language) { return Info(language).fpi; }
std::string_view DtdUrl(Language language) { return Info(language).dtd; }
std::string_view RootNamespace(Language language) { return Info(language).xmlns; }

bool IsSyncMl(Language language) {
  switch (language) {
    case Language::kSyncMl11:
    case Language::kSyncMl12:
      return true;
    case Language::kDevInf11:
    case Language::kDevInf12:
    case Language::kDmDdf12:
    case Language::kProv10:
      return false;
  }
  return false;
}
std::string_view RootElementName(Language language) { return Info(language).root; }

std::optional<Language> LanguageFromPublicId(uint32_t public_id) {
  if (public_id == kPublicIdUnknown) {
    return std::nullopt;
  }
  for (const LanguageInfo& info : kLanguages) {
    if (info.public_id == public_id) {
      return info.language;
    }
  }
  return std::nullopt;
}

std::optional<Language> LanguageFromPublicIdText(std::string_view fpi) {
  for (const LanguageInfo& info : kLanguages) {
    if (info.fpi == fpi) {
      return info.language;
    }
  }
  return std::nullopt;
}

std::optional<Language> LanguageFromNamespace(std::string_view xmlns) {
  // syncml:devinf names both DevInf versions; it cannot choose one, so only the SyncML and DDF
  // namespaces decide.
  for (const LanguageInfo& info : kLanguages) {
    if (!info.xmlns.empty() && info.language != Language::kDevInf11 &&
        info.language != Language::kDevInf12 && AsciiEqualsIgnoreCase(info.xmlns, xmlns)) {
      return info.language;
    }
  }
  return std::nullopt;
}

}  // namespace dmboot::wbxml
