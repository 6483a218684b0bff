// `civicpost classify` and `civicpost model train/eval` as an operator or a
// script meets them: the JSON lines contract, reproducible training, and
// errors that name the file and line.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "child_process.hpp"
#include "test_dirs.hpp"

namespace civicpost::testing {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(Classify, WritesOneJsonObjectPerInputLine) {
  const std::string input =
      "Danke für die schönen Bilder vom Stadtfest!\n"
      "Du bist so ein dummes Arschloch, halt endlich die Fresse\n"
      "\n"
      "kaputt: \xff\xfe\n"
      "Wie beantrage ich einen Anwohnerparkausweis?\n";
  RunResult r = RunToEnd({Binary(), "classify"}, input);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 5u) << r.out;
  std::vector<nlohmann::json> objects;
  for (const std::string& line : lines) {
    nlohmann::json object = nlohmann::json::parse(line);
    ASSERT_TRUE(object["abusive"].is_number()) << line;
    EXPECT_GE(object["abusive"].get<double>(), 0.0);
    EXPECT_LE(object["abusive"].get<double>(), 1.0);
    EXPECT_EQ(object["scores"].size(), 8u) << line;
    for (const auto& [name, score] : object["scores"].items()) {
      EXPECT_GE(score.get<double>(), 0.0) << name;
      EXPECT_LE(score.get<double>(), 1.0) << name;
    }
    const std::string action = object["action"];
    EXPECT_TRUE(action == "none" || action == "review" || action == "hide") << line;
    EXPECT_TRUE(object["category"].is_string());
    EXPECT_TRUE(object["clause"].is_string());
    objects.push_back(std::move(object));
  }
  EXPECT_EQ(objects[0]["action"], "none");
  EXPECT_GT(objects[1]["abusive"].get<double>(), 0.9);
  EXPECT_EQ(objects[1]["category"], "insult");
  EXPECT_EQ(objects[1]["clause"], "N1");
  EXPECT_NE(objects[1]["action"], "none");
  EXPECT_EQ(objects[2]["action"], "none");  // an empty line is an empty comment
  EXPECT_EQ(objects[4]["category"], "consultation");
  EXPECT_EQ(objects[4]["action"], "review");
}

TEST(Classify, ABrokenConceptOrModelDirectoryIsNamed) {
  TempDir dir;
  std::ofstream(dir / "concept.toml") << "title = \"kaputt\"\n";
  RunResult concept_value =
      RunToEnd({Binary(), "classify", "--concept", dir / "concept.toml"}, "x\n");
  EXPECT_EQ(concept_value.exit_code, 2);
  EXPECT_NE(concept_value.err.find(dir / "concept.toml"), std::string::npos) << concept_value.err;
  RunResult models = RunToEnd({Binary(), "classify", "--models", dir / "nirgends"}, "x\n");
  EXPECT_NE(models.exit_code, 0);
  EXPECT_NE(models.err.find(dir / "nirgends/model.json"), std::string::npos) << models.err;
  EXPECT_TRUE(models.out.empty());
}

// A small labelled pool in the shape of ../shared/data/moderation.
void WritePool(const TempDir& dir) {
  std::filesystem::create_directories(dir / "data");
  std::ofstream germeval(dir / "data/germeval2018.training.txt");
  std::ofstream gahd(dir / "data/gahd.train_dev.csv");
  gahd << "gahd_id,text,label\n";
  std::ofstream(dir / "data/naughty-words.de.json") << "[\"arschloch\", \"fresse\"]\n";
  std::ofstream(dir / "data/offensive-compounds.goldstandard.compounds.txt")
      << "#compound\tmodifier\thead\tlabel\nvollidiot\tvoll\tidiot\tDEROGATORY\n";
  std::ofstream(dir / "data/offensive-compounds.goldstandard.unigrams.txt")
      << "#English_unigrams\tGerman_translation\t#label\nmoron_noun\tTrottel_noun\tDEROGATORY\n";
  const char* insults[] = {"du dummer idiot", "halt die fresse du depp", "was für ein vollidiot",
                           "ihr seid alle trottel", "so ein arschloch"};
  const char* friendly[] = {"schöner tag heute", "danke für die info", "tolle bilder vom fest",
                            "wann ist der markt", "guten morgen zusammen"};
  for (int i = 0; i < 30; ++i) {
    germeval << "@user " << insults[i % 5] << " " << i << "\tOFFENSE\tINSULT\n";
    germeval << "@user " << friendly[i % 5] << " " << i << "\tOTHER\tOTHER\n";
    gahd << "h" << i << ",\"alle aus dem dorf sind " << insults[i % 5] << "\",1\n";
    gahd << "n" << i << ",\"im dorf ist es " << friendly[i % 5] << "\",0\n";
  }
}

TEST(ModelTrain, SameDataSameModelAndARecordOfHow) {
  TempDir dir;
  WritePool(dir);
  for (const std::string out : {"a", "b"}) {
    RunResult r = RunToEnd({Binary(), "model", "train", "--data", dir / "data", "--out", dir / out,
                            "--folds", "2", "--epoch", "5", "--bucket", "1000"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("macro-F1"), std::string::npos) << r.out;
  }
  for (const std::string file : {"offense.ftz", "hate.ftz", "lexicon.txt", "model.json"}) {
    EXPECT_FALSE(ReadFile(dir / ("a/" + file)).empty()) << file;
    EXPECT_EQ(ReadFile(dir / ("a/" + file)), ReadFile(dir / ("b/" + file))) << file;
  }
  const nlohmann::json model = nlohmann::json::parse(ReadFile(dir / "a/model.json"));
  EXPECT_EQ(model["heads"]["offense"]["parameters"]["epoch"], 5);
  EXPECT_EQ(model["heads"]["hate"]["parameters"]["bucket"], 1000);
  EXPECT_EQ(model["heads"]["offense"]["data"]["sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(model["cross_validation"]["folds"], 2);
  EXPECT_TRUE(model["cross_validation"]["germeval_coarse"]["macro_f1"].is_number());
  EXPECT_EQ(ReadFile(dir / "a/lexicon.txt"), "arschloch\nfresse\ntrottel\nvollidiot\n");

  // The new model is usable at once.
  RunResult classify = RunToEnd({Binary(), "classify", "--models", dir / "a"}, "du dummer idiot\n");
  EXPECT_EQ(classify.exit_code, 0) << classify.err;
  EXPECT_EQ(Lines(classify.out).size(), 1u);
}

TEST(ModelTrain, TheAuthoritysOwnExamplesJoinTheOffenseHead) {
  TempDir dir;
  WritePool(dir);
  // As `civicpost model examples` writes them: text, label, category.
  std::ofstream(dir / "own.csv") << "text,label,category\n"
                                 << "\"Sie Vollpfosten vom Bauamt\",1,insult\n"
                                 << "\"Wann öffnet das Freibad wieder?\",0,consultation\n";
  RunResult r =
      RunToEnd({Binary(), "model", "train", "--data", dir / "data", "--out", dir / "model",
                "--folds", "2", "--epoch", "5", "--bucket", "1000", "--extra", dir / "own.csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("62 tweets"), std::string::npos) << r.err;  // 60 + 2
  const nlohmann::json model = nlohmann::json::parse(ReadFile(dir / "model/model.json"));
  const nlohmann::json& extra = model["heads"]["offense"]["extra_data"];
  ASSERT_EQ(extra.size(), 1u);
  EXPECT_EQ(extra[0]["file"], "own.csv");
  EXPECT_EQ(extra[0]["examples"], 2);

  // A broken file is named with its line, and nothing is written.
  std::ofstream(dir / "bad.csv") << "text,label\n\"gut\",vielleicht\n";
  RunResult bad = RunToEnd({Binary(), "model", "train", "--data", dir / "data", "--out",
                            dir / "other", "--folds", "2", "--extra", dir / "bad.csv"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find(dir / "bad.csv" + ":2"), std::string::npos) << bad.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "other/model.json"));
}

TEST(ModelTrain, BadDataLeavesTheOldModelAsItWas) {
  TempDir dir;
  WritePool(dir);
  RunResult first = RunToEnd({Binary(), "model", "train", "--data", dir / "data", "--out",
                              dir / "model", "--folds", "2", "--epoch", "2", "--bucket", "1000"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const std::string before = ReadFile(dir / "model/model.json");
  std::ofstream(dir / "data/gahd.train_dev.csv", std::ios::app) << "x,\"kaputt\",vielleicht\n";
  RunResult r = RunToEnd(
      {Binary(), "model", "train", "--data", dir / "data", "--out", dir / "model", "--folds", "2"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(dir / "data/gahd.train_dev.csv:62: label \"vielleicht\""), std::string::npos)
      << r.err;
  EXPECT_EQ(ReadFile(dir / "model/model.json"), before);
}

TEST(ModelEval, PrintsMacroF1PerClassAndTheHideAction) {
  TempDir dir;
  std::ofstream(dir / "test.txt")
      << "@a Du bist so ein dummes Arschloch, halt die Fresse\tOFFENSE\tINSULT\n"
         "@b Danke für die schönen Bilder vom Stadtfest\tOTHER\tOTHER\n"
         "@c Was für ein Vollidiot, unfassbar dumm\tOFFENSE\tABUSE\n"
         "@d Morgen ist Wochenmarkt auf dem Marktplatz\tOTHER\tOTHER\n";
  RunResult r =
      RunToEnd({Binary(), "model", "eval", "--data", dir / "test.txt", "--format", "germeval"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("macro-F1 1.0000"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("OFFENSE    P 1.0000  R 1.0000"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("fine labels"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("hide action in office hours (from 0.95): precision"), std::string::npos)
      << r.out;

  std::ofstream(dir / "bad.txt") << "nur ein Feld\n";
  RunResult bad =
      RunToEnd({Binary(), "model", "eval", "--data", dir / "bad.txt", "--format", "germeval"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find(dir / "bad.txt:1: expected three tab-separated fields"), std::string::npos)
      << bad.err;
}

TEST(EvidenceExport, AnUnknownRecordIsNamedAndNothingIsWritten) {
  TempDir dir;
  ASSERT_EQ(RunToEnd({Binary(), "init", "--demo", "--data-dir", dir / "var"}).exit_code, 0);
  RunResult r = RunToEnd(
      {Binary(), "evidence", "export", "42", "--data-dir", dir / "var", "--out", dir / "anzeige"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no evidence with id 42"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "anzeige"));
  RunResult bad = RunToEnd({Binary(), "evidence", "export", "zwei", "--data-dir", dir / "var"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("ID"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace civicpost::testing
