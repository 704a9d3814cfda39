#include "store/key_store.hpp"

#include <array>
#include <utility>

namespace syncreel {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 3> kRoles{{
    {Role::user, "user"},
    {Role::moderator, "moderator"},
    {Role::admin, "admin"},
}};

}  // namespace

std::string_view to_string(Role r) {
  for (const auto& [role, name] : kRoles) {
    if (role == r) return name;
  }
  return "user";  // unreachable for a valid enum value; the least privileged name
}

std::optional<Role> role_from_string(std::string_view s) {
  for (const auto& [role, name] : kRoles) {
    if (name == s) return role;
  }
  return std::nullopt;
}

}  // namespace syncreel
