#include "media/library_log.hpp"

extern "C" {
#include <libavutil/log.h>
}

namespace syncreel::media {

void keep_only_library_errors() { av_log_set_level(AV_LOG_ERROR); }

}  // namespace syncreel::media
