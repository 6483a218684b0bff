#include "sys/secret_input.hpp"

#include <termios.h>
#include <unistd.h>

#include <fstream>
#include <iostream>

namespace civicpost::sys {
namespace {

std::string FirstLine(std::istream& in) {
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

Result<std::string> ReadSecret(const std::optional<std::string>& file, const std::string& prompt) {
  if (file) {
    std::ifstream in(*file);
    if (!in) return NotFound("cannot read the file " + *file);
    return FirstLine(in);
  }
  if (!isatty(STDIN_FILENO)) return FirstLine(std::cin);
  std::cerr << prompt << std::flush;
  termios saved{};
  tcgetattr(STDIN_FILENO, &saved);
  termios quiet = saved;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::string secret = FirstLine(std::cin);
  tcsetattr(STDIN_FILENO, TCSANOW, &saved);
  std::cerr << "\n";
  return secret;
}

}  // namespace civicpost::sys
