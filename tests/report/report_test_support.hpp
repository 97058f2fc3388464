#ifndef CTNN_TESTS_REPORT_REPORT_TEST_SUPPORT_HPP
#define CTNN_TESTS_REPORT_REPORT_TEST_SUPPORT_HPP

// Helpers shared by the tests in tests/report/: a temporary directory, reading a file whole,
// and checking that a text is well-formed XML.

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <unistd.h>

namespace ctnn_test {

// A fresh, empty directory under the system's temporary directory, removed with its contents
// at the end of the scope. Unique per process and per object, so tests may run in parallel.
class temporary_directory {
public:
  temporary_directory() {
    static std::atomic<unsigned> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("ctnn_report_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  temporary_directory(const temporary_directory&) = delete;
  temporary_directory& operator=(const temporary_directory&) = delete;
  ~temporary_directory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  const std::filesystem::path& path() const { return path_; }

  // The names of the entries in the directory, sorted.
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(path_)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

private:
  std::filesystem::path path_;
};

inline std::string read_whole_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void write_plain_file(const std::filesystem::path& path, std::string_view contents) {
  std::ofstream(path, std::ios::binary) << contents;
}

// A small well-formedness check that needs no XML library: every element opened is closed in
// order, exactly one root element, every '&' starts one of the five predefined entities or a
// character reference, and no '<' appears inside an attribute value or text. Returns "" if the
// text passes, otherwise what is wrong.
inline std::string xml_problem(std::string_view xml) {
  std::vector<std::string> open;
  std::size_t roots = 0;
  std::size_t i = 0;
  const auto name_at = [&](std::size_t from) {
    std::size_t end = from;
    while (end < xml.size() &&
           (std::isalnum(static_cast<unsigned char>(xml[end])) != 0 || xml[end] == '-' ||
            xml[end] == '_' || xml[end] == ':' || xml[end] == '.')) {
      ++end;
    }
    return std::string(xml.substr(from, end - from));
  };
  const auto check_entities = [&](std::string_view text) -> std::string {
    for (std::size_t k = text.find('&'); k != std::string_view::npos; k = text.find('&', k + 1)) {
      const std::size_t semicolon = text.find(';', k);
      if (semicolon == std::string_view::npos) {
        return "'&' without ';'";
      }
      const std::string_view entity = text.substr(k, semicolon - k + 1);
      if (entity != "&amp;" && entity != "&lt;" && entity != "&gt;" && entity != "&quot;" &&
          entity != "&apos;" && entity.substr(0, 2) != "&#") {
        return "unknown entity " + std::string(entity);
      }
    }
    return "";
  };
  while (i < xml.size()) {
    const std::size_t lt = xml.find('<', i);
    const std::string_view text = xml.substr(i, lt == std::string_view::npos ? xml.npos : lt - i);
    if (const std::string problem = check_entities(text); !problem.empty()) {
      return problem;
    }
    if (text.find('>') != std::string_view::npos) {
      return "'>' in text";
    }
    if (open.empty() && text.find_first_not_of(" \t\r\n") != std::string_view::npos) {
      return "text outside the root element";
    }
    if (lt == std::string_view::npos) {
      break;
    }
    if (xml.substr(lt, 4) == "<!--") {
      const std::size_t end = xml.find("-->", lt + 4);
      if (end == std::string_view::npos) {
        return "unterminated comment";
      }
      i = end + 3;
      continue;
    }
    if (xml.substr(lt, 2) == "<?") {
      const std::size_t end = xml.find("?>", lt + 2);
      if (end == std::string_view::npos) {
        return "unterminated processing instruction";
      }
      i = end + 2;
      continue;
    }
    // Find the end of the tag, skipping quoted attribute values.
    std::size_t end = lt + 1;
    char quote = 0;
    for (; end < xml.size(); ++end) {
      if (quote != 0) {
        if (xml[end] == quote) {
          quote = 0;
        } else if (xml[end] == '<') {
          return "'<' in an attribute value";
        }
      } else if (xml[end] == '"' || xml[end] == '\'') {
        quote = xml[end];
      } else if (xml[end] == '>') {
        break;
      }
    }
    if (end >= xml.size()) {
      return "unterminated tag";
    }
    const std::string_view tag = xml.substr(lt, end - lt + 1);
    if (const std::string problem = check_entities(tag); !problem.empty()) {
      return problem;
    }
    if (tag.substr(0, 2) == "</") {
      const std::string name = name_at(lt + 2);
      if (open.empty() || open.back() != name) {
        return "</" + name + "> does not close the open element " +
               (open.empty() ? std::string("(none)") : "<" + open.back() + ">");
      }
      open.pop_back();
    } else {
      const std::string name = name_at(lt + 1);
      if (name.empty()) {
        return "a tag without a name";
      }
      if (open.empty() && ++roots > 1) {
        return "more than one root element";
      }
      if (tag.substr(tag.size() - 2) != "/>") {
        open.push_back(name);
      }
    }
    i = end + 1;
  }
  if (!open.empty()) {
    return "<" + open.back() + "> is never closed";
  }
  return roots == 1 ? "" : "no root element";
}

inline constexpr const char* xmllint_path = "/usr/bin/xmllint";

// Runs `xmllint --noout` on `path`; returns its exit status and puts its messages in `output`.
inline int run_xmllint(const std::filesystem::path& path, std::string& output) {
  const std::filesystem::path messages = path.string() + ".xmllint.txt";
  const std::string command =
      std::string(xmllint_path) + " --noout '" + path.string() + "' 2>'" + messages.string() + "'";
  const int status = std::system(command.c_str());
  output = read_whole_file(messages);
  std::filesystem::remove(messages);
  return status;
}

}  // namespace ctnn_test

#endif
