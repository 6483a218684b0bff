#include "moderation/rules.hpp"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <stdexcept>

namespace civicpost::moderation {
namespace {

enum class Form { kPlain, kWords };

struct RuleSpec {
  RuleFamily family;
  const char* name;
  Form form;
  double strength;
  const char* pattern;  // over the folded (lower-case) text; RE2's \b is ASCII-only
};

// Strengths: how sure a hit alone is that the comment breaks the netiquette.
constexpr RuleSpec kRules[] = {
    // Links: fine to the authority's own site, suspicious elsewhere, more so shortened.
    {RuleFamily::kLink, "url", Form::kPlain, 0.5, R"((?:https?://|www\.)\S+)"},
    {RuleFamily::kLink, "domain", Form::kPlain, 0.4,
     R"(\b[a-z0-9][a-z0-9-]*\.(?:de|com|net|org|info|io|biz|ru|xyz|top|shop|online|site|link|click)\b)"},
    {RuleFamily::kLink, "shortener", Form::kPlain, 0.8,
     R"(\b(?:bit\.ly|tinyurl\.com|t\.co|goo\.gl|ow\.ly|is\.gd|buff\.ly|rebrand\.ly|cutt\.ly|shorturl\.at|t\.me|wa\.me|linktr\.ee)\b)"},
    // Scams as they appear under public accounts.
    {RuleFamily::kScam, "giveaway", Form::kWords, 0.7,
     R"(gewinnspiel|\b(?:du hast|sie haben|ihr habt)\b.{0,30}\bgewonnen\b|\bgratis\b.{0,20}\b(?:iphone|gutschein|ticket)|\bgewinner(?:in)?\b.{0,20}\b(?:ausgelost|gezogen))"},
    {RuleFamily::kScam, "account_locked", Form::kWords, 0.85,
     R"(\b(?:konto|account|profil|seite)\b.{0,20}\b(?:wird|wurde|ist)\b.{0,10}\b(?:gesperrt|deaktiviert|geloscht|gelöscht)\b|\bverifizier(?:e|en sie)\b.{0,10}\b(?:dein|ihr)|\burheberrechtsverletzung\b)"},
    {RuleFamily::kScam, "crypto", Form::kWords, 0.8,
     R"(\b(?:krypto\w*|crypto\w*|bitcoin|btc|ethereum|forex|trading)\b.{0,60}\b(?:verdien\w*|gewinn\w*|rendite|investier\w*|profit\w*)|\b(?:verdien\w*|investier\w*)\b.{0,60}\b(?:krypto\w*|crypto\w*|bitcoin|forex)\b)"},
    {RuleFamily::kScam, "dm_me", Form::kWords, 0.7,
     R"(\bschreib(?:t|en sie)? mir\b.{0,15}\b(?:dm|pn|privatnachricht|direktnachricht)\b|\bdm me\b|\bcheck (?:my|mein) (?:bio|profil)\b|\b(?:whatsapp|telegram)\b.{0,20}\+?\d{6,})"},
    // Personal data of people who are not in the conversation.
    {RuleFamily::kPersonalData, "phone_number", Form::kPlain, 0.7,
     R"((?:\+49|\b0049|\b0)\s?[1-9]\d{1,4}(?:[\s/-]?\d){4,10}\b)"},
    {RuleFamily::kPersonalData, "email", Form::kPlain, 0.7,
     R"(\b[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}\b)"},
    {RuleFamily::kPersonalData, "iban", Form::kPlain, 0.85,
     R"(\b[a-z]{2}\d{2}(?:\s?\d{4}){3,7}(?:\s?\d{1,4})?\b)"},
    {RuleFamily::kPersonalData, "street_address", Form::kPlain, 0.6,
     R"([a-zäöü-]{2,}(?:strasse|str\.|weg|allee|platz|gasse|ring|damm|pfad|ufer)\s+\d{1,4}\s?[a-z]?\b)"},
    {RuleFamily::kPersonalData, "licence_plate", Form::kPlain, 0.6,
     R"((?:^|[^\pL\pN-])[a-zäöü]{1,3}-[a-z]{1,2}\s?\d{1,4}[eh]?\b)"},
    // Threats against people.
    {RuleFamily::kThreat, "kill", Form::kWords, 0.85,
     R"(\b(?:ich|wir|man|jemand|sollte|sollten|gehört|gehort|gehören|gehoren|werde|werden)\b.{0,40}\b(?:umbringen|abstechen|erschiessen|erschlagen|abknallen|aufhängen|aufhangen|abfackeln|anzünden|anzunden|töten|toten|kaltmachen|vergasen)\b)"},
    {RuleFamily::kThreat, "kill_word", Form::kWords, 0.6,
     R"(\b(?:umbringen|abstechen|erschiessen|erschlagen|abknallen|abfackeln|kaltmachen|vergasen)\b)"},
    {RuleFamily::kThreat, "you_are_dead", Form::kWords, 0.8,
     R"(\b(?:du bist|ihr seid)\b.{0,20}\b(?:tot|fällig|fallig)\b|\b(?:bald|jetzt|gleich) (?:bist du|seid ihr) (?:tot|dran|fällig|fallig)\b)"},
    {RuleFamily::kThreat, "know_where", Form::kWords, 0.9,
     R"(\bich weiss,? wo (?:du|sie|ihr|dein|ihre|eure)\b.{0,20}\bwohn)"},
    {RuleFamily::kThreat, "attack", Form::kWords, 0.4, R"(\b(?:bombe|sprengsatz|amoklauf)\b)"},
    // Questions for the office, which the concept answers elsewhere.
    {RuleFamily::kConsultation, "how_to_apply", Form::kWords, 0.7,
     R"(\bwie (?:beantrage|bekomme|erhalte|melde|beantragt man|bekommt man)\b|\bwo (?:beantrage|bekomme|erhalte|kann ich|bekommt man|beantragt man)\b)"},
    {RuleFamily::kConsultation, "opening_hours", Form::kWords, 0.7,
     R"(öffnungszeit|offnungszeit|\bwann (?:hat|ist) (?:das|die|der) \S+ (?:geöffnet|geoffnet|offen|auf)\b)"},
    {RuleFamily::kConsultation, "responsible", Form::kWords, 0.7,
     R"(\bwer ist (?:da |dafür |dafur )?(?:zuständig|zustandig|ansprechpartner)|\ban wen (?:kann|muss|soll) ich mich wenden\b)"},
    {RuleFamily::kConsultation, "appointment", Form::kWords, 0.6,
     R"(\btermin\b.{0,20}\b(?:bürgerbüro|burgerburo|bürgeramt|burgeramt|standesamt|einwohnermeldeamt|ordnungsamt)\b)"},
};

// Context that makes a personal-data hit most likely harmless.
constexpr const char* kOwnContact =
    R"(\b(?:meine|meiner)\b.{0,20}\b(?:nummer|telefonnummer|handynummer|mail|adresse)\b|\b(?:mich|uns)\b.{0,20}\b(?:erreichbar|erreichen|zurückrufen|zuruckrufen|anrufen)\b|\bruf(?:en sie)? mich\b)";
constexpr const char* kPublicBuilding =
    R"(\b(?:rathaus|bürgerbüro|burgerburo|bürgeramt|stadtverwaltung|verwaltung|bibliothek|bücherei|schule|gymnasium|kindergarten|kita|kirche|museum|bahnhof|feuerwehr|sporthalle|schwimmbad|freibad|polizei|stadthalle|jugendzentrum)\b)";
constexpr const char* kDomainPattern =
    R"(((?:[a-z0-9-]+\.)+(?:de|com|net|org|info|io|biz|ru|xyz|top|shop|online|site|link|click|ly|me|gl|gd|at|ee|co|eu)))";
constexpr const char* kEmailPattern = R"([a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,})";

}  // namespace

std::string_view RuleFamilyName(RuleFamily family) {
  switch (family) {
    case RuleFamily::kLink:
      return "link";
    case RuleFamily::kScam:
      return "scam";
    case RuleFamily::kPersonalData:
      return "personal_data";
    case RuleFamily::kThreat:
      return "threat";
    case RuleFamily::kConsultation:
      return "consultation";
  }
  return "link";
}

struct Rules::Compiled {
  Compiled() : plain(Options(), RE2::UNANCHORED), words(Options(), RE2::UNANCHORED) {}
  static RE2::Options Options() {
    RE2::Options options;
    options.set_log_errors(false);
    return options;
  }
  RE2::Set plain;
  RE2::Set words;
  std::vector<size_t> plain_rules;  // set index -> kRules index
  std::vector<size_t> words_rules;
  std::unique_ptr<RE2> own_contact = std::make_unique<RE2>(kOwnContact, Options());
  std::unique_ptr<RE2> public_building = std::make_unique<RE2>(kPublicBuilding, Options());
  std::unique_ptr<RE2> domain = std::make_unique<RE2>(kDomainPattern, Options());
  std::unique_ptr<RE2> email = std::make_unique<RE2>(kEmailPattern, Options());
};

Rules::Rules(RuleContext context)
    : compiled_(std::make_unique<Compiled>()), context_(std::move(context)) {
  for (size_t i = 0; i < std::size(kRules); ++i) {
    const RuleSpec& rule = kRules[i];
    RE2::Set& set = rule.form == Form::kPlain ? compiled_->plain : compiled_->words;
    std::string error;
    if (set.Add(rule.pattern, &error) < 0) {
      throw std::logic_error("moderation rule " + std::string(rule.name) + ": " + error);
    }
    (rule.form == Form::kPlain ? compiled_->plain_rules : compiled_->words_rules).push_back(i);
  }
  if (!compiled_->plain.Compile() || !compiled_->words.Compile() || !compiled_->own_contact->ok() ||
      !compiled_->public_building->ok() || !compiled_->domain->ok() || !compiled_->email->ok()) {
    throw std::logic_error("moderation rules: a pattern set does not compile");
  }
  for (std::string& domain : context_.own_domains) {
    std::transform(domain.begin(), domain.end(), domain.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  }
}

Rules::~Rules() = default;

std::vector<RuleHit> Rules::Match(const FoldedText& text) const {
  std::vector<RuleHit> hits;
  const auto collect = [&](const RE2::Set& set, const std::vector<size_t>& rules,
                           const std::string& form) {
    std::vector<int> matched;
    if (!set.Match(form, &matched)) return;
    for (int index : matched) {
      const RuleSpec& rule = kRules[rules[static_cast<size_t>(index)]];
      hits.push_back({rule.family, rule.name, rule.strength});
    }
  };
  collect(compiled_->plain, compiled_->plain_rules, text.plain);
  collect(compiled_->words, compiled_->words_rules, text.words);

  // Links only to the authority's own site are no reason for anything. The
  // context is read only when a hit needs it: most comments have no hit.
  const auto has_hit = [&hits](auto&& which) {
    return std::any_of(hits.begin(), hits.end(), which);
  };
  const auto weighs_links = [](const RuleHit& hit) {
    return hit.family == RuleFamily::kLink && hit.rule != "shortener";
  };
  if (has_hit(weighs_links) && !ForeignLink(text.plain)) std::erase_if(hits, weighs_links);
  const bool own_contact = has_hit([](const RuleHit& hit) {
                             return hit.rule == "phone_number" || hit.rule == "email";
                           }) &&
                           RE2::PartialMatch(text.words, *compiled_->own_contact);
  const bool public_building =
      has_hit([](const RuleHit& hit) { return hit.rule == "street_address"; }) &&
      RE2::PartialMatch(text.words, *compiled_->public_building);
  for (RuleHit& hit : hits) {
    // A citizen's own number or address given to the office; a public building's address.
    if (own_contact && (hit.rule == "phone_number" || hit.rule == "email")) hit.strength *= 0.3;
    if (public_building && hit.rule == "street_address") hit.strength *= 0.3;
  }
  return hits;
}

bool Rules::ForeignLink(const std::string& plain) const {
  std::string addresses_removed = plain;  // an e-mail address is not a link
  RE2::GlobalReplace(&addresses_removed, *compiled_->email, " ");
  re2::StringPiece rest(addresses_removed);
  std::string domain;
  while (RE2::FindAndConsume(&rest, *compiled_->domain, &domain)) {
    const bool own = std::any_of(
        context_.own_domains.begin(), context_.own_domains.end(),
        [&](const std::string& mine) { return domain == mine || domain.ends_with("." + mine); });
    if (!own) return true;
  }
  return false;
}

double Rules::Strength(const std::vector<RuleHit>& hits, RuleFamily family) {
  double strongest = 0;
  for (const RuleHit& hit : hits) {
    if (hit.family == family) strongest = std::max(strongest, hit.strength);
  }
  return strongest;
}

}  // namespace civicpost::moderation
