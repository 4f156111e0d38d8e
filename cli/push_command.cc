// `dmboot push encode|decode|verify`: WAP Push over SMS or UDP (issue #5). The WSP/SMS/pcap codecs
// are dmboot::push; the SEC names, keys and MAC come from dmboot::bootstrap.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/credential_flags.h"
#include "cli/io.h"
#include "dmboot/bootstrap/bootstrap_mac.h"
#include "dmboot/bootstrap/content_type.h"
#include "dmboot/bootstrap/credentials.h"
#include "dmboot/bootstrap/security_type.h"
#include "dmboot/bootstrap/verifier.h"
#include "cli/hex_flag.h"
#include "dmboot/core/hex.h"
#include "dmboot/provision/bootstrap_push.h"
#include "dmboot/push/pcap.h"
#include "dmboot/push/sms.h"
#include "dmboot/push/udp.h"
#include "dmboot/push/wsp_push.h"

namespace dmboot::cli {
namespace {

using bootstrap::BootstrapMedia;
using bootstrap::SecurityType;

// The fixed service-centre time stamp of the SMS-DELIVERs dmboot writes into pcaps, so that the
// same input always gives the same file.
constexpr push::SmsTimestamp kPcapTimestamp{26, 1, 1, 0, 0, 0, 0};

// Media returns the bootstrap family of a push's media, if it is one.
std::optional<BootstrapMedia> FamilyOf(const push::WspContentType& ct) {
  Result<BootstrapMedia> media = bootstrap::ParseMediaType(ct.media);
  return media ? std::optional<BootstrapMedia>(*media) : std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// push encode

struct EncodeFlags {
  std::string input;
  std::string sec;
  std::vector<std::string> macs;
  std::string media = "dm";
  std::string app_id;
  std::string bearer = "sms";
  unsigned ref = 0;
  bool ref16 = false;
  std::string originator = "+15551230000";
  std::string sms_type = "deliver";
  unsigned tid = 1;
  std::string pcap;
  CredentialFlags credentials;
};

Result<uint32_t> ParseNumber(const std::string& flag, const std::string& text) {
  if (text.empty()) {
    return Fail(ErrorCode::kInvalidArgument, flag + " is empty");
  }
  size_t i = 0;
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    i = 2;
  }
  uint64_t value = 0;
  for (; i < text.size(); ++i) {
    int d = base == 16 ? HexDigitValue(text[i]) : (std::isdigit(static_cast<unsigned char>(text[i])) ? text[i] - '0' : -1);
    if (d < 0) {
      return Fail(ErrorCode::kInvalidArgument, flag + " '" + text + "' is not a number");
    }
    value = value * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
    if (value > UINT32_MAX) {
      return Fail(ErrorCode::kInvalidArgument, flag + " '" + text + "' is out of range");
    }
  }
  return static_cast<uint32_t>(value);
}

Result<void> RunEncode(const EncodeFlags& f) {
  Result<std::vector<uint8_t>> body = ReadInput(f.input);
  if (!body) {
    return body.error();
  }
  push::WspPush wsp;
  if (f.tid > 0xFF) {
    return Fail(ErrorCode::kInvalidArgument, "--tid must be 0..255");
  }
  wsp.tid = static_cast<uint8_t>(f.tid);
  wsp.body = *body;

  // Media: the short names, else a media type (its well-known code when it has one).
  std::optional<BootstrapMedia> family;
  if (f.media == "dm") {
    wsp.content_type.media_code = push::kMediaDmWbxml;
    family = BootstrapMedia::kDm;
  } else if (f.media == "cp") {
    wsp.content_type.media_code = push::kMediaConnectivityWbxml;
    family = BootstrapMedia::kCp;
  } else if (f.media == "gpi") {
    wsp.content_type.media = std::string(push::kMediaGbaPushInfo);
  } else {
    wsp.content_type.media_code = push::WellKnownMediaCode(f.media);
    if (!wsp.content_type.media_code) {
      wsp.content_type.media = f.media;
    }
  }
  if (wsp.content_type.media_code) {
    wsp.content_type.media = std::string(push::WellKnownMediaName(*wsp.content_type.media_code));
    if (!family) {
      family = FamilyOf(wsp.content_type);
    }
  }

  // Application id: syncml.dm by default for DM media (OMA DM bootstrap over WAP Push); none for CP
  // (CP pushes carry none, oma-dm-bootstrap.md §2.5) and others; "none" omits it.
  std::string app_id = f.app_id;
  if (app_id.empty()) {
    app_id = family == BootstrapMedia::kDm ? "syncml.dm" : "none";
  }
  if (app_id != "none") {
    push::WspApplicationId id;
    if (std::optional<uint32_t> known = push::ApplicationIdCode(app_id)) {
      id.code = *known;
    } else if (!app_id.empty() && std::isdigit(static_cast<unsigned char>(app_id[0]))) {
      Result<uint32_t> code = ParseNumber("--app-id", app_id);
      if (!code) {
        return code.error();
      }
      id.code = *code;
    } else {
      id.uri = app_id;
    }
    wsp.application_id = id;
  }

  // SEC and MAC as docs/push.md puts them on the wire.
  if (!f.sec.empty()) {
    Result<SecurityType> type =
        bootstrap::ParseSecurityType(family.value_or(BootstrapMedia::kDm), f.sec);
    if (!type) {
      return Fail(type.error().code == ErrorCode::kRefused ? ErrorCode::kInvalidArgument
                                                           : type.error().code,
                  "--sec: " + type.error().message);
    }
    wsp.content_type.sec = provision::WspSecOf(*type);
    if (!f.macs.empty()) {
      for (std::string mac : f.macs) {
        for (char& c : mac) {
          c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        wsp.content_type.macs.push_back(std::move(mac));
      }
    } else if (*type != SecurityType::kCpUserPinMac) {
      // USERPINMAC carries no MAC: the user holds m (OMA PROVBOOT 1.1).
      Result<bootstrap::BootstrapCredentials> credentials = ToCredentials(f.credentials);
      if (!credentials) {
        return credentials.error();
      }
      Result<std::string> mac = bootstrap::ComputeBootstrapMac(*type, *credentials, wsp.body);
      if (!mac) {
        return mac.error();
      }
      wsp.content_type.macs = {*mac};
    }
  } else if (!f.macs.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "--mac needs --sec");
  }

  Result<std::vector<uint8_t>> pdu = push::EncodeWspPush(wsp);
  if (!pdu) {
    return pdu.error();
  }
  std::string text;
  std::vector<uint8_t> pcap;
  if (f.bearer == "udp") {
    text = HexEncode(*pdu) + "\n";
    if (!f.pcap.empty()) {
      Result<std::vector<uint8_t>> packet = push::EncodeIpv4Udp(push::WspPushDatagram(*pdu));
      if (!packet) {
        return packet.error();
      }
      pcap = push::UdpPcap({*packet});
    }
  } else if (f.bearer == "sms") {
    if (f.ref > (f.ref16 ? 0xFFFFu : 0xFFu)) {
      return Fail(ErrorCode::kInvalidArgument,
                  "--ref " + std::to_string(f.ref) + " does not fit the reference (use --ref16)");
    }
    Result<std::vector<push::SmsUserData>> segments = push::SegmentForSms(
        *pdu, push::SegmentOptions{{}, static_cast<uint16_t>(f.ref), f.ref16});
    if (!segments) {
      return segments.error();
    }
    for (const push::SmsUserData& segment : *segments) {
      Result<std::vector<uint8_t>> ud = push::EncodeUserData(segment);
      if (!ud) {
        return ud.error();
      }
      text += HexEncode(*ud) + "\n";
    }
    push::SmsTpdu like;
    if (f.sms_type == "submit") {
      like.type = push::SmsTpduType::kSubmit;
    } else if (f.sms_type != "deliver") {
      return Fail(ErrorCode::kInvalidArgument, "--sms-type must be deliver or submit");
    }
    like.address = f.originator;
    like.timestamp = kPcapTimestamp;
    Result<std::vector<std::vector<uint8_t>>> tpdus = push::EncodeSmsTpdus(*segments, like);
    if (!tpdus) {
      return Fail(tpdus.error().code, "--originator: " + tpdus.error().message);
    }
    if (!f.pcap.empty()) {
      pcap = push::SmsPcap(*tpdus);
    }
  } else {
    return Fail(ErrorCode::kInvalidArgument, "--bearer must be sms or udp");
  }
  if (!f.pcap.empty()) {
    Result<void> written = WriteOutput(f.pcap, pcap);
    if (!written) {
      return written;
    }
  }
  return WriteText("-", text);
}

// ---------------------------------------------------------------------------------------------
// push decode / verify: inputs

struct InputFlags {
  std::vector<std::string> hex;
  std::vector<std::string> tpdu;
  std::string pcap;
  std::string wsp;
  std::string originator;
};

void AddInputFlags(CLI::App* app, InputFlags& in) {
  app->add_option("--hex", in.hex, "TP-User-Data (UDH + payload) of one SMS, hex; repeat per SMS");
  app->add_option("--tpdu", in.tpdu, "one SMS-DELIVER or SMS-SUBMIT TPDU, hex; repeat per SMS");
  app->add_option("--pcap", in.pcap, "a pcap of UDP pushes or exported gsm_sms PDUs");
  app->add_option("--wsp", in.wsp, "a file holding one WSP push PDU (binary or hex), - for stdin");
  app->add_option("--originator", in.originator, "originator of the --hex segments");
}

// Received is one WSP PDU and how it came.
struct Received {
  std::string bearer;  // "sms", "udp" or "wsp"
  std::string originator;
  size_t segments = 0;
  std::optional<push::SmsPorts> ports;
  std::vector<uint8_t> pdu;
};

class Collector {
 public:
  Result<void> AddUserData(const std::string& originator, std::span<const uint8_t> ud,
                           bool has_udh) {
    Result<push::SmsUserData> segment = push::DecodeUserData(ud, has_udh);
    if (!segment) {
      return Fail(segment.error().code,
                  "SMS " + std::to_string(num_sms_ + 1) + ": " + segment.error().message);
    }
    ++num_sms_;
    Result<std::optional<push::WdpDatagram>> done = reassembler_.Add(originator, *segment, 0);
    if (!done) {
      return Fail(done.error().code,
                  "SMS " + std::to_string(num_sms_) + ": " + done.error().message);
    }
    if (done->has_value()) {
      push::WdpDatagram& d = **done;
      out_.push_back(Received{"sms", d.originator, d.num_segments, d.ports, std::move(d.payload)});
    }
    return Ok();
  }

  Result<void> AddTpdu(std::span<const uint8_t> bytes) {
    Result<push::SmsTpdu> tpdu = push::DecodeSmsTpdu(bytes);
    if (!tpdu) {
      return Fail(tpdu.error().code,
                  "TPDU " + std::to_string(num_sms_ + 1) + ": " + tpdu.error().message);
    }
    return AddUserData(tpdu->address, tpdu->user_data, tpdu->has_udh);
  }

  void AddDatagram(Received received) { out_.push_back(std::move(received)); }

  // Finish fails when a message is still missing segments: its own error, not a crash.
  Result<std::vector<Received>> Finish() {
    if (reassembler_.pending_sets() > 0) {
      std::string missing;
      for (uint8_t n : reassembler_.MissingOfOldest()) {
        missing += (missing.empty() ? "" : ",") + std::to_string(n);
      }
      return Fail(ErrorCode::kTruncated, "incomplete message: missing SMS segment(s) " + missing);
    }
    if (out_.empty()) {
      return Fail(ErrorCode::kNotFound, "no WAP push in the input");
    }
    return std::move(out_);
  }

 private:
  push::SmsReassembler reassembler_;
  std::vector<Received> out_;
  size_t num_sms_ = 0;
};

// LooksLikeHex reports whether a --wsp file is hex text rather than a binary PDU (a binary push
// cannot be: its second octet, 0x06 or 0x07, is not a hex digit).
std::optional<std::string> HexText(std::span<const uint8_t> bytes) {
  std::string digits;
  for (uint8_t b : bytes) {
    if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
      continue;
    }
    if (HexDigitValue(static_cast<char>(b)) < 0) {
      return std::nullopt;
    }
    digits.push_back(static_cast<char>(b));
  }
  return digits;
}

Result<std::vector<Received>> Collect(const InputFlags& in) {
  int num_kinds = (in.hex.empty() ? 0 : 1) + (in.tpdu.empty() ? 0 : 1) +
                  (in.pcap.empty() ? 0 : 1) + (in.wsp.empty() ? 0 : 1);
  if (num_kinds != 1) {
    return Fail(ErrorCode::kInvalidArgument, "give one of --hex, --tpdu, --pcap, --wsp");
  }
  Collector collector;
  for (const std::string& hex : in.hex) {
    Result<std::vector<uint8_t>> ud = HexFlag("--hex", hex);
    if (!ud) {
      return ud.error();
    }
    Result<void> added = collector.AddUserData(in.originator, *ud, true);
    if (!added) {
      return added.error();
    }
  }
  for (const std::string& hex : in.tpdu) {
    Result<std::vector<uint8_t>> bytes = HexFlag("--tpdu", hex);
    if (!bytes) {
      return bytes.error();
    }
    Result<void> added = collector.AddTpdu(*bytes);
    if (!added) {
      return added.error();
    }
  }
  if (!in.wsp.empty()) {
    Result<std::vector<uint8_t>> bytes = ReadInput(in.wsp);
    if (!bytes) {
      return bytes.error();
    }
    if (std::optional<std::string> hex = HexText(*bytes)) {
      Result<std::vector<uint8_t>> decoded = HexFlag("--wsp", *hex);
      if (!decoded) {
        return decoded.error();
      }
      bytes = std::move(decoded);
    }
    collector.AddDatagram(Received{"wsp", "", 0, std::nullopt, std::move(*bytes)});
  }
  if (!in.pcap.empty()) {
    Result<std::vector<uint8_t>> file = ReadInput(in.pcap);
    if (!file) {
      return file.error();
    }
    Result<push::PcapFile> pcap = push::ReadPcap(*file);
    if (!pcap) {
      return Fail(pcap.error().code, in.pcap + ": " + pcap.error().message);
    }
    for (size_t i = 0; i < pcap->records.size(); ++i) {
      std::string where = in.pcap + " record " + std::to_string(i + 1) + ": ";
      Result<push::ExtractedPdu> pdu = push::ExtractRecord(pcap->raw_link_type,
                                                           pcap->records[i].data);
      if (!pdu) {
        return Fail(pdu.error().code, where + pdu.error().message);
      }
      if (pdu->dissector == "gsm_sms") {
        Result<void> added = collector.AddTpdu(pdu->payload);
        if (!added) {
          return Fail(added.error().code, where + added.error().message);
        }
      } else if (pdu->dissector == "ip") {
        Result<push::UdpDatagram> udp = push::DecodeIpv4Udp(pdu->payload);
        if (!udp) {
          if (udp.error().code == ErrorCode::kUnsupported) {
            continue;  // not UDP: not a WAP push
          }
          return Fail(udp.error().code, where + udp.error().message);
        }
        std::string from = std::to_string(udp->source_address[0]) + "." +
                           std::to_string(udp->source_address[1]) + "." +
                           std::to_string(udp->source_address[2]) + "." +
                           std::to_string(udp->source_address[3]);
        collector.AddDatagram(Received{"udp", from, 0,
                                       push::SmsPorts{udp->destination_port, udp->source_port},
                                       std::move(udp->payload)});
      } else {
        return Fail(ErrorCode::kUnsupported, where + "exported PDU for '" + pdu->dissector + "'");
      }
    }
  }
  return collector.Finish();
}

// SecName gives the SEC of a push as a name: the text as received, or the name of a typed code for
// the push's media family (the code itself when it names nothing).
std::string SecName(const push::WspContentType& ct) {
  if (!ct.sec) {
    return "";
  }
  if (!ct.sec->code) {
    return ct.sec->name;
  }
  Result<SecurityType> type = bootstrap::SecurityTypeFromWspCode(
      FamilyOf(ct).value_or(BootstrapMedia::kDm), static_cast<int>(*ct.sec->code));
  if (!type) {
    return std::to_string(*ct.sec->code);
  }
  return std::string(bootstrap::SecurityTypeName(*type));
}

Result<push::WspPush> DecodeReceived(const Received& r, size_t index) {
  Result<push::WspPush> wsp = push::DecodeWspPush(r.pdu);
  if (!wsp) {
    return Fail(wsp.error().code,
                "push " + std::to_string(index + 1) + ": " + wsp.error().message);
  }
  return wsp;
}

nlohmann::json PushJson(const Received& r, const push::WspPush& wsp) {
  using nlohmann::json;
  const push::WspContentType& ct = wsp.content_type;
  json j;
  j["bearer"] = r.bearer;
  j["originator"] = r.originator.empty() ? json(nullptr) : json(r.originator);
  if (r.ports) {
    j["ports"] = {{"destination", r.ports->destination}, {"source", r.ports->source}};
  } else {
    j["ports"] = nullptr;
  }
  j["segments"] = r.segments;
  j["tid"] = wsp.tid;
  j["pdu_type"] = wsp.type == push::WspPduType::kPush ? "push" : "confirmed_push";
  j["media"] = ct.media;
  j["media_code"] = ct.media_code ? json(*ct.media_code) : json(nullptr);
  j["sec"] = ct.sec ? json(SecName(ct)) : json(nullptr);
  j["sec_code"] = ct.sec && ct.sec->code ? json(*ct.sec->code) : json(nullptr);
  j["sec_typed"] = ct.sec ? json(ct.sec->typed) : json(nullptr);
  // "mac": the one MAC parameter; "macs" lists them all when a push repeats it.
  j["mac"] = ct.macs.size() == 1 ? json(ct.macs.front()) : json(nullptr);
  if (ct.macs.size() > 1) {
    j["macs"] = ct.macs;
  }
  json params = json::array();
  for (const push::WspParameter& p : ct.parameters) {
    params.push_back({{"name", p.name}, {"value", p.text}, {"typed", p.token.has_value()}});
  }
  j["parameters"] = params;
  if (wsp.application_id) {
    if (wsp.application_id->code) {
      std::string_view name = push::ApplicationIdName(*wsp.application_id->code);
      j["app_id"] = name.empty() ? json(std::to_string(*wsp.application_id->code)) : json(name);
      j["app_id_code"] = *wsp.application_id->code;
    } else {
      j["app_id"] = wsp.application_id->uri;
      j["app_id_code"] = nullptr;
    }
  } else {
    j["app_id"] = nullptr;
    j["app_id_code"] = nullptr;
  }
  json headers = json::array();
  for (const push::WspHeader& h : wsp.headers) {
    headers.push_back({{"name", h.name}, {"value", h.text}, {"raw_hex", HexEncode(h.raw_value)}});
  }
  j["headers"] = headers;
  j["body_len"] = wsp.body.size();
  j["body_hex"] = HexEncode(wsp.body);
  return j;
}

Result<void> RunDecode(const InputFlags& in) {
  Result<std::vector<Received>> received = Collect(in);
  if (!received) {
    return received.error();
  }
  std::string text;
  for (size_t i = 0; i < received->size(); ++i) {
    Result<push::WspPush> wsp = DecodeReceived((*received)[i], i);
    if (!wsp) {
      return wsp.error();
    }
    text += PushJson((*received)[i], *wsp)
                .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
            "\n";
  }
  return WriteText("-", text);
}

struct VerifyFlags {
  InputFlags input;
  CredentialFlags credentials;
  bool allow_networkid = false;
};

Result<void> RunVerify(const VerifyFlags& f) {
  Result<std::vector<Received>> received = Collect(f.input);
  if (!received) {
    return received.error();
  }
  if (received->size() != 1) {
    return Fail(ErrorCode::kInvalidArgument,
                "the input holds " + std::to_string(received->size()) + " pushes; give one");
  }
  Result<push::WspPush> wsp = DecodeReceived((*received)[0], 0);
  if (!wsp) {
    return wsp.error();
  }
  Result<bootstrap::BootstrapContentType> header = provision::ReceivedContentType(wsp->content_type);
  if (!header) {
    return header.error();
  }
  Result<bootstrap::BootstrapCredentials> creds = ToCredentials(f.credentials);
  if (!creds) {
    return creds.error();
  }
  const bootstrap::DeviceCredentials device = ToDeviceCredentials(std::move(creds).value());
  bootstrap::VerificationPolicy policy;
  if (f.allow_networkid) {
    policy.allowed.insert(SecurityType::kNetworkId);
    policy.allowed.insert(SecurityType::kCpNetwPin);
  }
  bootstrap::PinAttemptCounter attempts;
  Result<SecurityType> verified =
      bootstrap::VerifyBootstrapBytes(wsp->body, *header, device, policy, attempts);
  if (!verified) {
    if (verified.error().code == ErrorCode::kAuthenticationFailed) {
      std::printf("verification failed\n");  // the verdict on stdout, as `dmboot verify` prints it
    }
    return verified.error();
  }
  return WriteText("-", "verified (SEC=" + std::string(bootstrap::SecurityTypeName(*verified)) +
                            ")\n");
}

const bool kRegistered = RegisterCommand("push", [](CLI::App& app) {
  CLI::App* push = app.add_subcommand("push", "Encode, decode and verify WAP Push (WSP over SMS or UDP)");
  push->require_subcommand(1);

  auto e = std::make_shared<EncodeFlags>();
  CLI::App* encode = push->add_subcommand(
      "encode", "wrap a bootstrap (or any body) in a WSP push; print SMS user data or the PDU");
  encode->add_option("IN", e->input, "the body (e.g. the WBXML bootstrap), - for stdin")
      ->required();
  encode->add_option("--sec", e->sec,
                     "SEC type: NETWORKID, USERPIN, USERPIN_NETWORKID, NETWORKID_GBA, "
                     "USERPIN_NETWORKID_GBA (DM); NETWPIN, USERPIN, USERNETWPIN, USERPINMAC (CP)");
  encode->add_option("--mac", e->macs,
                     "the MAC text to send instead of computing it; repeat it to send a repeated "
                     "MAC parameter (a test of the receiver)");
  AddCredentialFlags(encode, e->credentials);
  encode->add_option("--media", e->media, "dm, cp, gpi or a media type (default dm)");
  encode->add_option("--app-id", e->app_id,
                     "X-Wap-Application-Id: syncml.dm, a registry name, a code, a URI or none "
                     "(default syncml.dm for dm, none otherwise)");
  encode->add_option("--bearer", e->bearer, "sms (default) or udp");
  encode->add_option("--ref", e->ref, "SMS concatenation reference (default 0)");
  encode->add_flag("--ref16", e->ref16, "16-bit concatenation reference (IEI 0x08)");
  encode->add_option("--originator", e->originator,
                     "TP-OA of the SMS-DELIVERs written to --pcap (default +15551230000)");
  encode->add_option("--sms-type", e->sms_type,
                     "TPDUs written to --pcap: deliver (default; --originator is TP-OA) or submit "
                     "(--originator is TP-DA)");
  encode->add_option("--tid", e->tid, "WSP transaction id (default 1)");
  encode->add_option("--pcap", e->pcap, "also write the push as a pcap file");
  SetAction(encode, [e] { return RunEncode(*e); });

  auto d = std::make_shared<InputFlags>();
  CLI::App* decode = push->add_subcommand("decode", "decode received pushes; print JSON, one line each");
  AddInputFlags(decode, *d);
  SetAction(decode, [d] { return RunDecode(*d); });

  auto v = std::make_shared<VerifyFlags>();
  CLI::App* verify = push->add_subcommand(
      "verify", "reassemble, decode and verify a bootstrap push as a device does");
  AddInputFlags(verify, v->input);
  AddCredentialFlags(verify, v->credentials);
  verify->add_flag("--allow-networkid", v->allow_networkid,
                   "accept NETWORKID/NETWPIN (refused by default: the IMSI is no secret)");
  SetAction(verify, [v] { return RunVerify(*v); });
});

}  // namespace
}  // namespace dmboot::cli
