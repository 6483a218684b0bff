#pragma once
// The one way text becomes the classifier's input, shared by training and
// prediction so the two never drift apart: the `words` fold (text_fold.hpp)
// cut into tokens. Words and numbers stay whole; every other sign is a token
// of its own (a run of one sign is one token); a mention becomes "@user" and
// a web address "<url>", because who is named or linked says nothing about
// tone and would only make the model remember names.

#include <string>
#include <string_view>

#include "moderation/text_fold.hpp"

namespace civicpost::moderation {

// Tokens separated by single spaces, no line breaks.
std::string ModelInput(const FoldedText& text);

}  // namespace civicpost::moderation
