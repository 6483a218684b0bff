#pragma once
// Phrases several documents share.

#include <string>

#include "concept/concept.hpp"

namespace civicpost::documents {

// "Schürenstraße 17, 48336 Sassenberg"
std::string AddressLine(const usage::PostalAddress& address);
// "Herr Dominik Scholz, Datenschutzbeauftragter, E-Mail: …, Telefon: …"
std::string DpoLine(const usage::Concept& concept_data);
// True for the authority's own website (the public mirror).
bool IsOwnWebsite(const usage::Channel& channel);

}  // namespace civicpost::documents
