#include "web/webhook_routes.hpp"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include "channels/instagram/webhook.hpp"

namespace civicpost::web {
namespace {

std::string Param(const Request& request, const char* name) {
  auto it = request.query_params.find(name);
  return it == request.query_params.end() ? std::string() : it->second;
}

}  // namespace

void RegisterInstagramWebhook(Router& router, moderation::CommentSink& intake,
                              WebhookSettings settings) {
  router.Get("/webhooks/instagram", [settings](const Request& request) {
    const std::string token = Param(request, "hub.verify_token");
    if (Param(request, "hub.mode") != "subscribe" || settings.verify_token.empty() ||
        token.size() != settings.verify_token.size() ||
        sodium_memcmp(token.data(), settings.verify_token.data(), token.size()) != 0) {
      return Response::Text(403, "verification refused\n");
    }
    return Response::Text(200, Param(request, "hub.challenge"));
  });
  router.Post("/webhooks/instagram", [settings, &intake](const Request& request) {
    const std::string signature(request.Header("X-Hub-Signature-256").value_or(""));
    if (!channels::instagram::SignatureMatches(settings.app_secret, request.body, signature)) {
      return Response::Text(401, "signature does not match\n");
    }
    auto comments = channels::instagram::ParseCommentEvents(request.body);
    if (!comments) return Response::Text(400, "not an instagram delivery\n");
    auto stored = intake.Store(ChannelPlatform::kInstagram, *comments, CommentSource::kWebhook);
    if (!stored) {
      // Not acknowledged: Meta delivers it again.
      spdlog::error("webhook: storing {} comment(s): {}", comments->size(), stored.error().message);
      return Response::Text(503, "try again\n");
    }
    if (stored->unmatched > 0) {
      spdlog::warn("webhook: {} comment(s) for an account no channel is connected to",
                   stored->unmatched);
    }
    return Response::Text(200, "EVENT_RECEIVED\n");
  });
}

}  // namespace civicpost::web
