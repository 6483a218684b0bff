// What the classifier is trained and measured with: the labelled files, the
// model input, the calibration and the GermEval metrics.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "moderation/calibration.hpp"
#include "moderation/labelled_data.hpp"
#include "moderation/metrics.hpp"
#include "moderation/model_input.hpp"

namespace civicpost::moderation {
namespace {

std::filesystem::path WriteTemp(const std::string& name, const std::string& text) {
  const std::filesystem::path path = std::filesystem::path(::testing::TempDir()) / name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST(Metrics, MacroF1IsTheHarmonicMeanOfMacroPrecisionAndRecall) {
  // OFFENSE: 2 of 3 predictions right (P 2/3), 2 of 4 found (R 1/2).
  // OTHER: 3 of 5 predictions right (P 3/5), 3 of 4 found (R 3/4).
  const std::vector<std::string> gold{"OFFENSE", "OFFENSE", "OFFENSE", "OFFENSE",
                                      "OTHER",   "OTHER",   "OTHER",   "OTHER"};
  const std::vector<std::string> predicted{"OFFENSE", "OFFENSE", "OTHER", "OTHER",
                                           "OFFENSE", "OTHER",   "OTHER", "OTHER"};
  const ClassificationReport r = Evaluate(gold, predicted);
  EXPECT_NEAR(r.classes.at("OFFENSE").precision, 2.0 / 3, 1e-12);
  EXPECT_NEAR(r.classes.at("OFFENSE").recall, 0.5, 1e-12);
  EXPECT_NEAR(r.classes.at("OTHER").precision, 3.0 / 5, 1e-12);
  EXPECT_NEAR(r.classes.at("OTHER").recall, 0.75, 1e-12);
  const double macro_p = (2.0 / 3 + 3.0 / 5) / 2;
  const double macro_r = (0.5 + 0.75) / 2;
  EXPECT_NEAR(r.macro_f1, 2 * macro_p * macro_r / (macro_p + macro_r), 1e-12);
  // Not the mean of the per-class F1 scores, which is lower here.
  const double mean_f1 = (r.classes.at("OFFENSE").f1 + r.classes.at("OTHER").f1) / 2;
  EXPECT_GT(r.macro_f1, mean_f1 + 1e-4);
  EXPECT_NEAR(r.accuracy, 5.0 / 8, 1e-12);
}

TEST(Metrics, AClassNeverPredictedHasPrecisionZero) {
  const ClassificationReport r = Evaluate({"PROFANITY", "OTHER"}, {"OTHER", "OTHER"});
  EXPECT_EQ(r.classes.at("PROFANITY").predicted, 0);
  EXPECT_EQ(r.classes.at("PROFANITY").precision, 0);
}

TEST(Calibration, IsMonotoneAndNeverClaimsCertainty) {
  std::vector<std::pair<double, bool>> scored;
  for (int i = 0; i < 100; ++i) scored.emplace_back(i / 100.0, i >= 60 || i % 10 == 0);
  const Calibration c = Calibration::Fit(scored);
  double previous = 0;
  for (int i = 0; i <= 100; ++i) {
    const double value = c.Apply(i / 100.0);
    EXPECT_GE(value, previous);
    previous = value;
  }
  // The top block holds 40 hits and no miss: 41/42, not 1.
  EXPECT_NEAR(c.Apply(0.99), 41.0 / 42, 1e-9);
  EXPECT_LT(c.Apply(0.3), 0.2);
}

TEST(Calibration, BrokenTablesInTheModelFileAreNamed) {
  const auto broken = Calibration::FromJson(
      nlohmann::json::parse(R"({"raw": [0.1, 0.5], "calibrated": [0.6, 0.2]})"),
      "model.json: heads.hate");
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message.find("model.json: heads.hate"), std::string::npos);
}

TEST(ModelInput, CutsSignsOffWordsAndHidesNamesAndLinks) {
  EXPECT_EQ(ModelInput(Fold("@StadtSassenberg Ihr seid SPITZE!!! 👍 https://bit.ly/x")),
            "@user ihr seid spitze ! 👍 <url>");
  EXPECT_EQ(ModelInput(Fold("Das kostet 3,50€ – ab 14:30 Uhr.")),
            "das kostet 3 , 50 € – ab 14 : 30 uhr .");
  EXPECT_EQ(ModelInput(Fold("sch31ss3")), "scheisse");
}

TEST(ModelInput, ACommentCannotSpellALabel) {
  // fastText reads "__label__" tokens as labels; ours are upper case and the input is folded.
  EXPECT_EQ(ModelInput(Fold("__label__OTHER")).find("OTHER"), std::string::npos);
}

TEST(LabelledData, ReadsGermEvalWithLineBreaks) {
  const auto path = WriteTemp("germeval.txt",
                              "@a Du Idiot|LBR|echt jetzt\tOFFENSE\tINSULT\n"
                              "Schönes Wetter\tOTHER\tOTHER\n");
  auto rows = ReadLabelled(path, DataFormat::kGermEval);
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].text, "@a Du Idiot\necht jetzt");
  EXPECT_TRUE((*rows)[0].abusive);
  EXPECT_EQ((*rows)[0].fine, "INSULT");
  EXPECT_FALSE((*rows)[1].abusive);
}

TEST(LabelledData, GermEvalErrorsNameFileAndLine) {
  const auto path = WriteTemp("bad.txt", "ok\tOTHER\tOTHER\nzwei Felder\tOFFENSE\n");
  auto rows = ReadLabelled(path, DataFormat::kGermEval);
  ASSERT_FALSE(rows);
  EXPECT_EQ(
      rows.error().message,
      path.string() + ":2: expected three tab-separated fields: text, coarse label, fine label");
  const auto label = WriteTemp("label.txt", "text\tOFFENSIVE\tINSULT\n");
  EXPECT_EQ(ReadLabelled(label, DataFormat::kGermEval).error().message,
            label.string() + ":1: coarse label \"OFFENSIVE\" is not OFFENSE or OTHER");
}

TEST(LabelledData, ReadsCsvWithQuotedFieldsAcrossLines) {
  const auto path = WriteTemp("gahd.csv",
                              "id,text,label\n"
                              "a,\"Erste Zeile\nzweite, mit \"\"Zitat\"\"\",1\n"
                              "b,Harmlos,0\n");
  auto rows = ReadLabelled(path, DataFormat::kCsv);
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].text, "Erste Zeile\nzweite, mit \"Zitat\"");
  EXPECT_TRUE((*rows)[0].abusive);
  EXPECT_FALSE((*rows)[1].abusive);
}

TEST(LabelledData, CsvErrorsNameTheRecordsFirstLine) {
  const auto path = WriteTemp("bad.csv", "text,label\n\"zwei\nZeilen\",1\nx,vielleicht\n");
  EXPECT_EQ(ReadLabelled(path, DataFormat::kCsv).error().message,
            path.string() + ":4: label \"vielleicht\" is not 1, 0, OFFENSE, HATE or OTHER");
  const auto header = WriteTemp("header.csv", "comment,label\nx,1\n");
  EXPECT_EQ(ReadLabelled(header, DataFormat::kCsv).error().message,
            header.string() + ":1: the header needs a \"text\" and a \"label\" column");
  const auto open = WriteTemp("open.csv", "text,label\n\"nie geschlossen,1\n");
  EXPECT_EQ(ReadLabelled(open, DataFormat::kCsv).error().message,
            open.string() + ":2: a quoted field is not closed");
}

}  // namespace
}  // namespace civicpost::moderation
