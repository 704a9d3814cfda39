#include "store/key_store.hpp"

#include <gtest/gtest.h>

namespace syncreel {
namespace {

TEST(Role, NamesRoundTrip) {
  for (Role r : {Role::user, Role::moderator, Role::admin}) EXPECT_EQ(role_from_string(to_string(r)), r);
  EXPECT_EQ(to_string(Role::moderator), "moderator");
  EXPECT_EQ(role_from_string("Admin"), std::nullopt);
  EXPECT_EQ(role_from_string(""), std::nullopt);
}

}  // namespace
}  // namespace syncreel
