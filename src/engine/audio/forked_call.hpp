// Runs a function in a forked child process and returns the bytes it produced.
//
// For libraries whose global state drifts from call to call (espeak-ng: see
// espeak_voice.cpp): the child starts from a copy of this process as it is now, so a
// call made there can never change what the next one sees, and its result depends only
// on its inputs and the state at fork time.
//
// The child runs only the calling thread (as after any fork): `work` must not wait for
// other threads or take locks they might have held. The caller should hold its own lock
// around the library while forking, so no other thread is inside it at that moment.
#pragma once

#include <functional>
#include <string>

#include "core/error.hpp"

namespace syncreel::engine {

// Forks; the child calls work(out), writes `out` to a pipe and exits with _exit (no
// atexit handlers, no stdio flush of the parent's buffers). Success: the child's bytes.
// Failure: internal when the fork or the pipe fails, or `work` returned false, crashed
// or wrote nothing whole.
Result<std::string> call_in_forked_child(const std::function<bool(std::string& out)>& work);

}  // namespace syncreel::engine
