#pragma once
// The Instagram webhook (spec section 5) at /webhooks/instagram:
//   GET  answers Meta's verification with hub.challenge when hub.verify_token
//        matches, 403 otherwise;
//   POST checks X-Hub-Signature-256 over the raw bytes (401 when it does not
//        match), stores the comments durably and only then answers 200, so a
//        delivery Meta sees acknowledged is never lost; duplicates are stored
//        once. Moderation works from the stored rows, not in the request.

#include <string>

#include "moderation/comment_intake.hpp"
#include "web/http_server.hpp"
#include "web/router.hpp"

namespace civicpost::web {

struct WebhookSettings {
  std::string verify_token{};  // the string set in Meta's dashboard
  std::string app_secret{};    // the (Instagram) app secret that signs deliveries
};

// Without a secret and a verify token the endpoint refuses everything.
// The GET (verification) is a router route; the POST is a deferred route of
// the server (ServerOptions::deferred_routes), answering once the comments
// are durable without holding a thread meanwhile.
void RegisterInstagramWebhookVerification(Router& router, WebhookSettings settings);
DeferredRoute InstagramWebhookDelivery(moderation::CommentSink& intake, WebhookSettings settings);

}  // namespace civicpost::web
