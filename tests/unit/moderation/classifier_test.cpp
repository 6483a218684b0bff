// The committed model (models/), loaded as `civicpost` loads it, and the
// engine end to end on German comments a moderator would recognise.

#include "moderation/classifier.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "concept/concept_loader.hpp"
#include "labelled_texts.hpp"
#include "moderation/model_input.hpp"
#include "moderation/moderator.hpp"

namespace civicpost::moderation {
namespace {

const std::filesystem::path kModels = std::filesystem::path(CIVICPOST_SOURCE_DIR) / "models";

const Classifier& Model() {
  static const Classifier classifier = [] {
    auto loaded = Classifier::Load(kModels);
    if (!loaded) throw std::runtime_error(loaded.error().message);
    return *std::move(loaded);
  }();
  return classifier;
}

const usage::Concept& Sassenberg() {
  static const usage::Concept c = [] {
    usage::ConceptLoad load = usage::LoadConceptFile(std::filesystem::path(CIVICPOST_SOURCE_DIR) /
                                                     "examples/sassenberg/concept.toml");
    if (!load.ok()) throw std::runtime_error("the example concept does not load");
    return *load.concept_value;
  }();
  return c;
}

TEST(Classifier, TellsAnInsultFromThanks) {
  const double insult =
      Model().Score(Fold("Du bist so ein dummes Arschloch, halt die Fresse")).abusive;
  const double thanks =
      Model().Score(Fold("Danke für die schönen Bilder vom Weihnachtsmarkt!")).abusive;
  EXPECT_GT(insult, Model().offense_threshold());
  EXPECT_LT(thanks, Model().offense_threshold());
}

TEST(Classifier, ScoresAreProbabilities) {
  for (const char* text : {"", "👍", "Hallo", "Ihr Vollidioten!!!", "a b c d e f g h i j k l m n"}) {
    const ClassifierScores s = Model().Score(Fold(text));
    for (double v : {s.abusive, s.insult, s.profanity, s.hate}) {
      EXPECT_GE(v, 0.0) << text;
      EXPECT_LE(v, 1.0) << text;
    }
    EXPECT_LE(s.insult + s.profanity, s.abusive + 1e-9) << text;
  }
}

TEST(FastTextHead, PredictsWhatLibfasttextPredicts) {
  std::string long_text;
  for (int i = 0; i < 1500; ++i) long_text += "wort" + std::to_string(i % 37) + " ";
  const std::vector<std::string> inputs = {
      "",
      "du bist so ein dummes arschloch , halt die fresse",
      "danke für die schönen bilder vom weihnachtsmarkt !",
      "@user ihr seid spitze ! 👍 <url>",
      "völligunbekanntesüberwort xyzzyqq 12345",
      "a a a a a a",
      std::string("mit\tTab und\0Null", 18),
      long_text,
  };
  for (const char* file : {"offense.ftz", "hate.ftz"}) {
    auto head = FastTextHead::Load(kModels / file);
    ASSERT_TRUE(head) << head.error().message;
    for (const std::string& input : inputs) {
      const std::vector<double> ours = head->Predict(input);
      const std::vector<double> library = head->PredictWithLibrary(input);
      ASSERT_EQ(ours.size(), library.size());
      for (size_t i = 0; i < ours.size(); ++i) {
        EXPECT_NEAR(ours[i], library[i], 1e-4) << file << ": " << input.substr(0, 60);
      }
    }
  }
}

// The labelled comments as the classifier reads them, through both the
// prepared rows and libfasttext's own predict.
TEST(FastTextHead, PredictsWhatLibfasttextPredictsOnTheLabelledComments) {
  const std::vector<std::string> texts = LabelledTexts();
  if (texts.empty()) GTEST_SKIP() << "no labelled data in ../shared/data/moderation";
  for (const char* file : {"offense.ftz", "hate.ftz"}) {
    auto head = FastTextHead::Load(kModels / file);
    ASSERT_TRUE(head) << head.error().message;
    double largest = 0;
    for (const std::string& text : texts) {
      const std::string input = ModelInput(Fold(text));
      const std::vector<double> ours = head->Predict(input);
      const std::vector<double> library = head->PredictWithLibrary(input);
      ASSERT_EQ(ours.size(), library.size());
      for (size_t i = 0; i < ours.size(); ++i) {
        largest = std::max(largest, std::abs(ours[i] - library[i]));
      }
    }
    // Only the order of float additions differs (a vocabulary word's rows
    // are summed ahead): about 1e-5 at most on these comments.
    EXPECT_LT(largest, 1e-4) << file;
  }
}

TEST(Classifier, AMissingOrBrokenModelIsNamed) {
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "broken-model";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto missing = Classifier::Load(dir);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find((dir / "model.json").string()), std::string::npos);

  std::filesystem::copy_file(kModels / "model.json", dir / "model.json",
                             std::filesystem::copy_options::overwrite_existing);
  std::ofstream(dir / "offense.ftz", std::ios::binary) << "not a model";
  auto broken = Classifier::Load(dir);
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message.find((dir / "offense.ftz").string()), std::string::npos)
      << broken.error().message;
}

class Engine : public ::testing::Test {
 protected:
  Verdict Decide(const std::string& text, bool office_hours = true) {
    return moderator_.Assess(text, office_hours).decision;
  }
  Moderator moderator_{Model(), Sassenberg()};
};

TEST_F(Engine, PraiseAndQuestionsAreLeftAlone) {
  EXPECT_EQ(Decide("Was für ein schöner Herbsttag am Feldmarksee, danke fürs Teilen!").action,
            Action::kNone);
}

TEST_F(Engine, AQuestionForTheOfficeGoesToAPersonForAReply) {
  const Verdict d = Decide("Wie beantrage ich einen neuen Personalausweis?");
  EXPECT_EQ(d.category, "consultation");
  EXPECT_EQ(d.clause, "N8");
  EXPECT_EQ(d.action, Action::kReview);
}

TEST_F(Engine, StrongCriticismOfTheTownIsNotHidden) {
  const Verdict d =
      Decide("Die Stadtverwaltung hat beim Radweg komplett versagt, das ist eine Schande!");
  EXPECT_NE(d.action, Action::kHide) << d.reason;
}

TEST_F(Engine, ACitizensOwnNumberForTheOfficeIsNoBreach) {
  const Verdict d = Decide("Bitte rufen Sie mich zurück, meine Nummer ist 0171 2345678");
  EXPECT_NE(d.category, "personal_data");
  EXPECT_NE(d.action, Action::kHide);
}

TEST_F(Engine, AThreatIsHiddenCitingTheThreatClause) {
  const Verdict d = Decide("Ich weiß, wo du wohnst. Du bist bald fällig.");
  EXPECT_EQ(d.category, "threat");
  EXPECT_EQ(d.clause, "N3");
  EXPECT_EQ(d.action, Action::kHide);
}

TEST_F(Engine, AGiveawayScamIsHiddenWhenNobodyIsAtTheDesk) {
  const std::string scam = "Gewinnspiel! Du hast ein iPhone gewonnen, klick auf bit.ly/3xYz";
  EXPECT_EQ(Decide(scam).category, "scam");
  EXPECT_EQ(Decide(scam, false).action, Action::kHide);
  EXPECT_EQ(Decide(scam, false).clause, "N7");
}

TEST(ClassifyJson, HasTheContractsFieldsAndNoText) {
  const Moderator moderator(Model(), Sassenberg());
  const nlohmann::json line = ClassifyJson(moderator.Assess("Du Idiot, verschwinde", true));
  for (const char* key : {"abusive", "scores", "category", "action", "clause"}) {
    EXPECT_TRUE(line.contains(key)) << key;
  }
  for (const char* key :
       {"insult", "hate", "threat", "profanity", "spam", "scam", "personal_data", "consultation"}) {
    ASSERT_TRUE(line["scores"].contains(key)) << key;
    EXPECT_TRUE(line["scores"][key].is_number()) << key;
  }
  EXPECT_EQ(line.dump().find("Idiot"), std::string::npos);
}

}  // namespace
}  // namespace civicpost::moderation
