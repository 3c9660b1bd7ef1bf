#include "scenarios/json_text.hpp"

#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

namespace drsim::scenarios {
namespace {

// Objects larger than this get a hash set for duplicate detection; smaller ones are scanned.
constexpr std::size_t kScanKeys = 32;

// Builds the document from SAX events. Compared with nlohmann's own DOM builder it sees
// every key as it arrives (duplicates), knows the path (for their pointer), and appends keys
// without ordered_map's linear lookup, so a huge object does not cost quadratic time.
class DomBuilder final : public nlohmann::json_sax<Json> {
 public:
  DomBuilder(Json& root, Diagnostics& diags) : root_(root), diags_(diags) {}

  bool null() override { return put(Json(nullptr)); }
  bool boolean(bool v) override { return put(Json(v)); }
  bool number_integer(number_integer_t v) override { return put(Json(v)); }
  bool number_unsigned(number_unsigned_t v) override { return put(Json(v)); }
  bool number_float(number_float_t v, const string_t&) override { return put(Json(v)); }
  bool string(string_t& v) override { return put(Json(std::move(v))); }
  bool binary(binary_t&) override { return put(Json(nullptr)); }  // JSON text has none

  bool start_object(std::size_t) override { return open(Json::object()); }
  bool start_array(std::size_t) override { return open(Json::array()); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }

  bool key(string_t& k) override {
    Frame& f = frames_.back();
    if (seen_before(f, k))
      diags_.add(pointer().append(1, '/').append(escape_pointer_token(k)),
                 fmt::format("duplicate key \"{}\" in this object; each key may appear once", k));
    f.key = std::move(k);
    return true;
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
    error_byte_ = position;
    error_text_ = e.what();
    return false;
  }

  std::size_t error_byte() const { return error_byte_; }
  const std::string& error_text() const { return error_text_; }
  bool too_deep() const { return too_deep_; }

 private:
  struct Frame {
    Json* container = nullptr;
    std::string key;                                        // the key whose value comes next (objects)
    std::unique_ptr<std::unordered_set<std::string>> keys;  // large objects only
  };

  bool seen_before(Frame& f, const std::string& k) {
    const auto& members = f.container->get_ref<Json::object_t&>();
    if (!f.keys && members.size() >= kScanKeys) {
      f.keys = std::make_unique<std::unordered_set<std::string>>();
      for (const auto& m : members) f.keys->insert(m.first);
    }
    if (f.keys) return !f.keys->insert(k).second;
    for (const auto& m : members)
      if (m.first == k) return true;
    return false;
  }

  // Appends to the innermost container and returns where the value now lives. Ancestors
  // are only appended to after their open child is closed, so the Frame pointers held for
  // open containers stay valid.
  Json* insert(Json&& v) {
    if (frames_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    Frame& f = frames_.back();
    if (f.container->is_array()) {
      auto& items = f.container->get_ref<Json::array_t&>();
      items.push_back(std::move(v));
      return &items.back();
    }
    auto& members = static_cast<Json::object_t::Container&>(f.container->get_ref<Json::object_t&>());
    members.emplace_back(f.key, std::move(v));
    return &members.back().second;
  }

  bool put(Json&& v) {
    insert(std::move(v));
    return true;
  }

  bool open(Json&& v) {
    if (frames_.size() >= kMaxJsonDepth) {
      diags_.add(pointer(), fmt::format("nesting deeper than {} levels; a scenario needs far fewer", kMaxJsonDepth));
      too_deep_ = true;
      return false;
    }
    Json* where = insert(std::move(v));
    frames_.push_back(Frame{where, {}, nullptr});
    return true;
  }

  bool close() {
    frames_.pop_back();
    return true;
  }

  // Pointer of the innermost open container (its pending key not included).
  std::string pointer() const {
    std::string p;
    for (std::size_t i = 0; i + 1 < frames_.size(); ++i) {
      const Frame& f = frames_[i];
      if (f.container->is_array())
        p += fmt::format("/{}", f.container->size() - 1);
      else
        p.append(1, '/').append(escape_pointer_token(f.key));
    }
    return p;
  }

  Json& root_;
  Diagnostics& diags_;
  std::vector<Frame> frames_;
  std::size_t error_byte_ = 0;
  std::string error_text_;
  bool too_deep_ = false;
};

// nlohmann's text is "[json.exception.parse_error.101] parse error at line 3, column 7:
// syntax error while parsing value - invalid literal; last read: 'tru,'". Keep what follows
// the position, which says what was found and expected.
// Built by appending (no insert or replace in place, which GCC 12 mistakes for overflows).
std::string clean_parse_message(const std::string& raw) {
  std::string_view msg = raw;
  const std::size_t colon = msg.find(": ");
  if (msg.rfind("[json.exception.", 0) == 0 && colon != std::string_view::npos) msg.remove_prefix(colon + 2);
  std::string out = "JSON syntax error: ";
  for (;;) {
    const std::size_t dash = msg.find(" - ");
    out.append(msg.substr(0, dash));
    if (dash == std::string_view::npos) break;
    out.append(": ");
    msg.remove_prefix(dash + 3);
  }
  return out;
}

bool blank(std::string_view text) {
  for (char c : text)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  return true;
}

}  // namespace

TextPosition text_position(std::string_view text, std::size_t offset) {
  if (offset > text.size()) offset = text.size();
  TextPosition p;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++p.line;
      line_start = i + 1;
    }
  }
  // Count characters, not bytes: UTF-8 continuation bytes (10xxxxxx) do not start one.
  for (std::size_t i = line_start; i < offset; ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++p.column;
  return p;
}

bool parse_json_text(std::string_view text, Diagnostics& diags, Json& out) {
  if (blank(text)) {
    diags.add("", "the file is empty; expected a JSON object describing a scenario");
    return false;
  }
  DomBuilder builder(out, diags);
  const bool ok = Json::sax_parse(text.begin(), text.end(), &builder);
  if (ok) return true;
  if (builder.too_deep()) return false;
  // The parser reports the 1-based index of the last byte it read (size + 1 at the end of
  // the input); that byte is where the text stopped making sense.
  const std::size_t byte = builder.error_byte();
  const TextPosition at = text_position(text, byte > 0 ? byte - 1 : 0);
  diags.add(fmt::format("{}:{}", at.line, at.column), clean_parse_message(builder.error_text()));
  return false;
}

}  // namespace drsim::scenarios
