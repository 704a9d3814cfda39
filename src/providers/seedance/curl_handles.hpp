// RAII owners for libcurl handles, and the process-wide libcurl initialisation.
//
// Internal to the seedance provider (only its .cpp files include curl). Each handle is
// owned by one thread at a time; the initialisation is thread-safe.
#pragma once

#include <curl/curl.h>

#include <cstdio>
#include <memory>
#include <string>

namespace syncreel::seedance {

struct CurlEasyDeleter {
  void operator()(CURL* handle) const noexcept { curl_easy_cleanup(handle); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;

struct CurlSlistDeleter {
  void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};
using CurlSlist = std::unique_ptr<curl_slist, CurlSlistDeleter>;

struct FileCloser {
  void operator()(std::FILE* file) const noexcept { std::fclose(file); }
};
using UniqueFile = std::unique_ptr<std::FILE, FileCloser>;

// A new easy handle, after initialising libcurl once for the process. Null when libcurl
// could not be initialised or is out of memory. libcurl is never cleaned up: other
// threads may still hold handles when static destructors run.
CurlEasy make_curl_easy();

// Appends one header line; false when libcurl is out of memory (the list is unchanged).
bool append_header(CurlSlist& list, const std::string& line);

}  // namespace syncreel::seedance
