#ifndef DMBOOT_WBXML_LANGUAGE_H_
#define DMBOOT_WBXML_LANGUAGE_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "dmboot/core/result.h"

namespace dmboot::wbxml {

// Language is a WBXML document type: its public identifier and its code pages. The set is closed;
// the enumerator values are ours (not wire values). Code pages per language (docs/wbxml.md §3):
//   kSyncMl11, kSyncMl12: tag page 0 SyncML, tag page 1 MetInf.
//   kDevInf11, kDevInf12: tag page 0 DevInf.
//   kDmDdf12: tag page 2 DM DDF / TNDS MgmtTree (OMA-TS-DM_TND; no numeric public id).
//   kProv10: tag pages 0 and 1, attribute start/value pages 0 and 1 (WAP-183 ProvCont, OMA CP).
enum class Language : uint8_t {
  kSyncMl11 = 1,
  kSyncMl12 = 2,
  kDevInf11 = 3,
  kDevInf12 = 4,
  kDmDdf12 = 5,
  kProv10 = 6,
};

// WBXML public identifier numbers (OMNA registry, WAP-192 §7.2). 0x01 means "unknown".
inline constexpr uint32_t kPublicIdUnknown = 0x01;
inline constexpr uint32_t kPublicIdProv10 = 0x0B;
inline constexpr uint32_t kPublicIdSyncMl11 = 0x0FD3;
inline constexpr uint32_t kPublicIdDevInf11 = 0x0FD4;
inline constexpr uint32_t kPublicIdSyncMl12 = 0x1201;
inline constexpr uint32_t kPublicIdDevInf12 = 0x1203;

// LanguageName returns the name wbxml2xml's `-l` option uses, e.g. "SYNCML12", "DMDDF12",
// "PROV10".
std::string_view LanguageName(Language language);

// LanguageFromName parses a LanguageName (case-insensitive). Unknown names fail with
// kInvalidArgument.
Result<Language> LanguageFromName(std::string_view name);

// PublicIdNumber returns the numeric public id of `language`, or kPublicIdUnknown when it has
// none (kDmDdf12).
uint32_t PublicIdNumber(Language language);

// PublicIdText returns the formal public identifier, e.g. "-//SYNCML//DTD SyncML 1.2//EN".
std::string_view PublicIdText(Language language);

// DtdUrl returns the system id written in the DOCTYPE by ToXml (the one libwbxml writes).
std::string_view DtdUrl(Language language);

// RootNamespace returns the xmlns of the root element ("SYNCML:SYNCML1.2", "syncml:devinf",
// "syncml:dmddf1.2"), or "" when the language has none (kProv10).
std::string_view RootNamespace(Language language);

// IsSyncMl is true for the SyncML languages (1.1, 1.2): the ones with a MetInf page and <Data>.
bool IsSyncMl(Language language);

// RootElementName returns the expected root element ("SyncML", "DevInf", "MgmtTree",
// "wap-provisioningdoc").
std::string_view RootElementName(Language language);

// LanguageFromPublicId maps a numeric public id to its language; nullopt when unknown.
std::optional<Language> LanguageFromPublicId(uint32_t public_id);

// LanguageFromPublicIdText maps a formal public identifier (exact match) to its language; nullopt
// when unknown.
std::optional<Language> LanguageFromPublicIdText(std::string_view fpi);

// LanguageFromNamespace maps a root xmlns (ASCII case-insensitive, as Horde writes
// "syncml:syncml1.2") to its language; nullopt when unknown.
std::optional<Language> LanguageFromNamespace(std::string_view xmlns);

}  // namespace dmboot::wbxml

#endif  // DMBOOT_WBXML_LANGUAGE_H_
