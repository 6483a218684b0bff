#pragma once
// The moderation engine's commands: `model train`, `model eval`, `classify`.

#include "cli/command_line.hpp"

namespace civicpost::app {

int ModelTrain(const cli::ModelTrainCommand& cmd);
int ModelEval(const cli::ModelEvalCommand& cmd);
int Classify(const cli::ClassifyCommand& cmd);

}  // namespace civicpost::app
