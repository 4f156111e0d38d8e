// The only file that includes cpp-httplib (whose header pulls in OpenSSL for its TLS support:
// the one place outside dmboot/crypto where OpenSSL headers are seen; dmboot never calls them).
#include "nf/common/http.h"

#include <httplib.h>

#include "dmboot/core/ascii.h"

#include <algorithm>
#include <regex>
#include <utility>

namespace dmboot::nf {
bool JsonDepthWithin(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        return false;
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

namespace {

Json ErrorBody(const Error& e) {
  return Json{{"error", std::string(ErrorCodeName(e.code))}, {"message", e.message}};
}

void Reply(httplib::Response& res, const Result<HttpReply>& result) {
  if (!result) {
    res.status = HttpStatusFor(result.error().code);
    res.set_content(ErrorBody(result.error()).dump(), "application/json");
    return;
  }
  res.status = result->status;
  if (!result->raw_content_type.empty()) {
    res.set_content(result->raw_body, result->raw_content_type.c_str());
  } else {
    res.set_content(result->json.dump(), "application/json");
  }
}

// Call names one request of an HttpClient for its error messages.
struct Call {
  std::string method;  // "GET" or "POST"
  std::string url;     // http://HOST:PORT/path
  std::string peer;    // "BSF", "HSS", ...
  std::string address; // HOST:PORT
  std::chrono::milliseconds timeout;
};

// ClientErrorInWords says what an httplib::Error means, for a person: what failed and what to
// check. Every enumerator of cpp-httplib 0.11 is listed.
std::string ClientErrorInWords(httplib::Error error, const Call& call) {
  const std::string timeout = std::to_string(call.timeout.count()) + " ms";
  switch (error) {
    case httplib::Error::Connection:
      return "cannot connect (connection refused or host unreachable; is the " + call.peer +
             " running at " + call.address + "?)";
    case httplib::Error::ConnectionTimeout:
      return "no connection within " + timeout + " (is the " + call.peer + " at " + call.address +
             " reachable?)";
    case httplib::Error::Read:
      return "no reply within " + timeout + ", or the connection was closed (is the " + call.peer +
             " at " + call.address + " overloaded or stopped?)";
    case httplib::Error::Write:
      return "cannot send the request (the " + call.peer + " at " + call.address +
             " closed the connection or stopped reading)";
    case httplib::Error::BindIPAddress:
      return "cannot bind the local address";
    case httplib::Error::ExceedRedirectCount:
      return "too many redirects";
    case httplib::Error::Canceled:
      return "canceled";
    case httplib::Error::SSLConnection:
    case httplib::Error::SSLLoadingCerts:
    case httplib::Error::SSLServerVerification:
      return "TLS error (dmboot servers speak plain HTTP)";
    case httplib::Error::UnsupportedMultipartBoundaryChars:
      return "bad multipart boundary";
    case httplib::Error::Compression:
      return "compression error";
    case httplib::Error::Success:
    case httplib::Error::Unknown:
      break;
  }
  return "unknown error (" + httplib::to_string(error) + ")";
}

Error FromReply(const httplib::Result& r, const Call& call) {
  if (!r) {
    return Fail(ErrorCode::kIo,
                call.method + " " + call.url + " failed: " + ClientErrorInWords(r.error(), call));
  }
  Json body = JsonDepthWithin(r->body) ? Json::parse(r->body, nullptr, false) : Json();
  if (body.is_object() && body.contains("error") && body["error"].is_string()) {
    return Fail(ErrorCodeFromName(body["error"].get<std::string>()),
                body.value("message", std::string("HTTP ") + std::to_string(r->status)));
  }
  return Fail(ErrorCode::kIo, call.method + " " + call.url + ": the " + call.peer + " answered HTTP " +
                                  std::to_string(r->status));
}

// JsonReply is a 2xx reply's body as JSON, or the error FromReply makes of anything else.
Result<Json> JsonReply(const httplib::Result& r, const Call& call) {
  if (!r || r->status / 100 != 2) {
    return FromReply(r, call);
  }
  if (!JsonDepthWithin(r->body)) {
    return Fail(ErrorCode::kMalformed, call.method + " " + call.url + ": the " + call.peer +
                                           " answered JSON nested deeper than " + std::to_string(kMaxJsonDepth));
  }
  Json reply = Json::parse(r->body, nullptr, false);
  if (reply.is_discarded()) {
    return Fail(ErrorCode::kMalformed,
                call.method + " " + call.url + ": the " + call.peer + " answered with a body that is not JSON");
  }
  return reply;
}

}  // namespace

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kMalformed:
    case ErrorCode::kTruncated:
      return 400;
    case ErrorCode::kAuthenticationFailed:
      return 401;
    case ErrorCode::kRefused:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kLimitExceeded:
      return 413;
    case ErrorCode::kUnsupported:
      return 501;
    case ErrorCode::kIo:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

ErrorCode ErrorCodeFromName(std::string_view name) {
  for (ErrorCode c : {ErrorCode::kInvalidArgument, ErrorCode::kMalformed, ErrorCode::kTruncated,
                      ErrorCode::kLimitExceeded, ErrorCode::kUnsupported,
                      ErrorCode::kAuthenticationFailed, ErrorCode::kRefused, ErrorCode::kNotFound,
                      ErrorCode::kIo, ErrorCode::kInternal}) {
    if (ErrorCodeName(c) == name) {
      return c;
    }
  }
  return ErrorCode::kInternal;
}

struct HttpServer::Impl {
  httplib::Server server;
  size_t max_body_len;
  // Every route, to tell an unknown path (404) from a known path asked with the wrong method
  // (405). Written by Route before Serve, only read while serving.
  std::vector<std::pair<std::string, std::regex>> routes;

  // AllowedMethods lists the methods with a route for `path` ("GET, POST"), or "".
  std::string AllowedMethods(const std::string& path) const {
    std::string allowed;
    for (const auto& [method, pattern] : routes) {
      if (std::regex_match(path, pattern) && allowed.find(method) == std::string::npos) {
        allowed += (allowed.empty() ? "" : ", ") + method;
      }
    }
    return allowed;
  }

  // ErrorFor is the JSON error of a reply httplib made itself, without a handler: no route,
  // wrong method, a body above the limit, a request it could not parse.
  Error ErrorFor(const httplib::Request& req, httplib::Response& res) const {
    switch (res.status) {
      case 404: {
        const std::string allowed = AllowedMethods(req.path);
        if (allowed.empty()) {
          return Fail(ErrorCode::kNotFound, "no route for " + req.method + " " + req.path);
        }
        res.status = 405;
        res.set_header("Allow", allowed);
        return Fail(ErrorCode::kInvalidArgument, "method " + req.method + " is not allowed on " +
                                                     req.path + " (allowed: " + allowed + ")");
      }
      case 413:
        return Fail(ErrorCode::kLimitExceeded,
                    "request body larger than " + std::to_string(max_body_len) + " bytes");
      case 400:
        return Fail(ErrorCode::kMalformed, "malformed HTTP request");
      default:
        return Fail(res.status >= 500 ? ErrorCode::kInternal : ErrorCode::kInvalidArgument,
                    "HTTP " + std::to_string(res.status));
    }
  }
};

HttpServer::HttpServer(size_t max_body_len) : impl_(std::make_unique<Impl>()) {
  impl_->max_body_len = max_body_len;
  impl_->server.set_payload_max_length(max_body_len);
  // Without TCP_NODELAY, Nagle's algorithm and delayed ACKs stall each small request/response
  // exchange by ~40 ms (measured: 15 bootstraps/s end to end with it off).
  impl_->server.set_tcp_nodelay(true);
  impl_->server.set_read_timeout(10, 0);
  impl_->server.set_write_timeout(10, 0);
  // Replies without a handler (no route, wrong method, too large, unparsable) get the same JSON
  // error body as a handler's error; a handler's own error reply already has its body.
  impl_->server.set_error_handler(httplib::Server::HandlerWithResponse(
      [impl = impl_.get()](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) {
          return httplib::Server::HandlerResponse::Unhandled;
        }
        res.set_content(ErrorBody(impl->ErrorFor(req, res)).dump(), "application/json");
        return httplib::Server::HandlerResponse::Handled;
      }));
  impl_->server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    res.status = 500;
    res.set_content(ErrorBody(Fail(ErrorCode::kInternal, "unexpected server error")).dump(), "application/json");
  });
}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::Route(const std::string& method, const std::string& pattern, HttpHandler handler,
                       bool json_body) {
  auto wrapped = [handler = std::move(handler), json_body](const httplib::Request& req, httplib::Response& res) {
    HttpRequest request;
    for (const auto& m : req.matches) {
      request.captures.push_back(m.str());
    }
    for (const auto& [k, v] : req.params) {
      request.query[k] = v;
    }
    for (const auto& [k, v] : req.headers) {
      request.headers[AsciiLower(k)] = v;
    }
    request.body = req.body;
    request.content_type = req.get_header_value("Content-Type");
    if (json_body && !req.body.empty()) {
      if (!JsonDepthWithin(req.body)) {
        Reply(res, Fail(ErrorCode::kMalformed,
                        "request body is JSON nested deeper than " + std::to_string(kMaxJsonDepth)));
        return;
      }
      request.json = Json::parse(req.body, nullptr, false);
      if (request.json.is_discarded()) {
        Reply(res, Fail(ErrorCode::kMalformed, "request body is not JSON"));
        return;
      }
    }
    Reply(res, handler(request));
  };
  impl_->routes.emplace_back(method, std::regex(pattern));
  if (method == "GET") {
    impl_->server.Get(pattern, wrapped);
  } else {
    impl_->server.Post(pattern, wrapped);
  }
}

Result<int> HttpServer::Bind(const std::string& host, int port) {
  if (port == 0) {
    const int bound = impl_->server.bind_to_any_port(host);
    if (bound <= 0) {
      return Fail(ErrorCode::kIo, "cannot bind an ephemeral port on " + host);
    }
    return bound;
  }
  if (!impl_->server.bind_to_port(host, port)) {
    return Fail(ErrorCode::kIo, "cannot bind " + host + ":" + std::to_string(port));
  }
  return port;
}

void HttpServer::Serve() { impl_->server.listen_after_bind(); }

void HttpServer::Stop() {
  if (impl_) {
    impl_->server.stop();
  }
}

struct HttpClient::Impl {
  httplib::Client client;
  std::string peer;
  std::string address;  // HOST:PORT
  std::chrono::milliseconds timeout;
  Impl(const std::string& host, int port, std::chrono::milliseconds t, std::string p)
      : client(host, port), peer(std::move(p)), address(host + ":" + std::to_string(port)), timeout(t) {}

  Call CallOf(const std::string& method, const std::string& path) const {
    return Call{method, "http://" + address + path, peer, address, timeout};
  }
};

HttpClient::HttpClient(const std::string& host, int port, std::chrono::milliseconds timeout,
                       std::string peer)
    : impl_(std::make_unique<Impl>(host, port, timeout, std::move(peer))) {
  impl_->client.set_connection_timeout(timeout);
  impl_->client.set_read_timeout(timeout);
  impl_->client.set_write_timeout(timeout);
  impl_->client.set_keep_alive(true);
  impl_->client.set_tcp_nodelay(true);
}

HttpClient::~HttpClient() = default;

Result<Json> HttpClient::PostJson(const std::string& path, const Json& body) {
  return JsonReply(impl_->client.Post(path, body.dump(), "application/json"), impl_->CallOf("POST", path));
}

Result<Json> HttpClient::GetJson(const std::string& path) {
  return JsonReply(impl_->client.Get(path), impl_->CallOf("GET", path));
}

Result<std::string> HttpClient::PostRaw(const std::string& path, const std::string& body,
                                        const std::string& content_type,
                                        const std::map<std::string, std::string>& headers) {
  httplib::Headers h;
  for (const auto& [k, v] : headers) {
    h.emplace(k, v);
  }
  httplib::Result r = impl_->client.Post(path, h, body, content_type.c_str());
  if (!r || r->status / 100 != 2) {
    return FromReply(r, impl_->CallOf("POST", path));
  }
  return r->body;
}

namespace {

Result<std::pair<std::string, int>> SplitHostPort(const std::string& text, long min_port) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return Fail(ErrorCode::kInvalidArgument, "'" + text + "' is not HOST:PORT");
  }
  const std::string port_text = text.substr(colon + 1);
  char* end = nullptr;
  const long port = std::strtol(port_text.c_str(), &end, 10);
  if (port_text.empty() || *end != '\0' || port < min_port || port > 65535) {
    return Fail(ErrorCode::kInvalidArgument, "'" + text + "' has no valid port");
  }
  return std::make_pair(text.substr(0, colon), static_cast<int>(port));
}

}  // namespace

Result<std::pair<std::string, int>> ParseHostPort(const std::string& text) { return SplitHostPort(text, 1); }

Result<std::pair<std::string, int>> ParseListenAddress(const std::string& text) {
  return SplitHostPort(text, 0);
}

}  // namespace dmboot::nf
