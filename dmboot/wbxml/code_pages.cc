#include "dmboot/wbxml/code_pages.h"

#include <algorithm>
#include <utility>

#include "dmboot/wbxml/text_util.h"

namespace dmboot::wbxml::internal {
namespace {

// Token tables. Sources (docs/wbxml.md §3): the SyncML Representation Protocol 1.1 / 1.2 WBXML
// code pages (page 0 SyncML, page 1 MetInf), SyncML DevInf 1.1 / OMA DS DevInf 1.2, OMA DM TND
// 1.2 (DDF, page 2), WAP-183 ProvCont + OMA ProvCont 1.1 (PROV), cross-checked token by token
// against libwbxml 0.11.8 src/wbxml_tables.c, whose Debian build is our oracle, and against
// /work/shared/reference/oma-dm-bootstrap.md §5.4-5.8.

#define DMBOOT_SYNCML_COMMON_PAGE0                                                           \
  {"Add", 0, 0x05}, {"Alert", 0, 0x06}, {"Archive", 0, 0x07}, {"Atomic", 0, 0x08},             \
      {"Chal", 0, 0x09}, {"Cmd", 0, 0x0A}, {"CmdID", 0, 0x0B}, {"CmdRef", 0, 0x0C},           \
      {"Copy", 0, 0x0D}, {"Cred", 0, 0x0E}, {"Data", 0, 0x0F}, {"Delete", 0, 0x10},           \
      {"Exec", 0, 0x11}, {"Final", 0, 0x12}, {"Get", 0, 0x13}, {"Item", 0, 0x14},             \
      {"Lang", 0, 0x15}, {"LocName", 0, 0x16}, {"LocURI", 0, 0x17}, {"Map", 0, 0x18},         \
      {"MapItem", 0, 0x19}, {"Meta", 0, 0x1A}, {"MsgID", 0, 0x1B}, {"MsgRef", 0, 0x1C},       \
      {"NoResp", 0, 0x1D}, {"NoResults", 0, 0x1E}, {"Put", 0, 0x1F}, {"Replace", 0, 0x20},    \
      {"RespURI", 0, 0x21}, {"Results", 0, 0x22}, {"Search", 0, 0x23},                        \
      {"Sequence", 0, 0x24}, {"SessionID", 0, 0x25}, {"SftDel", 0, 0x26},                     \
      {"Source", 0, 0x27}, {"SourceRef", 0, 0x28}, {"Status", 0, 0x29}, {"Sync", 0, 0x2A},    \
      {"SyncBody", 0, 0x2B}, {"SyncHdr", 0, 0x2C}, {"SyncML", 0, 0x2D}, {"Target", 0, 0x2E},  \
      {"TargetRef", 0, 0x2F}, {"VerDTD", 0, 0x31}, {"VerProto", 0, 0x32},                     \
      {"NumberOfChanges", 0, 0x33}, {"MoreData", 0, 0x34}

#define DMBOOT_METINF_COMMON_PAGE1                                                          \
  {"Anchor", 1, 0x05}, {"EMI", 1, 0x06}, {"Format", 1, 0x07}, {"FreeID", 1, 0x08},            \
      {"FreeMem", 1, 0x09}, {"Last", 1, 0x0A}, {"Mark", 1, 0x0B}, {"MaxMsgSize", 1, 0x0C},    \
      {"Mem", 1, 0x0D}, {"MetInf", 1, 0x0E}, {"Next", 1, 0x0F}, {"NextNonce", 1, 0x10},       \
      {"SharedMem", 1, 0x11}, {"Size", 1, 0x12}, {"Type", 1, 0x13}, {"Version", 1, 0x14},     \
      {"MaxObjSize", 1, 0x15}

// SyncML 1.1. SourceParent 0x39 is a 1.2 tag that libwbxml also accepts in 1.1 (Nokia).
constexpr TagEntry kSyncMl11Tags[] = {
    DMBOOT_SYNCML_COMMON_PAGE0, {"SourceParent", 0, 0x39}, DMBOOT_METINF_COMMON_PAGE1};

// SyncML 1.2 (OMA-TS-SyncML_RepPro-V1_2 §8, OMA-TS-SyncML_MetaInfo-V1_2 §8).
constexpr TagEntry kSyncMl12Tags[] = {
    DMBOOT_SYNCML_COMMON_PAGE0,  {"Field", 0, 0x35},        {"Filter", 0, 0x36},
    {"Record", 0, 0x37},         {"FilterType", 0, 0x38},   {"SourceParent", 0, 0x39},
    {"TargetParent", 0, 0x3A},   {"Move", 0, 0x3B},         {"Correlator", 0, 0x3C},
    DMBOOT_METINF_COMMON_PAGE1,  {"FieldLevel", 1, 0x16}};

#undef DMBOOT_SYNCML_COMMON_PAGE0
#undef DMBOOT_METINF_COMMON_PAGE1

#define DMBOOT_DEVINF_COMMON                                                                 \
  {"CTCap", 0, 0x05}, {"CTType", 0, 0x06}, {"DataStore", 0, 0x07}, {"DataType", 0, 0x08},     \
      {"DevID", 0, 0x09}, {"DevInf", 0, 0x0A}, {"DevTyp", 0, 0x0B},                           \
      {"DisplayName", 0, 0x0C}, {"DSMem", 0, 0x0D}, {"Ext", 0, 0x0E}, {"FwV", 0, 0x0F},       \
      {"HwV", 0, 0x10}, {"Man", 0, 0x11}, {"MaxGUIDSize", 0, 0x12}, {"MaxID", 0, 0x13},       \
      {"MaxMem", 0, 0x14}, {"Mod", 0, 0x15}, {"OEM", 0, 0x16}, {"ParamName", 0, 0x17},        \
      {"PropName", 0, 0x18}, {"Rx", 0, 0x19}, {"Rx-Pref", 0, 0x1A}, {"SharedMem", 0, 0x1B},   \
      {"SourceRef", 0, 0x1D}, {"SwV", 0, 0x1E}, {"SyncCap", 0, 0x1F},                         \
      {"SyncType", 0, 0x20}, {"Tx", 0, 0x21}, {"Tx-Pref", 0, 0x22}, {"ValEnum", 0, 0x23},     \
      {"VerCT", 0, 0x24}, {"VerDTD", 0, 0x25}, {"XNam", 0, 0x26}, {"XVal", 0, 0x27},          \
      {"UTC", 0, 0x28}, {"SupportNumberOfChanges", 0, 0x29}, {"SupportLargeObjs", 0, 0x2A}

// SyncML DevInf 1.1 (syncml_devinf_v11 §6).
constexpr TagEntry kDevInf11Tags[] = {DMBOOT_DEVINF_COMMON, {"Size", 0, 0x1C}};

// OMA DS DevInf 1.2 (OMA-TS-DS_DevInf-V1_2 §6): 0x1C becomes MaxSize; 0x2F is unassigned.
constexpr TagEntry kDevInf12Tags[] = {
    DMBOOT_DEVINF_COMMON,       {"MaxSize", 0, 0x1C},      {"Property", 0, 0x2B},
    {"PropParam", 0, 0x2C},     {"MaxOccur", 0, 0x2D},     {"NoTruncate", 0, 0x2E},
    {"Filter-Rx", 0, 0x30},     {"FilterCap", 0, 0x31},    {"FilterKeyword", 0, 0x32},
    {"FieldLevel", 0, 0x33},    {"SupportHierarchicalSync", 0, 0x34}};

#undef DMBOOT_DEVINF_COMMON

// OMA DM DDF 1.2 / TNDS MgmtTree (OMA-TS-DM_TND-V1_2 WBXML annex), code page 2.
constexpr TagEntry kDmDdf12Tags[] = {
    {"AccessType", 2, 0x05},  {"ACL", 2, 0x06},          {"Add", 2, 0x07},
    {"b64", 2, 0x08},         {"bin", 2, 0x09},          {"bool", 2, 0x0A},
    {"chr", 2, 0x0B},         {"CaseSense", 2, 0x0C},    {"CIS", 2, 0x0D},
    {"Copy", 2, 0x0E},        {"CS", 2, 0x0F},           {"date", 2, 0x10},
    {"DDFName", 2, 0x11},     {"DefaultValue", 2, 0x12}, {"Delete", 2, 0x13},
    {"Description", 2, 0x14}, {"DFFormat", 2, 0x15},     {"DFProperties", 2, 0x16},
    {"DFTitle", 2, 0x17},     {"DFType", 2, 0x18},       {"Dynamic", 2, 0x19},
    {"Exec", 2, 0x1A},        {"float", 2, 0x1B},        {"Format", 2, 0x1C},
    {"Get", 2, 0x1D},         {"int", 2, 0x1E},          {"Man", 2, 0x1F},
    {"MgmtTree", 2, 0x20},    {"MIME", 2, 0x21},         {"Mod", 2, 0x22},
    {"Name", 2, 0x23},        {"Node", 2, 0x24},         {"node", 2, 0x25},
    {"NodeName", 2, 0x26},    {"null", 2, 0x27},         {"Occurrence", 2, 0x28},
    {"One", 2, 0x29},         {"OneOrMore", 2, 0x2A},    {"OneOrN", 2, 0x2B},
    {"Path", 2, 0x2C},        {"Permanent", 2, 0x2D},    {"Replace", 2, 0x2E},
    {"RTProperties", 2, 0x2F}, {"Scope", 2, 0x30},       {"Size", 2, 0x31},
    {"time", 2, 0x32},        {"Title", 2, 0x33},        {"TStamp", 2, 0x34},
    {"Type", 2, 0x35},        {"Value", 2, 0x36},        {"VerDTD", 2, 0x37},
    {"VerNo", 2, 0x38},       {"xml", 2, 0x39},          {"ZeroOrMore", 2, 0x3A},
    {"ZeroOrN", 2, 0x3B},     {"ZeroOrOne", 2, 0x3C}};

// PROV 1.0 (WAP-183-ProvCont §8; page 1 = OMA ProvCont 1.1 additions).
constexpr TagEntry kProv10Tags[] = {{"wap-provisioningdoc", 0, 0x05},
                                    {"characteristic", 0, 0x06},
                                    {"parm", 0, 0x07},
                                    {"characteristic", 1, 0x06},
                                    {"parm", 1, 0x07}};

constexpr AttrStartEntry kProv10AttrStarts[] = {
    {"version", "", 0, 0x45, true},
    {"version", "1.0", 0, 0x46, true},
    {"type", "", 0, 0x50, true},
    {"type", "PXLOGICAL", 0, 0x51, true},
    {"type", "PXPHYSICAL", 0, 0x52, true},
    {"type", "PORT", 0, 0x53, true},
    {"type", "VALIDITY", 0, 0x54, true},
    {"type", "NAPDEF", 0, 0x55, true},
    {"type", "BOOTSTRAP", 0, 0x56, true},
    {"type", "VENDORCONFIG", 0, 0x57, true},
    {"type", "CLIENTIDENTITY", 0, 0x58, true},
    {"type", "PXAUTHINFO", 0, 0x59, true},
    {"type", "NAPAUTHINFO", 0, 0x5A, true},
    {"type", "ACCESS", 0, 0x5B, true},
    {"type", "", 1, 0x50, true},
    {"type", "PORT", 1, 0x53, true},
    {"type", "APPLICATION", 1, 0x55, true},
    {"type", "APPADDR", 1, 0x56, true},
    {"type", "APPAUTH", 1, 0x57, true},
    {"type", "CLIENTIDENTITY", 1, 0x58, true},
    {"type", "RESOURCE", 1, 0x59, true},
    {"name", "", 0, 0x05, true},
    {"value", "", 0, 0x06, true},
    {"name", "NAME", 0, 0x07, true},
    {"name", "NAP-ADDRESS", 0, 0x08, true},
    {"name", "NAP-ADDRTYPE", 0, 0x09, true},
    {"name", "CALLTYPE", 0, 0x0A, true},
    {"name", "VALIDUNTIL", 0, 0x0B, true},
    {"name", "AUTHTYPE", 0, 0x0C, true},
    {"name", "AUTHNAME", 0, 0x0D, true},
    {"name", "AUTHSECRET", 0, 0x0E, true},
    {"name", "LINGER", 0, 0x0F, true},
    {"name", "BEARER", 0, 0x10, true},
    {"name", "NAPID", 0, 0x11, true},
    {"name", "COUNTRY", 0, 0x12, true},
    {"name", "NETWORK", 0, 0x13, true},
    {"name", "INTERNET", 0, 0x14, true},
    {"name", "PROXY-ID", 0, 0x15, true},
    {"name", "PROXY-PROVIDER-ID", 0, 0x16, true},
    {"name", "DOMAIN", 0, 0x17, true},
    {"name", "PROVURL", 0, 0x18, true},
    {"name", "PXAUTH-TYPE", 0, 0x19, true},
    {"name", "PXAUTH-ID", 0, 0x1A, true},
    {"name", "PXAUTH-PW", 0, 0x1B, true},
    {"name", "STARTPAGE", 0, 0x1C, true},
    {"name", "BASAUTH-ID", 0, 0x1D, true},
    {"name", "BASAUTH-PW", 0, 0x1E, true},
    {"name", "PUSHENABLED", 0, 0x1F, true},
    {"name", "PXADDR", 0, 0x20, true},
    {"name", "PXADDRTYPE", 0, 0x21, true},
    {"name", "TO-NAPID", 0, 0x22, true},
    {"name", "PORTNBR", 0, 0x23, true},
    {"name", "SERVICE", 0, 0x24, true},
    {"name", "LINKSPEED", 0, 0x25, true},
    {"name", "DNLINKSPEED", 0, 0x26, true},
    {"name", "LOCAL-ADDR", 0, 0x27, true},
    {"name", "LOCAL-ADDRTYPE", 0, 0x28, true},
    {"name", "CONTEXT-ALLOW", 0, 0x29, true},
    {"name", "TRUST", 0, 0x2A, true},
    {"name", "MASTER", 0, 0x2B, true},
    {"name", "SID", 0, 0x2C, true},
    {"name", "SOC", 0, 0x2D, true},
    {"name", "WSP-VERSION", 0, 0x2E, true},
    {"name", "PHYSICAL-PROXY-ID", 0, 0x2F, true},
    {"name", "CLIENT-ID", 0, 0x30, true},
    {"name", "DELIVERY-ERR-SDU", 0, 0x31, true},
    {"name", "DELIVERY-ORDER", 0, 0x32, true},
    {"name", "TRAFFIC-CLASS", 0, 0x33, true},
    {"name", "MAX-SDU-SIZE", 0, 0x34, true},
    {"name", "MAX-BITRATE-UPLINK", 0, 0x35, true},
    {"name", "MAX-BITRATE-DNLINK", 0, 0x36, true},
    {"name", "RESIDUAL-BER", 0, 0x37, true},
    {"name", "SDU-ERROR-RATIO", 0, 0x38, true},
    {"name", "TRAFFIC-HANDL-PRIO", 0, 0x39, true},
    {"name", "TRANSFER-DELAY", 0, 0x3A, true},
    {"name", "GUARANTEED-BITRATE-UPLINK", 0, 0x3B, true},
    {"name", "GUARANTEED-BITRATE-DNLINK", 0, 0x3C, true},
    {"name", "PXADDR-FQDN", 0, 0x3D, true},
    {"name", "PROXY-PW", 0, 0x3E, true},
    {"name", "PPGAUTH-TYPE", 0, 0x3F, true},
    {"name", "PULLENABLED", 0, 0x47, true},
    {"name", "DNS-ADDR", 0, 0x48, true},
    {"name", "MAX-NUM-RETRY", 0, 0x49, true},
    {"name", "FIRST-RETRY-TIMEOUT", 0, 0x4A, true},
    {"name", "REREG-THRESHOLD", 0, 0x4B, true},
    {"name", "T-BIT", 0, 0x4C, true},
    {"name", "AUTH-ENTITY", 0, 0x4E, true},
    {"name", "SPI", 0, 0x4F, true},
    {"name", "", 1, 0x05, true},
    {"value", "", 1, 0x06, true},
    {"name", "NAME", 1, 0x07, true},
    {"name", "INTERNET", 1, 0x14, true},
    {"name", "STARTPAGE", 1, 0x1C, true},
    {"name", "TO-NAPID", 1, 0x22, true},
    {"name", "PORTNBR", 1, 0x23, true},
    {"name", "SERVICE", 1, 0x24, true},
    {"name", "AACCEPT", 1, 0x2E, true},
    {"name", "AAUTHDATA", 1, 0x2F, true},
    {"name", "AAUTHLEVEL", 1, 0x30, true},
    {"name", "AAUTHNAME", 1, 0x31, true},
    {"name", "AAUTHSECRET", 1, 0x32, true},
    {"name", "AAUTHTYPE", 1, 0x33, true},
    {"name", "ADDR", 1, 0x34, true},
    {"name", "ADDRTYPE", 1, 0x35, true},
    {"name", "APPID", 1, 0x36, true},
    {"name", "APROTOCOL", 1, 0x37, true},
    {"name", "PROVIDER-ID", 1, 0x38, true},
    {"name", "TO-PROXY", 1, 0x39, true},
    {"name", "URI", 1, 0x3A, true},
    {"name", "RULE", 1, 0x3B, true},
};

constexpr AttrValueEntry kProv10AttrValues[] = {
    // ADDRTYPE
    {"IPV4", 0, 0x85, true},
    {"IPV6", 0, 0x86, true},
    {"E164", 0, 0x87, true},
    {"ALPHA", 0, 0x88, true},
    {"APN", 0, 0x89, true},
    {"SCODE", 0, 0x8A, true},
    {"TETRA-ITSI", 0, 0x8B, true},
    {"MAN", 0, 0x8C, true},
    {"IPV6", 1, 0x86, true},
    {"E164", 1, 0x87, true},
    {"ALPHA", 1, 0x88, true},
    {"APPSRV", 1, 0x8D, true},
    {"OBEX", 1, 0x8E, true},
    // CALLTYPE
    {"ANALOG-MODEM", 0, 0x90, true},
    {"V.120", 0, 0x91, true},
    {"V.110", 0, 0x92, true},
    {"X.31", 0, 0x93, true},
    {"BIT-TRANSPARENT", 0, 0x94, true},
    {"DIRECT-ASYNCHRONOUS-DATA-SERVICE", 0, 0x95, true},
    // AUTHTYPE / PXAUTH-TYPE
    {"PAP", 0, 0x9A, true},
    {"CHAP", 0, 0x9B, true},
    {"HTTP-BASIC", 0, 0x9C, true},
    {"HTTP-DIGEST", 0, 0x9D, true},
    {"WTLS-SS", 0, 0x9E, true},
    {"MD5", 0, 0x9F, true},
    // BEARER
    {"GSM-USSD", 0, 0xA2, true},
    {"GSM-SMS", 0, 0xA3, true},
    {"ANSI-136-GUTS", 0, 0xA4, true},
    {"IS-95-CDMA-SMS", 0, 0xA5, true},
    {"IS-95-CDMA-CSD", 0, 0xA6, true},
    {"IS-95-CDMA-PACKET", 0, 0xA7, true},
    {"ANSI-136-CSD", 0, 0xA8, true},
    {"ANSI-136-GPRS", 0, 0xA9, true},
    {"GSM-CSD", 0, 0xAA, true},
    {"GSM-GPRS", 0, 0xAB, true},
    {"AMPS-CDPD", 0, 0xAC, true},
    {"PDC-CSD", 0, 0xAD, true},
    {"PDC-PACKET", 0, 0xAE, true},
    {"IDEN-SMS", 0, 0xAF, true},
    {"IDEN-CSD", 0, 0xB0, true},
    {"IDEN-PACKET", 0, 0xB1, true},
    {"FLEX/REFLEX", 0, 0xB2, true},
    {"PHS-SMS", 0, 0xB3, true},
    {"PHS-CSD", 0, 0xB4, true},
    {"TRETRA-SDS", 0, 0xB5, true},
    {"TRETRA-PACKET", 0, 0xB6, true},
    {"ANSI-136-GHOST", 0, 0xB7, true},
    {"MOBITEX-MPAK", 0, 0xB8, true},
    {"CDMA2000-1X-SIMPLE-IP", 0, 0xB9, true},
    {"CDMA2000-1X-MOBILE-IP", 0, 0xBA, true},
    // LINKSPEED
    {"AUTOBAUDING", 0, 0xC5, true},
    // SERVICE
    {"CL-WSP", 0, 0xCA, true},
    {"CO-WSP", 0, 0xCB, true},
    {"CL-SEC-WSP", 0, 0xCC, true},
    {"CO-SEC-WSP", 0, 0xCD, true},
    {"CL-SEC-WTA", 0, 0xCE, true},
    {"CO-SEC-WTA", 0, 0xCF, true},
    {"OTA-HTTP-TO", 0, 0xD0, true},
    {"OTA-HTTP-TLS-TO", 0, 0xD1, true},
    {"OTA-HTTP-PO", 0, 0xD2, true},
    {"OTA-HTTP-TLS-PO", 0, 0xD3, true},
    // AUTH-ENTITY
    {"AAA", 0, 0xE0, true},
    {"HA", 0, 0xE1, true},
    // AAUTHTYPE (OMA ProvCont 1.1, page 1). libwbxml 0.11.8 as built by Debian puts these at
    // 0x80-0x83, which collide with the global EXT_T_0..LITERAL_A tokens; its PROV 1.1 build uses
    // 0x90-0x93. We decode the latter and never emit them, so libwbxml always reads our output.
    {",", 1, 0x90, false},
    {"HTTP-", 1, 0x91, false},
    {"BASIC", 1, 0x92, false},
    {"DIGEST", 1, 0x93, false},
};

// Mix folds a 64-bit hash to the 32 bits a slot keeps.
uint32_t Mix(uint64_t h) { return static_cast<uint32_t>(h ^ (h >> 29)); }

}  // namespace

uint32_t StringIndex::Hash(std::string_view first, std::string_view second) {
  // The lengths are mixed in, so ("ab", "") and ("a", "b") differ. HashText("") is 0, so
  // Hash(key, "") is Mix(HashText(key)), what the single-key Find computes.
  return Mix(HashText(first) ^ (HashText(second) * 0xC2B2AE3D27D4EB4Full));
}

void StringIndex::Build(const std::vector<std::pair<std::string_view, std::string_view>>& keys) {
  keys_ = keys;
  size_t size = 16;
  while (size < keys.size() * 4) {
    size *= 2;
  }
  slots_.assign(size, Slot{0, -1});
  mask_ = static_cast<uint32_t>(size - 1);
  for (size_t i = 0; i < keys.size(); ++i) {
    if (Find(keys[i].first, keys[i].second) >= 0) {
      continue;  // keep the first of duplicates
    }
    const uint32_t hash = Hash(keys[i].first, keys[i].second);
    uint32_t slot = hash & mask_;
    while (slots_[slot].index >= 0) {
      slot = (slot + 1) & mask_;
    }
    slots_[slot] = Slot{hash, static_cast<int32_t>(i)};
  }
}

template <typename Matches>
int32_t StringIndex::Probe(uint32_t hash, Matches matches) const {
  if (slots_.empty()) {
    return -1;
  }
  for (uint32_t slot = hash & mask_;; slot = (slot + 1) & mask_) {
    const Slot s = slots_[slot];
    if (s.index < 0) {
      return -1;
    }
    if (s.hash == hash && matches(keys_[static_cast<size_t>(s.index)])) {
      return s.index;
    }
  }
}

int32_t StringIndex::Find(std::string_view first, std::string_view second) const {
  return Probe(Hash(first, second), [&](const std::pair<std::string_view, std::string_view>& key) {
    return SameBytes(key.first, first) && SameBytes(key.second, second);
  });
}

int32_t StringIndex::Find(std::string_view key) const {
  return Probe(Mix(HashText(key)), [&](const std::pair<std::string_view, std::string_view>& k) {
    return k.second.empty() && SameBytes(k.first, key);
  });
}

CodePages::CodePages(Language language, std::span<const TagEntry> tags,
                     std::span<const AttrStartEntry> attr_starts,
                     std::span<const AttrValueEntry> attr_values)
    : language_(language), attr_start_list_(attr_starts), attr_value_list_(attr_values) {
  // Tags.
  std::vector<std::pair<std::string_view, TagCandidate>> sorted;
  sorted.reserve(tags.size());
  for (const TagEntry& e : tags) {
    DMBOOT_CHECK(e.page < kNumPages && e.token >= 0x05 && e.token <= 0x3F);
    DMBOOT_CHECK(tag_names_[e.page][e.token].empty());
    tag_names_[e.page][e.token] = e.name;
    tag_pages_[e.page] = true;
    sorted.push_back({e.name, TagCandidate{e.page, e.token}});
  }
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second.page < b.second.page;
  });
  candidates_.reserve(sorted.size());
  for (const auto& [name, candidate] : sorted) {
    if (named_tags_.empty() || named_tags_.back().name != name) {
      named_tags_.push_back(NamedTag{name, static_cast<uint32_t>(candidates_.size()), 0});
    }
    candidates_.push_back(candidate);
    ++named_tags_.back().count;
  }
  std::vector<std::pair<std::string_view, std::string_view>> tag_keys;
  tag_keys.reserve(named_tags_.size());
  for (const NamedTag& t : named_tags_) {
    tag_keys.push_back({t.name, {}});
  }
  tag_index_.Build(tag_keys);
  // Attributes.
  std::vector<std::pair<std::string_view, std::string_view>> start_keys;
  for (const AttrStartEntry& e : attr_starts) {
    if (!e.encode) {
      continue;
    }
    const int32_t found = [&] {
      for (size_t i = 0; i < start_keys.size(); ++i) {
        if (start_keys[i].first == e.name && start_keys[i].second == e.value_prefix) {
          return static_cast<int32_t>(i);
        }
      }
      return -1;
    }();
    if (found >= 0) {
      attr_start_groups_[static_cast<size_t>(found)].push_back(&e);
    } else {
      start_keys.push_back({e.name, e.value_prefix});
      attr_start_groups_.push_back({&e});
    }
  }
  attr_start_index_.Build(start_keys);
  std::vector<std::pair<std::string_view, std::string_view>> name_keys;
  for (const AttrStartEntry& e : attr_starts) {
    if (!e.encode) {
      continue;
    }
    size_t i = 0;
    while (i < name_keys.size() && name_keys[i].first != e.name) {
      ++i;
    }
    if (i == name_keys.size()) {
      name_keys.push_back({e.name, {}});
      attr_starts_by_name_.emplace_back();
    }
    attr_starts_by_name_[i].push_back(&e);
  }
  attr_name_index_.Build(name_keys);
  for (auto& list : attr_starts_by_name_) {
    std::stable_sort(list.begin(), list.end(), [](const AttrStartEntry* a, const AttrStartEntry* b) {
      return a->value_prefix.size() > b->value_prefix.size();
    });
  }
  std::vector<std::pair<std::string_view, std::string_view>> value_keys;
  for (const AttrValueEntry& e : attr_values) {
    if (!e.encode) {
      continue;
    }
    const int32_t found = [&] {
      for (size_t i = 0; i < value_keys.size(); ++i) {
        if (value_keys[i].first == e.value) {
          return static_cast<int32_t>(i);
        }
      }
      return -1;
    }();
    if (found >= 0) {
      attr_value_groups_[static_cast<size_t>(found)].push_back(&e);
    } else {
      value_keys.push_back({e.value, {}});
      attr_value_groups_.push_back({&e});
    }
  }
  attr_value_index_.Build(value_keys);
  for (auto& g : attr_start_groups_) {
    std::stable_sort(g.begin(), g.end(), [](const AttrStartEntry* a, const AttrStartEntry* b) {
      return a->page < b->page;
    });
  }
  for (auto& g : attr_value_groups_) {
    std::stable_sort(g.begin(), g.end(), [](const AttrValueEntry* a, const AttrValueEntry* b) {
      return a->page < b->page;
    });
  }
  for (const AttrStartEntry& e : attr_starts) {
    DMBOOT_CHECK(e.page < kNumPages && e.token >= 0x05 && e.token < 0x80 &&
                 (e.token < 0x40 || e.token > 0x44));
    DMBOOT_CHECK(attr_starts_[e.page][e.token] == nullptr);
    attr_starts_[e.page][e.token] = &e;
    attr_pages_[e.page] = true;
  }
  for (const AttrValueEntry& e : attr_values) {
    DMBOOT_CHECK(e.page < kNumPages && e.token >= 0x85 && (e.token < 0xC0 || e.token > 0xC4));
    DMBOOT_CHECK(attr_values_[e.page][e.token & 0x7F] == nullptr);
    attr_values_[e.page][e.token & 0x7F] = &e;
    attr_pages_[e.page] = true;
  }
  if (!tag_pages_[0]) {
    // Every document starts on tag page 0 (WAP-192 §5.8.4.7.2); a language whose tags live on
    // another page still has page 0 as a valid (empty) target of SWITCH_PAGE.
    tag_pages_[0] = true;
  }
  if (!attr_pages_[0]) {
    attr_pages_[0] = true;
  }
}

std::span<const TagCandidate> CodePages::FindTag(std::string_view name) const {
  const int32_t i = tag_index_.Find(name);
  if (i < 0) {
    return {};
  }
  const NamedTag& t = named_tags_[static_cast<size_t>(i)];
  return std::span<const TagCandidate>(candidates_).subspan(t.first, t.count);
}

const AttrStartEntry* CodePages::FindAttrStart(std::string_view name, std::string_view value,
                                               uint8_t current_page) const {
  // The whole value as prefix is the longest possible match.
  const int32_t exact = attr_start_index_.Find(name, value);
  const AttrStartEntry* best = nullptr;
  if (exact >= 0) {
    for (const AttrStartEntry* e : attr_start_groups_[static_cast<size_t>(exact)]) {
      if (best == nullptr || e->page == current_page) {
        best = e;
      }
    }
    return best;
  }
  const int32_t by_name = attr_name_index_.Find(name);
  if (by_name < 0) {
    return nullptr;
  }
  for (const AttrStartEntry* e : attr_starts_by_name_[static_cast<size_t>(by_name)]) {
    if (best != nullptr && e->value_prefix.size() < best->value_prefix.size()) {
      break;  // sorted by descending prefix length: nothing longer remains
    }
    if (value.substr(0, e->value_prefix.size()) != e->value_prefix) {
      continue;
    }
    if (best == nullptr || (e->page == current_page && best->page != current_page)) {
      best = e;
    }
  }
  return best;
}

const AttrValueEntry* CodePages::FindAttrValue(std::string_view value,
                                               uint8_t current_page) const {
  const int32_t i = attr_value_index_.Find(value);
  if (i < 0) {
    return nullptr;
  }
  const AttrValueEntry* best = nullptr;
  for (const AttrValueEntry* e : attr_value_groups_[static_cast<size_t>(i)]) {
    if (best == nullptr || e->page == current_page) {
      best = e;
    }
  }
  return best;
}

const CodePages& PagesFor(Language language) {
  static const CodePages kSyncMl11(Language::kSyncMl11, kSyncMl11Tags, {}, {});
  static const CodePages kSyncMl12(Language::kSyncMl12, kSyncMl12Tags, {}, {});
  static const CodePages kDevInf11(Language::kDevInf11, kDevInf11Tags, {}, {});
  static const CodePages kDevInf12(Language::kDevInf12, kDevInf12Tags, {}, {});
  static const CodePages kDmDdf12(Language::kDmDdf12, kDmDdf12Tags, {}, {});
  static const CodePages kProv10(Language::kProv10, kProv10Tags, kProv10AttrStarts,
                                 kProv10AttrValues);
  switch (language) {
    case Language::kSyncMl11:
      return kSyncMl11;
    case Language::kSyncMl12:
      return kSyncMl12;
    case Language::kDevInf11:
      return kDevInf11;
    case Language::kDevInf12:
      return kDevInf12;
    case Language::kDmDdf12:
      return kDmDdf12;
    case Language::kProv10:
      return kProv10;
  }
  DMBOOT_CHECK(false);
  return kSyncMl12;
}

}  // namespace dmboot::wbxml::internal
