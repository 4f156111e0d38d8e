#include "dmboot/bootstrap/bootstrap_document.h"

#include <map>

#include "dmboot/wbxml/decoder.h"
#include "dmboot/wbxml/encoder.h"
#include "dmboot/wbxml/language.h"

namespace dmboot::bootstrap {
namespace {

using wbxml::Element;

// The w7 management object type (OMA-SUP-ac_w7_dm; OMA-TS-DM_StdObj 1.2 DMAcc).
constexpr std::string_view kW7Type = "org.openmobilealliance/1.0/w7";
constexpr std::string_view kTndsWbxmlType = "application/vnd.syncml.dmtnds+wbxml";

// NodeSpec is one node of the account, its path relative to the account's root ("" = the root).
struct NodeSpec {
  std::string path;
  std::string format;  // "node", "chr", "int", "b64"
  std::string value;
};

std::string SecretText(const crypto::SecretBytes& s) {
  return std::string(s.Reveal().begin(), s.Reveal().end());
}

// W7Nodes lists the DMAcc w7 nodes of `a` in pre-order (OMA-TS-DM_StdObj 1.2 §5.3).
std::vector<NodeSpec> W7Nodes(const Account& a) {
  std::vector<NodeSpec> n = {{"", "node", ""},
                             {"AppID", "chr", "w7"},
                             {"ServerID", "chr", a.server_id},
                             {"Name", "chr", a.name}};
  if (!a.auth_pref.empty()) {
    n.push_back({"AAuthPref", "chr", a.auth_pref});
  }
  if (!a.pref_con_ref.empty()) {
    n.push_back({"PrefConRef", "chr", a.pref_con_ref});
  }
  n.push_back({"AppAddr", "node", ""});
  for (size_t i = 0; i < a.addresses.size(); ++i) {
    const std::string base = "AppAddr/A" + std::to_string(i + 1);
    n.push_back({base, "node", ""});
    n.push_back({base + "/Addr", "chr", a.addresses[i].addr});
    n.push_back({base + "/AddrType", "chr", a.addresses[i].addr_type});
    if (a.addresses[i].port) {
      n.push_back({base + "/Port", "node", ""});
      n.push_back({base + "/Port/P1", "node", ""});
      n.push_back({base + "/Port/P1/PortNbr", "chr", std::to_string(*a.addresses[i].port)});
    }
  }
  n.push_back({"AppAuth", "node", ""});
  for (const AppAuth& c : a.credentials) {
    const std::string base = std::string("AppAuth/") + (c.level == AuthLevel::kClient ? "CLI" : "SRV");
    n.push_back({base, "node", ""});
    n.push_back({base + "/AAuthLevel", "chr", std::string(AuthLevelName(c.level))});
    n.push_back({base + "/AAuthType", "chr", c.type});
    n.push_back({base + "/AAuthName", "chr", c.name});
    n.push_back({base + "/AAuthSecret", "chr", SecretText(c.secret)});
    if (!c.nonce_b64.empty()) {
      n.push_back({base + "/AAuthData", "b64", c.nonce_b64});
    }
  }
  return n;
}

// DM 1.1.2 AuthPref values (OMA DM 1.1.2 StdObj DMAcc).
std::string Dm11AuthPref(std::string_view type) {
  if (type == "BASIC" || type == "HTTP-BASIC") {
    return "syncml:auth-basic";
  }
  if (type == "DIGEST" || type == "HTTP-DIGEST") {
    return "syncml:auth-md5";
  }
  if (type == "HMAC") {
    return "syncml:auth-MAC";
  }
  return std::string(type);
}

std::string W7AuthType(std::string_view dm11) {
  if (dm11 == "syncml:auth-basic") {
    return "BASIC";
  }
  if (dm11 == "syncml:auth-md5") {
    return "DIGEST";
  }
  if (dm11 == "syncml:auth-MAC") {
    return "HMAC";
  }
  return std::string(dm11);
}

// Dm11Nodes lists the DM 1.1.2 DMAcc leaves (one client and one server credential).
std::vector<NodeSpec> Dm11Nodes(const Account& a) {
  std::vector<NodeSpec> n = {{"", "node", ""}, {"Addr", "chr", a.addresses[0].addr},
                             {"AddrType", "int", a.addresses[0].addr_type == "URI" ? "1" : "2"}};
  if (a.addresses[0].port) {
    n.push_back({"PortNbr", "int", std::to_string(*a.addresses[0].port)});
  }
  if (!a.pref_con_ref.empty()) {
    n.push_back({"ConRef", "chr", a.pref_con_ref});
  }
  n.push_back({"ServerId", "chr", a.server_id});
  if (const AppAuth* s = a.ServerCredential()) {
    n.push_back({"ServerPW", "chr", SecretText(s->secret)});
    if (!s->nonce_b64.empty()) {
      n.push_back({"ServerNonce", "b64", s->nonce_b64});
    }
  }
  const AppAuth* c = a.ClientCredential();
  n.push_back({"UserName", "chr", c->name});
  n.push_back({"ClientPW", "chr", SecretText(c->secret)});
  if (!c->nonce_b64.empty()) {
    n.push_back({"ClientNonce", "b64", c->nonce_b64});
  }
  n.push_back({"AuthPref", "chr", Dm11AuthPref(a.auth_pref.empty() ? c->type : a.auth_pref)});
  n.push_back({"Name", "chr", a.name});
  return n;
}

Element TextElement(const std::string& name, const std::string& text) {
  return Element(name).Text(text);
}

Element SyncHdr(const MessageHeader& h, const Account& a, bool dm11) {
  return Element("SyncHdr")
      .Child(TextElement("VerDTD", dm11 ? "1.1" : "1.2"))
      .Child(TextElement("VerProto", dm11 ? "DM/1.1" : "DM/1.2"))
      .Child(TextElement("SessionID", h.session_id))
      .Child(TextElement("MsgID", h.msg_id))
      .Child(Element("Target").Child(TextElement("LocURI", h.device_id)))
      .Child(Element("Source").Child(TextElement("LocURI", a.server_id)));
}

Element Meta(const std::string& format, std::string_view type) {
  Element meta = Element("Meta").Child(TextElement("Format", format));
  if (!type.empty()) {
    meta.Child(TextElement("Type", std::string(type)));
  }
  return meta;
}

Element AddItem(const std::string& loc_uri, const NodeSpec& node, std::string_view type) {
  Element item = Element("Item")
                     .Child(Element("Target").Child(TextElement("LocURI", loc_uri)))
                     .Child(Meta(node.format, type));
  if (node.format != "node") {
    item.Child(TextElement("Data", node.value));
  }
  return item;
}

// AddsUnder builds Add 1 (the root node, typed) and Add 2 (every other node) under `root`.
std::vector<Element> AddsUnder(const std::string& root, const std::vector<NodeSpec>& nodes,
                               std::string_view root_type) {
  Element first = Element("Add").Child(TextElement("CmdID", "1"));
  first.Child(AddItem(root, nodes[0], root_type));
  Element second = Element("Add").Child(TextElement("CmdID", "2"));
  for (size_t i = 1; i < nodes.size(); ++i) {
    second.Child(AddItem(root + "/" + nodes[i].path, nodes[i], ""));
  }
  return {std::move(first), std::move(second)};
}

// TndsNode builds the TNDS <Node> for `nodes[index]` and its descendants (OMA-TS-DM_TND 1.2 §6).
Element TndsNode(const std::vector<NodeSpec>& nodes, size_t index, const std::string& node_name) {
  const NodeSpec& spec = nodes[index];
  Element rt = Element("RTProperties").Child(Element("Format").Child(Element(spec.format)));
  if (index == 0) {
    rt.Child(Element("Type").Child(TextElement("DDFName", std::string(kW7Type))));
  }
  Element node = Element("Node").Child(TextElement("NodeName", node_name)).Child(std::move(rt));
  if (spec.format != "node") {
    node.Child(TextElement("Value", spec.value));
    return node;
  }
  const std::string prefix = spec.path.empty() ? "" : spec.path + "/";
  for (size_t i = index + 1; i < nodes.size(); ++i) {
    const std::string& p = nodes[i].path;
    if (p.size() > prefix.size() && p.compare(0, prefix.size(), prefix) == 0 &&
        p.find('/', prefix.size()) == std::string::npos) {
      node.Child(TndsNode(nodes, i, p.substr(prefix.size())));
    }
  }
  return node;
}

Result<std::vector<uint8_t>> EncodeTnds(const Account& a) {
  wbxml::Document tnds;
  tnds.language = wbxml::Language::kDmDdf12;
  tnds.root = Element("MgmtTree").Child(TextElement("VerDTD", "1.2")).Child(TndsNode(W7Nodes(a), 0, a.node_name));
  // DM DDF has no registered public id number: the literal form is the only one.
  return wbxml::Encode(tnds, {.version = wbxml::Version::k12,
                              .string_table = true,
                              .public_id = wbxml::PublicIdForm::kLiteral,
                              .data = wbxml::DataEncoding::kString});
}

Element CpParm(const std::string& name, const std::string& value) {
  return Element("parm").Attr("name", name).Attr("value", value);
}

// CpDocument builds the w7 APPLICATION characteristic (OMA-SUP-ac_w7_dm).
Element CpDocument(const Account& a) {
  Element app = Element("characteristic").Attr("type", "APPLICATION");
  app.Child(CpParm("APPID", "w7")).Child(CpParm("PROVIDER-ID", a.server_id)).Child(CpParm("NAME", a.name));
  if (!a.auth_pref.empty()) {
    app.Child(CpParm("AAUTHPREF", a.auth_pref));
  }
  if (!a.pref_con_ref.empty()) {
    app.Child(CpParm("TO-NAPID", a.pref_con_ref));
  }
  for (const AppAddr& addr : a.addresses) {
    Element app_addr = Element("characteristic").Attr("type", "APPADDR");
    app_addr.Child(CpParm("ADDR", addr.addr)).Child(CpParm("ADDRTYPE", addr.addr_type));
    if (addr.port) {
      app_addr.Child(Element("characteristic").Attr("type", "PORT").Child(CpParm("PORTNBR", std::to_string(*addr.port))));
    }
    app.Child(std::move(app_addr));
  }
  for (const AppAuth& c : a.credentials) {
    Element auth = Element("characteristic").Attr("type", "APPAUTH");
    auth.Child(CpParm("AAUTHLEVEL", c.level == AuthLevel::kClient ? "APPSRV" : "CLIENT"))
        .Child(CpParm("AAUTHTYPE", c.type))
        .Child(CpParm("AAUTHNAME", c.name))
        .Child(CpParm("AAUTHSECRET", SecretText(c.secret)));
    if (!c.nonce_b64.empty()) {
      auth.Child(CpParm("AAUTHDATA", c.nonce_b64));
    }
    app.Child(std::move(auth));
  }
  return Element("wap-provisioningdoc").Attr("version", "1.0").Child(std::move(app));
}

// ---- Device side: reading an account back. ----

// Values maps a node path relative to the account root to its value; "" holds the root's type.
using Values = std::map<std::string, std::string>;

Error NotAnAccount(const std::string& why) {
  return Fail(ErrorCode::kMalformed, "bootstrap does not create a w7 account: " + why);
}

std::string ChildText(const Element& e, std::string_view name) {
  const Element* child = e.FindChild(name);
  return child == nullptr ? std::string() : child->TextContent();
}

void CollectTnds(const Element& node, const std::string& path, Values& out) {
  const Element* rt = node.FindChild("RTProperties");
  if (path.empty() && rt != nullptr) {
    if (const Element* type = rt->FindChild("Type")) {
      out[""] = ChildText(*type, "DDFName");
    }
  }
  if (const Element* value = node.FindChild("Value")) {
    out[path] = value->TextContent();
  }
  for (const wbxml::Node& child : node.children) {
    if (child.is_element() && child.element().name == "Node") {
      const std::string name = ChildText(child.element(), "NodeName");
      CollectTnds(child.element(), path.empty() ? name : path + "/" + name, out);
    }
  }
}

const std::string* Find(const Values& v, const std::string& key) {
  auto it = v.find(key);
  return it == v.end() ? nullptr : &it->second;
}

Result<Account> AccountFromW7(const std::string& node_name, const Values& v) {
  const std::string* type = Find(v, "");
  if (type != nullptr && *type != kW7Type) {
    return NotAnAccount("management object type is '" + *type + "'");
  }
  const std::string* app_id = Find(v, "AppID");
  if (app_id == nullptr || *app_id != "w7") {
    return NotAnAccount("AppID is not w7");
  }
  Account a;
  a.node_name = node_name;
  auto text = [&](const std::string& key) {
    const std::string* s = Find(v, key);
    return s == nullptr ? std::string() : *s;
  };
  a.server_id = text("ServerID");
  a.name = text("Name");
  a.auth_pref = text("AAuthPref");
  a.pref_con_ref = text("PrefConRef");
  for (const auto& [path, value] : v) {
    if (path.rfind("AppAddr/", 0) == 0 && path.size() > 5 && path.compare(path.size() - 5, 5, "/Addr") == 0) {
      const std::string base = path.substr(0, path.size() - 5);
      AppAddr addr;
      addr.addr = value;
      addr.addr_type = text(base + "/AddrType");
      for (const auto& [p2, v2] : v) {
        if (p2.rfind(base + "/Port/", 0) == 0 && p2.size() > 8 && p2.compare(p2.size() - 8, 8, "/PortNbr") == 0) {
          char* end = nullptr;
          const long port = std::strtol(v2.c_str(), &end, 10);
          if (v2.empty() || *end != '\0' || port < 1 || port > 65535) {
            return Fail(ErrorCode::kInvalidArgument, "bootstrap PortNbr '" + v2 + "' is not a port");
          }
          addr.port = static_cast<uint16_t>(port);
          break;
        }
      }
      a.addresses.push_back(std::move(addr));
    }
    if (path.rfind("AppAuth/", 0) == 0 && path.size() > 11 && path.compare(path.size() - 11, 11, "/AAuthLevel") == 0) {
      const std::string base = path.substr(0, path.size() - 11);
      AppAuth c;
      if (value == "CLCRED") {
        c.level = AuthLevel::kClient;
      } else if (value == "SRVCRED") {
        c.level = AuthLevel::kServer;
      } else {
        continue;  // OBJCRED and others are not used by a bootstrap
      }
      c.type = text(base + "/AAuthType");
      c.name = text(base + "/AAuthName");
      c.secret = crypto::SecretBytes::FromText(text(base + "/AAuthSecret"));
      c.nonce_b64 = text(base + "/AAuthData");
      a.credentials.push_back(std::move(c));
    }
  }
  return a;
}

Result<Account> AccountFromDm11(const std::string& node_name, const Values& v) {
  auto text = [&](const std::string& key) {
    const std::string* s = Find(v, key);
    return s == nullptr ? std::string() : *s;
  };
  Account a;
  a.node_name = node_name;
  a.server_id = text("ServerId");
  a.name = text("Name");
  a.pref_con_ref = text("ConRef");
  AppAddr addr;
  addr.addr = text("Addr");
  addr.addr_type = text("AddrType") == "1" ? "URI" : "IPv4";
  if (const std::string* port = Find(v, "PortNbr")) {
    char* end = nullptr;
    const long p = std::strtol(port->c_str(), &end, 10);
    if (port->empty() || *end != '\0' || p < 1 || p > 65535) {
      return Fail(ErrorCode::kInvalidArgument, "bootstrap PortNbr '" + *port + "' is not a port");
    }
    addr.port = static_cast<uint16_t>(p);
  }
  a.addresses.push_back(std::move(addr));
  const std::string auth_type = W7AuthType(text("AuthPref"));
  a.auth_pref = auth_type;
  AppAuth client{.level = AuthLevel::kClient, .type = auth_type, .name = text("UserName"),
                 .secret = crypto::SecretBytes::FromText(text("ClientPW")), .nonce_b64 = text("ClientNonce")};
  a.credentials.push_back(std::move(client));
  if (Find(v, "ServerPW") != nullptr) {
    AppAuth server{.level = AuthLevel::kServer, .type = auth_type, .name = a.server_id,
                   .secret = crypto::SecretBytes::FromText(text("ServerPW")), .nonce_b64 = text("ServerNonce")};
    a.credentials.push_back(std::move(server));
  }
  return a;
}

std::string ParmValue(const Element& characteristic, std::string_view name) {
  for (const wbxml::Node& child : characteristic.children) {
    if (child.is_element() && child.element().name == "parm") {
      const std::string* n = child.element().FindAttribute("name");
      const std::string* value = child.element().FindAttribute("value");
      if (n != nullptr && *n == name) {
        return value == nullptr ? std::string() : *value;
      }
    }
  }
  return "";
}

Result<Account> AccountFromCp(const Element& root) {
  const Element* app = nullptr;
  for (const wbxml::Node& child : root.children) {
    if (child.is_element() && child.element().name == "characteristic") {
      const std::string* type = child.element().FindAttribute("type");
      if (type != nullptr && *type == "APPLICATION" && ParmValue(child.element(), "APPID") == "w7") {
        if (app != nullptr) {
          return NotAnAccount("more than one w7 APPLICATION characteristic");
        }
        app = &child.element();
      }
    }
  }
  if (app == nullptr) {
    return NotAnAccount("no APPLICATION characteristic with APPID w7");
  }
  Account a;
  a.server_id = ParmValue(*app, "PROVIDER-ID");
  a.node_name = a.server_id;
  for (char& c : a.node_name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    c = ok ? c : '_';
  }
  a.name = ParmValue(*app, "NAME");
  a.auth_pref = ParmValue(*app, "AAUTHPREF");
  a.pref_con_ref = ParmValue(*app, "TO-NAPID");
  for (const wbxml::Node& child : app->children) {
    if (!child.is_element() || child.element().name != "characteristic") {
      continue;
    }
    const Element& c = child.element();
    const std::string* type = c.FindAttribute("type");
    if (type != nullptr && *type == "APPADDR") {
      AppAddr addr{.addr = ParmValue(c, "ADDR"), .addr_type = ParmValue(c, "ADDRTYPE"), .port = std::nullopt};
      if (addr.addr_type.empty()) {
        addr.addr_type = "URI";
      }
      for (const wbxml::Node& port : c.children) {
        if (port.is_element() && port.element().name == "characteristic") {
          const std::string nbr = ParmValue(port.element(), "PORTNBR");
          char* end = nullptr;
          const long p = std::strtol(nbr.c_str(), &end, 10);
          if (nbr.empty() || *end != '\0' || p < 1 || p > 65535) {
            return Fail(ErrorCode::kInvalidArgument, "bootstrap PORTNBR '" + nbr + "' is not a port");
          }
          addr.port = static_cast<uint16_t>(p);
        }
      }
      a.addresses.push_back(std::move(addr));
    } else if (type != nullptr && *type == "APPAUTH") {
      const std::string level = ParmValue(c, "AAUTHLEVEL");
      AppAuth auth;
      if (level == "APPSRV") {
        auth.level = AuthLevel::kClient;
      } else if (level == "CLIENT") {
        auth.level = AuthLevel::kServer;
      } else {
        continue;
      }
      auth.type = ParmValue(c, "AAUTHTYPE");
      auth.name = ParmValue(c, "AAUTHNAME");
      auth.secret = crypto::SecretBytes::FromText(ParmValue(c, "AAUTHSECRET"));
      auth.nonce_b64 = ParmValue(c, "AAUTHDATA");
      a.credentials.push_back(std::move(auth));
    }
  }
  return a;
}

Result<Account> AccountFromSyncMl(const wbxml::Document& d) {
  const Element* body = d.root.FindChild("SyncBody");
  if (body == nullptr) {
    return NotAnAccount("no SyncBody");
  }
  const bool dm11 = d.language == wbxml::Language::kSyncMl11;
  const std::string root_prefix = dm11 ? "./SyncML/DMAcc/" : "./DMAcc/";
  std::string node_name;
  Values values;
  for (const wbxml::Node& command : body->children) {
    if (!command.is_element() || command.element().name == "Final") {
      continue;
    }
    if (command.element().name != "Add") {
      return NotAnAccount("command <" + command.element().name + "> in a bootstrap");
    }
    for (const wbxml::Node& item_node : command.element().children) {
      if (!item_node.is_element() || item_node.element().name != "Item") {
        continue;
      }
      const Element& item = item_node.element();
      const Element* target = item.FindChild("Target");
      const std::string uri = target == nullptr ? std::string() : ChildText(*target, "LocURI");
      const Element* data = item.FindChild("Data");
      if (!dm11 && uri == "./Inbox") {
        if (data == nullptr || data->children.size() != 1 || !data->children[0].is_opaque()) {
          return NotAnAccount("the ./Inbox Add carries no embedded WBXML TNDS");
        }
        Result<wbxml::Document> tnds = wbxml::Decode(data->children[0].opaque(),
                                                     {.language = wbxml::Language::kDmDdf12});
        if (!tnds) {
          return Fail(tnds.error().code, "embedded TNDS: " + tnds.error().message);
        }
        const Element* node = nullptr;
        for (const wbxml::Node& n : tnds->root.children) {
          if (n.is_element() && n.element().name == "Node") {
            if (node != nullptr) {
              return NotAnAccount("the TNDS holds more than one top-level node");
            }
            node = &n.element();
          }
        }
        if (node == nullptr) {
          return NotAnAccount("the TNDS holds no node");
        }
        node_name = ChildText(*node, "NodeName");
        CollectTnds(*node, "", values);
        continue;
      }
      if (uri.rfind(root_prefix, 0) != 0 || uri.size() == root_prefix.size()) {
        return NotAnAccount("Add target '" + uri + "' is outside " + root_prefix);
      }
      const std::string rest = uri.substr(root_prefix.size());
      const size_t slash = rest.find('/');
      const std::string name = rest.substr(0, slash);
      if (!node_name.empty() && name != node_name) {
        return NotAnAccount("nodes of two accounts ('" + node_name + "', '" + name + "')");
      }
      node_name = name;
      const std::string path = slash == std::string::npos ? "" : rest.substr(slash + 1);
      if (path.empty()) {
        if (const Element* meta = item.FindChild("Meta")) {
          const std::string type = ChildText(*meta, "Type");
          if (!type.empty()) {
            values[""] = type;
          }
        }
      } else if (data != nullptr) {
        values[path] = data->TextContent();
      }
    }
  }
  if (node_name.empty()) {
    return NotAnAccount("no account node");
  }
  return dm11 ? AccountFromDm11(node_name, values) : AccountFromW7(node_name, values);
}

}  // namespace

Result<Profile> ParseProfile(std::string_view name) {
  if (name == "dm12") {
    return Profile::kDm12Inbox;
  }
  if (name == "dm12-dmacc") {
    return Profile::kDm12DmAcc;
  }
  if (name == "dm11") {
    return Profile::kDm11;
  }
  if (name == "cp") {
    return Profile::kCp;
  }
  return Fail(ErrorCode::kInvalidArgument,
              "profile '" + std::string(name) + "' must be dm12, dm12-dmacc, dm11 or cp");
}

std::string_view ProfileName(Profile profile) {
  switch (profile) {
    case Profile::kDm12Inbox:
      return "dm12";
    case Profile::kDm12DmAcc:
      return "dm12-dmacc";
    case Profile::kDm11:
      return "dm11";
    case Profile::kCp:
      return "cp";
  }
  return "?";
}

BootstrapMedia MediaOfProfile(Profile profile) {
  return profile == Profile::kCp ? BootstrapMedia::kCp : BootstrapMedia::kDm;
}

Result<wbxml::Document> BuildBootstrapDocument(const Account& account, Profile profile,
                                               const MessageHeader& header) {
  Result<void> valid = ValidateAccount(account);
  if (!valid) {
    return valid.error();
  }
  wbxml::Document doc;
  if (profile == Profile::kCp) {
    doc.language = wbxml::Language::kProv10;
    doc.root = CpDocument(account);
    return doc;
  }
  if (header.device_id.empty() || header.device_id.size() > 255) {
    return Fail(ErrorCode::kInvalidArgument, "a DM bootstrap needs a device id (the SyncHdr Target)");
  }
  for (char c : header.device_id) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      return Fail(ErrorCode::kInvalidArgument, "device id has a space or control character");
    }
  }
  const bool dm11 = profile == Profile::kDm11;
  doc.language = dm11 ? wbxml::Language::kSyncMl11 : wbxml::Language::kSyncMl12;
  Element body("SyncBody");
  switch (profile) {
    case Profile::kDm12Inbox: {
      Result<std::vector<uint8_t>> tnds = EncodeTnds(account);
      if (!tnds) {
        return tnds.error();
      }
      body.Child(Element("Add")
                     .Child(TextElement("CmdID", "1"))
                     .Child(Element("Item")
                                .Child(Element("Target").Child(TextElement("LocURI", "./Inbox")))
                                .Child(Meta("xml", kTndsWbxmlType))
                                .Child(Element("Data").Opaque(std::move(tnds).value()))));
      break;
    }
    case Profile::kDm12DmAcc:
      for (Element& add : AddsUnder("./DMAcc/" + account.node_name, W7Nodes(account), kW7Type)) {
        body.Child(std::move(add));
      }
      break;
    case Profile::kDm11:
      for (Element& add : AddsUnder("./SyncML/DMAcc/" + account.node_name, Dm11Nodes(account), "")) {
        body.Child(std::move(add));
      }
      break;
    case Profile::kCp:
      break;
  }
  body.Child(Element("Final"));
  doc.root = Element("SyncML").Child(SyncHdr(header, account, dm11)).Child(std::move(body));
  return doc;
}

Result<std::vector<uint8_t>> BuildBootstrapWbxml(const Account& account, Profile profile,
                                                 const MessageHeader& header) {
  Result<wbxml::Document> doc = BuildBootstrapDocument(account, profile, header);
  if (!doc) {
    return doc.error();
  }
  return wbxml::Encode(*doc, {.version = wbxml::Version::k12,
                              .string_table = true,
                              .public_id = wbxml::PublicIdForm::kNumeric,
                              .data = wbxml::DataEncoding::kString});
}

Result<Account> ExtractAccount(const wbxml::Document& document) {
  Result<Account> account = Fail(ErrorCode::kInternal, "");
  switch (document.language) {
    case wbxml::Language::kSyncMl11:
    case wbxml::Language::kSyncMl12:
      account = AccountFromSyncMl(document);
      break;
    case wbxml::Language::kProv10:
      account = AccountFromCp(document.root);
      break;
    case wbxml::Language::kDevInf11:
    case wbxml::Language::kDevInf12:
    case wbxml::Language::kDmDdf12:
      return NotAnAccount("document language is " + std::string(wbxml::LanguageName(document.language)));
  }
  if (!account) {
    return account.error();
  }
  Result<void> valid = ValidateAccount(*account);
  if (!valid) {
    return valid.error();
  }
  return account;
}

}  // namespace dmboot::bootstrap
