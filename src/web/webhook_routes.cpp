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

// Checks and parses a delivery, hands it to the intake and answers 200
// once it is durable (Meta delivers again on anything else).
void Deliver(const Request& request, moderation::CommentSink& intake,
             const WebhookSettings& settings, Reply reply) {
  const std::string signature(request.Header("X-Hub-Signature-256").value_or(""));
  if (!channels::instagram::SignatureMatches(settings.app_secret, request.body, signature)) {
    return reply(Response::Text(401, "signature does not match\n"));
  }
  auto comments = channels::instagram::ParseCommentEvents(request.body);
  if (!comments) return reply(Response::Text(400, "not an instagram delivery\n"));
  const size_t count = comments->size();
  intake.StoreThen(ChannelPlatform::kInstagram, std::move(*comments), CommentSource::kWebhook,
                   [reply = std::move(reply), count](Result<moderation::IntakeResult> stored) {
                     if (!stored) {
                       spdlog::error("webhook: storing {} comment(s): {}", count,
                                     stored.error().message);
                       return reply(Response::Text(503, "try again\n"));
                     }
                     if (stored->unmatched > 0) {
                       spdlog::warn(
                           "webhook: {} comment(s) for an account no channel is "
                           "connected to",
                           stored->unmatched);
                     }
                     reply(Response::Text(200, "EVENT_RECEIVED\n"));
                   });
}

}  // namespace

void RegisterInstagramWebhookVerification(Router& router, WebhookSettings settings) {
  router.Get("/webhooks/instagram", [settings](const Request& request) {
    const std::string token = Param(request, "hub.verify_token");
    if (Param(request, "hub.mode") != "subscribe" || settings.verify_token.empty() ||
        token.size() != settings.verify_token.size() ||
        sodium_memcmp(token.data(), settings.verify_token.data(), token.size()) != 0) {
      return Response::Text(403, "verification refused\n");
    }
    return Response::Text(200, Param(request, "hub.challenge"));
  });
}

DeferredRoute InstagramWebhookDelivery(moderation::CommentSink& intake, WebhookSettings settings) {
  return {"POST", "/webhooks/instagram", [settings, &intake](Request request, Reply reply) {
            Deliver(request, intake, settings, std::move(reply));
          }};
}

}  // namespace civicpost::web
