#ifndef DMBOOT_NF_COMMON_HTTP_H_
#define DMBOOT_NF_COMMON_HTTP_H_

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dmboot/core/result.h"

namespace dmboot::nf {

using Json = nlohmann::json;

// HttpStatusFor is the one map from error kinds to HTTP status codes of every dmboot server:
// 400 invalid/malformed, 401 authentication failed, 403 refused, 404 not found, 413 limit,
// 501 unsupported, 503 I/O (a dependency is down), 500 internal.
int HttpStatusFor(ErrorCode code);

// ErrorCodeFromName maps an ErrorCodeName back (for clients reading an error body); unknown
// names are kInternal.
ErrorCode ErrorCodeFromName(std::string_view name);

// kMaxJsonDepth bounds the nesting of every JSON body the HTTP layer parses (requests and
// replies), checked by a linear scan before the parser or anything recursive (dump, ==, the
// destructor) sees the value: a 200,000-deep body is a 400, never a stack overflow.
inline constexpr int kMaxJsonDepth = 64;

// JsonDepthWithin reports whether `text`'s nesting of [ and { (outside strings) never exceeds
// `max_depth`; it does not validate the JSON otherwise.
bool JsonDepthWithin(std::string_view text, int max_depth = kMaxJsonDepth);

// HttpRequest is what a handler sees: the route's regex captures (captures[0] is the whole
// path), the query parameters, the body parsed as JSON (null for an empty body) and the raw body.
struct HttpRequest {
  std::vector<std::string> captures;
  std::map<std::string, std::string> query;
  Json json;
  std::string body;
  std::string content_type;
  std::map<std::string, std::string> headers;  // lower-case names
  // The caller as TLS authenticated it: the DNS name (SAN) of a client certificate that chained
  // to the listener's client CA; empty when the connection carried no verified client
  // certificate. Only the HTTP layer sets it, never from a header.
  std::string peer_identity;
};

// HttpReply is a handler's success: a JSON body (status 200 unless set), or raw bytes with their
// content type (the DM session endpoint answers SyncML).
// NOLINTNEXTLINE(bugprone-exception-escape): the implicit moves are noexcept (json's, string's).
struct HttpReply {
  int status = 200;
  Json json;
  std::string raw_body;
  std::string raw_content_type;
};

using HttpHandler = std::function<Result<HttpReply>(const HttpRequest& request)>;

// HttpServer is a small JSON-over-HTTP server (cpp-httplib, thread pool). A handler error becomes {"error": <kind>, "message": <text>} with
// HttpStatusFor's status; a body that is not JSON on a JSON route is a 400 before the handler
// runs; bodies above `max_body_len` are a 413. A path no route matches is a 404 ("not found",
// "no route for GET /x"), a path routed for another method a 405 with an Allow header
// ("invalid argument"): every error reply has the JSON body. Handler messages must never hold a
// secret.
class HttpServer {
 public:
  explicit HttpServer(size_t max_body_len = 1u << 20);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Route registers `handler` for `method` ("GET" or "POST") and `pattern`, a regular expression
  // over the path (e.g. R"(/v1/devices/(\d+))"). With `json_body`
  // false the raw body is passed through (for SyncML or CSV uploads).
  void Route(const std::string& method, const std::string& pattern, HttpHandler handler,
             bool json_body = true);

  // Bind binds `host`:`port` (port 0 = an ephemeral port) and returns the bound port.
  Result<int> Bind(const std::string& host, int port);
  // Serve blocks serving requests until Stop is called. Bind first.
  void Serve();
  // Stop makes Serve return; safe from another thread or a signal-watching thread.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// HttpClient calls a dmboot server: JSON in, JSON out, with timeouts. A non-2xx reply becomes an
// Error with the server's kind and message; a connection failure or timeout is kIo and says what
// was called, what went wrong in words and which peer (`peer`: "BSF", "HSS", ...) to look at:
// "POST http://127.0.0.1:1234/nbsp-gba/v1/push-info-retrieval failed: cannot connect (connection
// refused or host unreachable; is the BSF running at 127.0.0.1:1234?)".
class HttpClient {
 public:
  HttpClient(const std::string& host, int port,
             std::chrono::milliseconds timeout = std::chrono::milliseconds(5000),
             std::string peer = "server");
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  Result<Json> PostJson(const std::string& path, const Json& body);
  Result<Json> GetJson(const std::string& path);
  // PostRaw sends `body` with `content_type` and returns the raw reply body (status must be 2xx).
  Result<std::string> PostRaw(const std::string& path, const std::string& body,
                              const std::string& content_type,
                              const std::map<std::string, std::string>& headers = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ParseHostPort splits "127.0.0.1:8080" (the port is required, 1..65535): an address to call.
Result<std::pair<std::string, int>> ParseHostPort(const std::string& text);

// ParseListenAddress is ParseHostPort for an address to listen on, where port 0 asks for an
// ephemeral port.
Result<std::pair<std::string, int>> ParseListenAddress(const std::string& text);

}  // namespace dmboot::nf

#endif  // DMBOOT_NF_COMMON_HTTP_H_
