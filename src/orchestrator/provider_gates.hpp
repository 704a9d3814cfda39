// ProviderGates: one ConcurrencyGate per capped remote provider, so that syncreel never
// has more tasks in flight at a provider account than the account allows (extra jobs
// stay queued here instead of piling up, or being refused, at the provider).
//
// Built once before the workers start, then only read: the map itself needs no lock and
// each gate is thread-safe.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "providers/resilience/concurrency_gate.hpp"

namespace syncreel {

class ProviderGates {
 public:
  void add(std::string provider, ConcurrencyGateConfig config, const Clock& clock) {
    gates_[std::move(provider)] = std::make_unique<ConcurrencyGate>(config, clock);
  }
  // nullptr when the provider is not capped.
  ConcurrencyGate* find(std::string_view provider) const {
    const auto it = gates_.find(provider);
    return it == gates_.end() ? nullptr : it->second.get();
  }
  const auto& all() const { return gates_; }

 private:
  std::map<std::string, std::unique_ptr<ConcurrencyGate>, std::less<>> gates_;
};

}  // namespace syncreel
