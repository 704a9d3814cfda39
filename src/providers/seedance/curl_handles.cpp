#include "providers/seedance/curl_handles.hpp"

#include <mutex>

namespace syncreel::seedance {

CurlEasy make_curl_easy() {
  static std::once_flag once;
  static CURLcode init_result = CURLE_FAILED_INIT;
  std::call_once(once, [] { init_result = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (init_result != CURLE_OK) return nullptr;
  return CurlEasy(curl_easy_init());
}

bool append_header(CurlSlist& list, const std::string& line) {
  curl_slist* head = curl_slist_append(list.get(), line.c_str());
  if (head == nullptr) return false;
  // curl_slist_append returns the same head for a non-empty list, a new one otherwise.
  (void)list.release();
  list.reset(head);
  return true;
}

}  // namespace syncreel::seedance
