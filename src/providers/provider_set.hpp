// ProviderSet: the providers this process can use, by name ("local", "seedance").
// Filled once at start-up, then only read: safe to share between threads after that.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "providers/provider.hpp"

namespace syncreel {

class ProviderSet {
 public:
  void add(std::unique_ptr<Provider> provider) {
    const std::string name(provider->name());
    providers_[name] = std::move(provider);
  }
  // nullptr when no provider has that name.
  Provider* find(std::string_view name) const {
    const auto it = providers_.find(std::string(name));
    return it == providers_.end() ? nullptr : it->second.get();
  }
  bool empty() const { return providers_.empty(); }

 private:
  std::map<std::string, std::unique_ptr<Provider>> providers_;
};

}  // namespace syncreel
