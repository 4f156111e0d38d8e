#include "nf/common/http.h"

#include <gtest/gtest.h>

#include <thread>

namespace dmboot::nf {
namespace {

TEST(HttpTest, JsonRoundTripErrorsAndCaptures) {
  HttpServer server;
  server.Route("POST", "/echo", [](const HttpRequest& r) -> Result<HttpReply> {
    return HttpReply{.status = 201, .json = Json{{"got", r.json}}, .raw_body = {}, .raw_content_type = {}};
  });
  server.Route("GET", R"(/items/(\d+))", [](const HttpRequest& r) -> Result<HttpReply> {
    if (r.captures.at(1) == "7") {
      return Fail(ErrorCode::kNotFound, "item 7 does not exist");
    }
    return HttpReply{.status = 200, .json = Json{{"id", r.captures.at(1)}}, .raw_body = {}, .raw_content_type = {}};
  });
  const int port = *server.Bind("127.0.0.1", 0);
  std::thread t([&] { server.Serve(); });

  HttpClient client("127.0.0.1", port);
  Result<Json> echo = client.PostJson("/echo", Json{{"a", 1}});
  ASSERT_TRUE(echo) << echo.error().message;
  EXPECT_EQ((*echo)["got"]["a"], 1);
  Result<Json> item = client.GetJson("/items/5");
  ASSERT_TRUE(item);
  EXPECT_EQ((*item)["id"], "5");
  Result<Json> missing = client.GetJson("/items/7");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().message, "item 7 does not exist");
  Result<std::string> not_json = client.PostRaw("/echo", "{nope", "application/json");
  ASSERT_FALSE(not_json);
  EXPECT_EQ(not_json.error().code, ErrorCode::kMalformed);

  server.Stop();
  t.join();
  HttpClient down("127.0.0.1", port, std::chrono::milliseconds(300), "BSF");
  Result<Json> refused = down.PostJson("/nbsp-gba/v1/push-info-retrieval", Json::object());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kIo);
  // The method, the URL, the cause in words and the peer to look at (not "failed: Connection").
  const std::string address = "127.0.0.1:" + std::to_string(port);
  EXPECT_EQ(refused.error().message,
            "POST http://" + address + "/nbsp-gba/v1/push-info-retrieval failed: cannot connect "
            "(connection refused or host unreachable; is the BSF running at " + address + "?)");
}

// Replies httplib makes without a handler carry the same JSON error body as a handler's error
// (docs/network-functions.md): no route 404, a known path with the wrong method 405, a body
// above the limit 413. HttpClient reads the kind and message back from that body.
TEST(HttpTest, UnknownRouteWrongMethodAndTooLargeAnswerTheJsonErrorBody) {
  HttpServer server(/*max_body_len=*/64);
  server.Route("POST", "/echo", [](const HttpRequest& r) -> Result<HttpReply> {
    return HttpReply{.status = 200, .json = r.json, .raw_body = {}, .raw_content_type = {}};
  });
  server.Route("GET", R"(/items/(\d+))", [](const HttpRequest&) -> Result<HttpReply> {
    return Fail(ErrorCode::kNotFound, "item unknown");
  });
  const int port = *server.Bind("127.0.0.1", 0);
  std::thread t([&] { server.Serve(); });
  HttpClient client("127.0.0.1", port);

  Result<Json> no_route = client.GetJson("/nope");
  ASSERT_FALSE(no_route);
  EXPECT_EQ(no_route.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(no_route.error().message, "no route for GET /nope");

  Result<Json> wrong_method = client.GetJson("/echo");
  ASSERT_FALSE(wrong_method);
  EXPECT_EQ(wrong_method.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(wrong_method.error().message, "method GET is not allowed on /echo (allowed: POST)");

  Result<Json> post_on_get = client.PostJson("/items/3", Json::object());
  ASSERT_FALSE(post_on_get);
  EXPECT_EQ(post_on_get.error().message, "method POST is not allowed on /items/3 (allowed: GET)");

  // A handler's own 404 keeps its body.
  Result<Json> handler_404 = client.GetJson("/items/3");
  ASSERT_FALSE(handler_404);
  EXPECT_EQ(handler_404.error().message, "item unknown");

  Result<Json> too_large = client.PostJson("/echo", Json{{"pad", std::string(100, 'x')}});
  ASSERT_FALSE(too_large);
  EXPECT_EQ(too_large.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(too_large.error().message, "request body larger than 64 bytes");

  server.Stop();
  t.join();
}

TEST(HttpTest, StatusMap) {
  EXPECT_EQ(HttpStatusFor(ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kRefused), 403);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kNotFound), 404);
  EXPECT_EQ(ErrorCodeFromName("refused"), ErrorCode::kRefused);
  EXPECT_EQ(*ParseHostPort("127.0.0.1:8080"), std::make_pair(std::string("127.0.0.1"), 8080));
  EXPECT_FALSE(ParseHostPort("127.0.0.1"));
  EXPECT_FALSE(ParseHostPort("h:99999"));
  EXPECT_FALSE(ParseHostPort("127.0.0.1:0")) << "nothing listens on port 0";
  EXPECT_EQ(*ParseListenAddress("127.0.0.1:0"), std::make_pair(std::string("127.0.0.1"), 0));
  EXPECT_FALSE(ParseListenAddress("127.0.0.1:65536"));
}

// Issue #13 item 4: a body nested 200,000 levels deep is a 400 before the parser or any
// recursive walk (dump, destructor) sees it, and the server keeps answering.
TEST(HttpTest, JsonNestedDeeperThanTheCapIsA400AndTheServerLives) {
  EXPECT_TRUE(JsonDepthWithin(R"({"a":[1,{"b":"[[[[{{{{"}]})", 3));
  EXPECT_FALSE(JsonDepthWithin("[[[1]]]", 2));
  EXPECT_TRUE(JsonDepthWithin(R"(["\"[[[["])", 1));

  HttpServer server;
  server.Route("POST", "/echo", [](const HttpRequest& r) -> Result<HttpReply> {
    return HttpReply{.status = 200, .json = r.json, .raw_body = {}, .raw_content_type = {}};
  });
  const int port = *server.Bind("127.0.0.1", 0);
  std::thread t([&] { server.Serve(); });
  HttpClient client("127.0.0.1", port);

  const std::string deep = "{\"account\":" + std::string(200000, '[') + std::string(200000, ']') + "}";
  Result<std::string> refused = client.PostRaw("/echo", deep, "application/json");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kMalformed);
  EXPECT_EQ(refused.error().message, "request body is JSON nested deeper than 64");

  Result<Json> alive = client.PostJson("/echo", Json{{"ok", true}});
  ASSERT_TRUE(alive) << alive.error().message;
  EXPECT_EQ((*alive)["ok"], true);

  server.Stop();
  t.join();
}

}  // namespace
}  // namespace dmboot::nf
