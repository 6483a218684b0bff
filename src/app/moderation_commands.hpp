#pragma once
// The moderation engine's commands: `model train`, `model eval`, `classify`.

#include <filesystem>

#include "cli/command_line.hpp"

namespace civicpost::app {

// The classifier committed with the sources (models/).
std::filesystem::path DefaultModelDir();

int ModelTrain(const cli::ModelTrainCommand& cmd);
int ModelEval(const cli::ModelEvalCommand& cmd);
int Classify(const cli::ClassifyCommand& cmd);

}  // namespace civicpost::app
