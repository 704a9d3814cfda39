#include "engine/audio/visemes.hpp"

namespace syncreel::engine {

Viseme viseme_for_phoneme(std::string_view m) {
  while (!m.empty() && (m.front() == '\'' || m.front() == ',' || m.front() == '%' || m.front() == '=')) {
    m.remove_prefix(1);
  }
  if (m.empty() || m.front() == '_') return Viseme::rest;
  // Postalveolar affricates and fricatives push the lips forward, in French even more.
  if (m.starts_with("tS") || m.starts_with("dZ")) return Viseme::oo;
  switch (m.front()) {
    case 'm':
    case 'b':
    case 'p': return Viseme::mbp;
    case 'f':
    case 'v': return Viseme::fv;
    case 'l':
    case 'L':
    case 'T':
    case 'D': return Viseme::l;
    case 'w':
    case 'S':
    case 'Z': return Viseme::oo;
    // Vowels. espeak names a diphthong by its first target ("aI", "oU", "e@").
    case 'a':
    case 'A':
    case 'V':
    case '@':
    case '&': return Viseme::aa;
    case 'e':
    case 'E':
    case 'i':
    case 'I':
    case '3': return Viseme::ee;
    case 'o':
    case 'O':
    case '0':
    case 'W': return Viseme::oh;  // 'W' is French "œ"
    case 'u':
    case 'U':
    case 'y':
    case 'Y': return Viseme::oo;  // 'y' is French "u"
    default: return Viseme::ee;
  }
}

}  // namespace syncreel::engine
