#include "dmboot/session/dm_package.h"

#include "dmboot/wbxml/decoder.h"
#include "dmboot/wbxml/encoder.h"

namespace dmboot::session {
namespace {

using wbxml::Element;

Element TextElement(const std::string& name, const std::string& text) { return Element(name).Text(text); }

Element Header(const std::string& session_id, const std::string& target, const std::string& source,
               const std::string& loc_name) {
  Element source_el = Element("Source").Child(TextElement("LocURI", source));
  if (!loc_name.empty()) {
    source_el.Child(TextElement("LocName", loc_name));
  }
  return Element("SyncHdr")
      .Child(TextElement("VerDTD", "1.2"))
      .Child(TextElement("VerProto", "DM/1.2"))
      .Child(TextElement("SessionID", session_id))
      .Child(TextElement("MsgID", "1"))
      .Child(Element("Target").Child(TextElement("LocURI", target)))
      .Child(std::move(source_el));
}

Element DevInfoItem(const std::string& node, const std::string& value) {
  return Element("Item")
      .Child(Element("Source").Child(TextElement("LocURI", "./DevInfo/" + node)))
      .Child(Element("Meta").Child(TextElement("Format", "chr")))
      .Child(TextElement("Data", value));
}

Result<std::vector<uint8_t>> EncodeSyncMl(Element root) {
  wbxml::Document doc;
  doc.language = wbxml::Language::kSyncMl12;
  doc.root = std::move(root);
  return wbxml::Encode(doc);
}

std::string Text(const Element* parent, std::string_view child) {
  if (parent == nullptr) {
    return "";
  }
  const Element* e = parent->FindChild(child);
  return e == nullptr ? "" : e->TextContent();
}

Error NotPackage(const std::string& why) { return Fail(ErrorCode::kMalformed, "not a DM package: " + why); }

Result<wbxml::Document> DecodeSyncMl12(std::span<const uint8_t> bytes) {
  Result<wbxml::Document> doc = wbxml::Decode(bytes);
  if (!doc) {
    return doc.error();
  }
  if (doc->language != wbxml::Language::kSyncMl12 || doc->root.name != "SyncML") {
    return NotPackage("not a SyncML 1.2 message");
  }
  const Element* hdr = doc->root.FindChild("SyncHdr");
  if (hdr == nullptr || Text(hdr, "VerProto") != "DM/1.2" || doc->root.FindChild("SyncBody") == nullptr) {
    return NotPackage("no DM/1.2 SyncHdr and SyncBody");
  }
  return doc;
}

}  // namespace

Result<std::vector<uint8_t>> EncodePackage1(const Package1& p) {
  Element hdr = Header(p.session_id, p.server_uri, p.device_id, p.username);
  if (p.cred_type != DmAuthType::kHmac) {
    hdr.Child(Element("Cred")
                  .Child(Element("Meta")
                             .Child(TextElement("Format", "b64"))
                             .Child(TextElement("Type", std::string(CredTypeName(p.cred_type)))))
                  .Child(TextElement("Data", p.cred_data)));
  }
  hdr.Child(Element("Meta").Child(TextElement("MaxMsgSize", "10000")));
  Element body = Element("SyncBody")
                     .Child(Element("Alert").Child(TextElement("CmdID", "1")).Child(TextElement("Data", "1201")))
                     .Child(Element("Replace")
                                .Child(TextElement("CmdID", "2"))
                                .Child(DevInfoItem("DevId", p.dev_info.dev_id))
                                .Child(DevInfoItem("Man", p.dev_info.man))
                                .Child(DevInfoItem("Mod", p.dev_info.mod))
                                .Child(DevInfoItem("DmV", p.dev_info.dm_v))
                                .Child(DevInfoItem("Lang", p.dev_info.lang)))
                     .Child(Element("Final"));
  return EncodeSyncMl(Element("SyncML").Child(std::move(hdr)).Child(std::move(body)));
}

Result<SignedPackage1> SignPackage1(Package1 package, const DmCredential& credential) {
  package.username = credential.name;
  package.cred_type = credential.type;
  package.cred_data.clear();
  if (credential.type != DmAuthType::kHmac) {
    package.cred_data = ComputeCredData(credential);
  }
  package.dev_info.dev_id = package.device_id;
  Result<std::vector<uint8_t>> body = EncodePackage1(package);
  if (!body) {
    return body.error();
  }
  SignedPackage1 signed_package{std::move(*body), {}};
  if (credential.type == DmAuthType::kHmac) {
    signed_package.hmac_header = ComputeHmacHeader(credential, signed_package.body);
  }
  return signed_package;
}

Result<Package1> DecodePackage1(std::span<const uint8_t> bytes) {
  Result<wbxml::Document> doc = DecodeSyncMl12(bytes);
  if (!doc) {
    return doc.error();
  }
  const Element* hdr = doc->root.FindChild("SyncHdr");
  const Element* body = doc->root.FindChild("SyncBody");
  Package1 p;
  p.session_id = Text(hdr, "SessionID");
  p.server_uri = Text(hdr->FindChild("Target"), "LocURI");
  p.device_id = Text(hdr->FindChild("Source"), "LocURI");
  p.username = Text(hdr->FindChild("Source"), "LocName");
  if (p.device_id.empty()) {
    return NotPackage("no Source LocURI");
  }
  p.cred_type = DmAuthType::kHmac;
  if (const Element* cred = hdr->FindChild("Cred")) {
    const std::string type = Text(cred->FindChild("Meta"), "Type");
    if (type == CredTypeName(DmAuthType::kBasic)) {
      p.cred_type = DmAuthType::kBasic;
    } else if (type == CredTypeName(DmAuthType::kDigest)) {
      p.cred_type = DmAuthType::kDigest;
    } else {
      return Fail(ErrorCode::kUnsupported, "Cred type '" + type + "' is not supported");
    }
    p.cred_data = Text(cred, "Data");
  }
  const Element* alert = body->FindChild("Alert");
  if (alert == nullptr || Text(alert, "Data") != "1201") {
    return NotPackage("no client-initiated Alert 1201");
  }
  if (const Element* replace = body->FindChild("Replace")) {
    for (const wbxml::Node& n : replace->children) {
      if (!n.is_element() || n.element().name != "Item") {
        continue;
      }
      const std::string uri = Text(n.element().FindChild("Source"), "LocURI");
      const std::string value = Text(&n.element(), "Data");
      if (uri == "./DevInfo/DevId") {
        p.dev_info.dev_id = value;
      } else if (uri == "./DevInfo/Man") {
        p.dev_info.man = value;
      } else if (uri == "./DevInfo/Mod") {
        p.dev_info.mod = value;
      } else if (uri == "./DevInfo/DmV") {
        p.dev_info.dm_v = value;
      } else if (uri == "./DevInfo/Lang") {
        p.dev_info.lang = value;
      }
    }
  }
  return p;
}

Result<std::vector<uint8_t>> EncodePackage2(const Package2& p) {
  Element body = Element("SyncBody")
                     .Child(Element("Status")
                                .Child(TextElement("CmdID", "1"))
                                .Child(TextElement("MsgRef", "1"))
                                .Child(TextElement("CmdRef", "0"))
                                .Child(TextElement("Cmd", "SyncHdr"))
                                .Child(TextElement("TargetRef", p.server_uri))
                                .Child(TextElement("SourceRef", p.device_id))
                                .Child(TextElement("Data", std::to_string(p.header_status))))
                     .Child(Element("Final"));
  return EncodeSyncMl(Element("SyncML").Child(Header(p.session_id, p.device_id, p.server_uri, "")).Child(std::move(body)));
}

Result<Package2> DecodePackage2(std::span<const uint8_t> bytes) {
  Result<wbxml::Document> doc = DecodeSyncMl12(bytes);
  if (!doc) {
    return doc.error();
  }
  const Element* hdr = doc->root.FindChild("SyncHdr");
  const Element* status = doc->root.FindChild("SyncBody")->FindChild("Status");
  if (status == nullptr || Text(status, "Cmd") != "SyncHdr") {
    return NotPackage("no Status for the SyncHdr");
  }
  Package2 p;
  p.session_id = Text(hdr, "SessionID");
  p.device_id = Text(hdr->FindChild("Target"), "LocURI");
  p.server_uri = Text(hdr->FindChild("Source"), "LocURI");
  const std::string code = Text(status, "Data");
  char* end = nullptr;
  const long value = std::strtol(code.c_str(), &end, 10);
  if (code.empty() || *end != '\0' || value < 100 || value > 599) {
    return NotPackage("status code '" + code + "'");
  }
  p.header_status = static_cast<int>(value);
  return p;
}

}  // namespace dmboot::session
