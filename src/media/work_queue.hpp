// WorkQueue: the bounded hand-off between RenditionSet's caller thread (one producer)
// and one rendition's encoder thread (one consumer). Internal to the media module.
//
// The bound is what keeps memory flat for any clip length: a producer that runs ahead
// of a slow encoder blocks in push() instead of piling up raw pictures. Thread-safe for
// one producer and one consumer; the queue itself must outlive both.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <utility>

namespace syncreel::media {

template <class T>
class WorkQueue {
 public:
  explicit WorkQueue(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  // Blocks while the queue is full. Returns false, dropping `item`, once the queue was
  // cancelled (the consumer failed or the owner is tearing down): the producer must
  // stop feeding and ask the consumer why.
  bool push(T item) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return cancelled_ || items_.size() < capacity_; });
    if (cancelled_ || closed_) return false;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return true;
  }

  // Blocks until an item is available. nullopt means "no more items, ever": either the
  // producer closed the queue and everything before the close was handed out, or the
  // queue was cancelled (remaining items are dropped).
  std::optional<T> pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return cancelled_ || closed_ || !items_.empty(); });
    if (cancelled_ || items_.empty()) return std::nullopt;
    std::optional<T> item(std::move(items_.front()));
    items_.pop_front();
    not_full_.notify_one();
    return item;
  }

  // End of input: the consumer drains what is queued, then pop() returns nullopt.
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
  }

  // Whether cancel() was called: tells the consumer's "no more items" apart from a close().
  bool cancelled() {
    std::lock_guard lock(mutex_);
    return cancelled_;
  }

  // Abandon the hand-off: wakes both sides, drops queued items, refuses new ones.
  // Idempotent; safe to call from either side.
  void cancel() {
    std::deque<T> dropped;
    {
      std::lock_guard lock(mutex_);
      cancelled_ = true;
      dropped.swap(items_);  // released outside the lock
      not_empty_.notify_all();
      not_full_.notify_all();
    }
  }

 private:
  std::mutex mutex_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<T> items_;
  const std::size_t capacity_;
  bool closed_ = false;
  bool cancelled_ = false;
};

}  // namespace syncreel::media
