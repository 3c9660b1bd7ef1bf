// The loader's small helpers: "did you mean" distances, ARN wildcards and pseudo-ARNs, and
// text positions for syntax errors.
#include <doctest/doctest.h>

#include <array>
#include <string_view>

#include "scenarios/did_you_mean.hpp"
#include "scenarios/json_text.hpp"
#include "scenarios/pseudo_arn.hpp"

using namespace drsim::scenarios;
using drsim::models::ResourceType;

TEST_CASE("loader hints: edit distance counts swaps of neighbours as one edit, ignoring case") {
  CHECK(edit_distance("requires", "requires") == 0);
  CHECK(edit_distance("reqiures", "requires") == 1);
  CHECK(edit_distance("backupplan", "BackupPlan") == 0);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("", "abc") == 3);
}

TEST_CASE("loader hints: did-you-mean proposes only plausible typos") {
  constexpr std::array<std::string_view, 4> names = {"requires", "region", "resources", "az"};
  CHECK(did_you_mean("reqiures", names) == " (did you mean \"requires\"?)");
  CHECK(did_you_mean("regoin", names) == " (did you mean \"region\"?)");
  CHECK(did_you_mean("za", names) == " (did you mean \"az\"?)");
  CHECK(did_you_mean("completely-different", names).empty());
  CHECK(did_you_mean("xy", names).empty());
  CHECK(list_names(names, 2) == "requires, region, ... (2 more)");
}

TEST_CASE("loader hints: ARN patterns match pseudo-ARNs field by field") {
  const auto vol = pseudo_arn(ResourceType::ebs, "us-east-1", "data-1");
  CHECK(vol == "arn:aws:ec2:us-east-1:*:volume/data-1");
  CHECK(arn_matches("arn:aws:ec2:*:*:volume/*", vol));
  CHECK(arn_matches("arn:aws:ec2:us-east-1:123456789012:volume/data-*", vol));
  CHECK(arn_matches("arn:aws-us-gov:ec2:us-east-1:123456789012:volume/data-1", vol));
  CHECK_FALSE(arn_matches("arn:aws:ec2:us-west-2:*:volume/*", vol));
  CHECK_FALSE(arn_matches("arn:aws:ec2:*:*:instance/*", vol));
  CHECK(pseudo_arn(ResourceType::s3, "us-east-1", "assets") == "arn:aws:s3:::assets");
  CHECK(arn_matches("arn:aws:s3:::ass*", pseudo_arn(ResourceType::s3, "us-east-1", "assets")));
  CHECK(arn_matches("arn:aws:rds:*:*:cluster:*", pseudo_arn(ResourceType::aurora, "eu-west-1", "ledger")));
  CHECK(wildcard_match("a*b*c", "aXXbYYc"));
  CHECK_FALSE(wildcard_match("a*b*c", "aXXbYY"));
  CHECK(wildcard_match("*", ""));
}

TEST_CASE("loader hints: text positions are 1-based lines and character columns") {
  CHECK(text_position("abc", 0).line == 1);
  CHECK(text_position("abc", 0).column == 1);
  CHECK(text_position("ab\ncd", 4).line == 2);
  CHECK(text_position("ab\ncd", 4).column == 2);
  CHECK(text_position("\xC3\xA9x", 2).column == 2);  // after one two-byte character
  CHECK(text_position("ab", 99).column == 3);        // clamped to the end
}
