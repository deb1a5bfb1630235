#pragma once
/// A bot's reply_markup (core.telegram.org/bots/api#inlinekeyboardmarkup
/// and the three others): read from its JSON, checked, and written again
/// with only the fields actorgram keeps, so what is stored with a message
/// is small and well-formed. Inline buttons carry callback_data (1-64
/// bytes) or a url; reply keyboards carry texts.
#include <string>
#include <string_view>

namespace ag {

struct read_markup {
  std::string stored;  ///< the JSON kept with the message
  std::string refused; ///< else why (the Bot API's words, after "Bad Request: ")
};

read_markup read_reply_markup(std::string_view json);

} // namespace ag
