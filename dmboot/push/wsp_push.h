#ifndef DMBOOT_PUSH_WSP_PUSH_H_
#define DMBOOT_PUSH_WSP_PUSH_H_

// WSP Push PDU codec (WAP-230-WSP §8.2.4.1 Push/ConfirmedPush, §8.4.2.24 Content-Type, §8.4.2.4
// parameters, Table 38/39/40 assigned numbers). A pure transport codec: SEC and MAC are carried as
// what travels on the wire; mapping them to security types and keys is the bootstrap module's job.
// Layouts, sources and the decoder's tolerance rules are in docs/push.md.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dmboot/core/result.h"

namespace dmboot::push {

// WSP PDU types a push can have (WAP-230 Table 34).
enum class WspPduType : uint8_t {
  kPush = 0x06,
  kConfirmedPush = 0x07,
};

// WspMode says whether the PDU starts with a TID: connectionless PDUs do (WAP-230 §8.2.1),
// connection-mode PDUs (the only place a ConfirmedPush exists) do not.
enum class WspMode : uint8_t {
  kConnectionless = 0,
  kConnectionOriented = 1,
};

// Well-known media codes of WAP-230 Table 40 / OMNA content types that dmboot emits.
inline constexpr uint8_t kMediaDmWbxml = 0x42;          // application/vnd.syncml.dm+wbxml
inline constexpr uint8_t kMediaDmXml = 0x43;            // application/vnd.syncml.dm+xml
inline constexpr uint8_t kMediaDmNotification = 0x44;   // application/vnd.syncml.notification
inline constexpr uint8_t kMediaConnectivityWbxml = 0x36;  // application/vnd.wap.connectivity-wbxml
// The GBA Push Info media type has no well-known code; it always travels as text.
inline constexpr std::string_view kMediaGbaPushInfo = "application/vnd.3gpp.gba.gpi";

// Well-known parameter tokens (WAP-230 Table 38, encoding version 1.4). smsj numbers these one
// too low (peers.md §1.3): 0x10 is Secure, not SEC.
inline constexpr uint8_t kParamSecure = 0x10;
inline constexpr uint8_t kParamSec = 0x11;
inline constexpr uint8_t kParamMac = 0x12;

// Well-known header field codes (WAP-230 Table 39).
inline constexpr uint8_t kHeaderXWapApplicationId = 0x2F;

// X-Wap-Application-Id code of x-wap-application:syncml.dm (OMNA push application registry).
inline constexpr uint32_t kAppIdSyncmlDm = 0x07;

// WspSec is the SEC parameter as it travels. The four legacy codes (NETWPIN/NETWORKID = 0,
// USERPIN = 1, USERNETWPIN/USERPIN_NETWORKID = 2, USERPINMAC = 3) go as the typed parameter 0x11
// with a Short-integer; other types (the GBA ones) as an untyped parameter `SEC` with the text
// name (docs/push.md, "SEC and MAC"). A received SEC may also be typed text or an untyped integer.
struct WspSec {
  // code is set when SEC is an integer (typed 0x11 + Short-integer, or untyped `SEC` + integer).
  std::optional<uint32_t> code;
  // name is the text when SEC is text (typed or untyped), as received: case is not normalised.
  std::string name;
  // typed is true when SEC came (or goes) as the well-known token 0x11, false for `SEC` text.
  bool typed = true;

  // Code returns the typed short-integer SEC `code` (0..3 for the legacy types).
  static WspSec Code(uint8_t code) { return WspSec{code, "", true}; }
  // Text returns an untyped `SEC` parameter with the text `name` (e.g. "NETWORKID_GBA").
  static WspSec Text(std::string name) { return WspSec{std::nullopt, std::move(name), false}; }

  bool operator==(const WspSec&) const = default;
};

// WspParameter is a Content-Type parameter other than SEC and MAC, kept as received.
struct WspParameter {
  // token is the well-known parameter code for a typed parameter; unset for an untyped one.
  std::optional<uint8_t> token;
  // name is the parameter name: the Table 38 name for a typed one, the Token-text as received
  // for an untyped one.
  std::string name;
  // value is the encoded value bytes exactly as they were on the wire (re-encoded verbatim).
  std::vector<uint8_t> raw_value;
  // text is a readable rendering of the value (text without quote and NUL, integers in decimal).
  std::string text;

  bool operator==(const WspParameter&) const = default;
};

// WspHeader is a header after the Content-Type, kept as received.
struct WspHeader {
  // code is the well-known field code (Table 39) for a well-known header; unset for an
  // Application-header (Token-text name).
  std::optional<uint8_t> code;
  // name is the field name: the Table 39 name, or the Token-text as received.
  std::string name;
  // raw_value is the encoded field value exactly as on the wire.
  std::vector<uint8_t> raw_value;
  // text is a readable rendering of the value.
  std::string text;

  bool operator==(const WspHeader&) const = default;
};

// WspContentType is the Content-Type of a push (WAP-230 §8.4.2.24).
struct WspContentType {
  // media is the media type as text: the Table 40 name for a well-known code that dmboot knows,
  // the Extension-media text otherwise; empty for a well-known code it does not know.
  std::string media;
  // media_code is the well-known media code when the media travelled as an integer.
  std::optional<uint32_t> media_code;
  std::optional<WspSec> sec;
  // macs are the MAC parameters as received, in order (the bootstrap module compares the MAC,
  // case-insensitively). A signed push has exactly one; the decoder keeps a repeated one so that
  // the verifier refuses it as a failed verification, like any other MAC it cannot check.
  std::vector<std::string> macs;
  std::vector<WspParameter> parameters;

  bool operator==(const WspContentType&) const = default;
};

// WspApplicationId is the X-Wap-Application-Id header: an assigned code or an absolute URI.
struct WspApplicationId {
  std::optional<uint32_t> code;
  std::string uri;

  bool operator==(const WspApplicationId&) const = default;
};

// WspPush is one Push or ConfirmedPush PDU.
struct WspPush {
  WspPduType type = WspPduType::kPush;
  // tid is the transaction id of a connectionless PDU (ignored in connection mode).
  uint8_t tid = 0;
  WspContentType content_type;
  std::optional<WspApplicationId> application_id;
  // headers are the other headers, in order (the application id is not among them).
  std::vector<WspHeader> headers;
  std::vector<uint8_t> body;

  bool operator==(const WspPush&) const = default;
};

// EncodeWspPush returns the PDU bytes of `push` in `mode`: TID (connectionless), PDU type, uintvar
// headers length, Content-Type (general form whenever there are parameters, else the constrained
// form), X-Wap-Application-Id, the other headers verbatim, then the body. A media type with a
// well-known code in `media_code` or in dmboot's table goes as that code, any other as text. SEC
// goes as in WspSec (typed code, or untyped text; a typed text SEC is written as typed), each MAC
// as the typed parameter 0x12 with a Text-value. It fails with kInvalidArgument if a text contains a
// NUL, the media is empty without a code, or a name or value of a kept parameter or header cannot
// be written back.
Result<std::vector<uint8_t>> EncodeWspPush(const WspPush& push,
                                           WspMode mode = WspMode::kConnectionless);

// DecodeWspPush parses one Push or ConfirmedPush PDU (the whole of `pdu`; what follows the headers
// is the body). It accepts what real senders send (docs/push.md "Decoder tolerance"): typed or
// untyped SEC and MAC in any case of the name, integer or text SEC values, text or well-known
// media, both Value-length forms, quoted Text-strings and Quoted-strings, and any number of other
// headers. It fails with kTruncated when the PDU ends early (including a headers length past the
// end), kMalformed on a bad uintvar, a value length past its container, a missing NUL, or a
// repeated SEC, and kUnsupported on another PDU type or a header code-page shift. A repeated MAC
// is kept in `macs` for the verifier to refuse.
Result<WspPush> DecodeWspPush(std::span<const uint8_t> pdu,
                              WspMode mode = WspMode::kConnectionless);

// WellKnownMediaName returns the Table 40 name of media `code`, or "" when dmboot does not know it.
std::string_view WellKnownMediaName(uint32_t code);
// WellKnownMediaCode returns the Table 40 code of `media` (compared case-insensitively), if any.
std::optional<uint8_t> WellKnownMediaCode(std::string_view media);

// ApplicationIdName returns "x-wap-application:<name>" for an assigned code of the OMNA push
// application registry, or "" when dmboot does not know `code`.
std::string_view ApplicationIdName(uint32_t code);
// ApplicationIdCode returns the assigned code of `name`, given with or without the
// "x-wap-application:" prefix (e.g. "syncml.dm" -> 0x07), case-insensitively, if any.
std::optional<uint32_t> ApplicationIdCode(std::string_view name);

// WellKnownHeaderName returns the Table 39 name of header `code`, or "" if unknown.
std::string_view WellKnownHeaderName(uint8_t code);


}  // namespace dmboot::push

#endif  // DMBOOT_PUSH_WSP_PUSH_H_
