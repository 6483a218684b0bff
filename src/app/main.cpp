// civicpost: the social-media desk for public authorities.
// main stays thin: parse the command line, run the command.

#include <sodium.h>
#include <sys/stat.h>

#include <exception>
#include <iostream>

#include "app/commands.hpp"
#include "cli/command_line.hpp"

int main(int argc, char** argv) {
  // The database holds password hashes and citizens' comments: nothing the
  // service creates is readable by other users of the machine.
  umask(027);
  if (sodium_init() < 0) {
    std::cerr << "civicpost: libsodium could not be initialised\n";
    return 1;
  }
  auto parsed = civicpost::cli::ParseCommandLine(argc, argv);
  if (const int* exit_code = std::get_if<int>(&parsed)) return *exit_code;
  try {
    return civicpost::app::RunCommand(std::get<civicpost::cli::Command>(parsed));
  } catch (const std::exception& e) {
    // Only bugs and fatal start-up errors arrive here.
    std::cerr << "civicpost: internal error: " << e.what() << "\n";
    return 1;
  }
}
