"""Tasks of the fake Ark server: create-body validation, lifecycle, JSON and listing.

Tasks live in memory, shaped like the real API's task objects. Status is computed when a
task is read: queued for `queued_ms`, running for `running_ms`, then succeeded once its
video is rendered (or failed / expired when a fault says so).
"""

import random
import string
import time

from ark_videos import completion_tokens, frame_size

MODELS = {
    "dreamina-seedance-2-0-260128": False,  # model id -> is a "fast" model (no 1080p)
    "dreamina-seedance-2-0-fast-260128": True,
    "doubao-seedance-2-0-260128": False,
    "doubao-seedance-2-0-fast-260128": True,
}
RATIOS = ("16:9", "4:3", "1:1", "3:4", "9:16", "21:9", "adaptive")
RESOLUTIONS = ("480p", "720p", "1080p")
BOOL_FIELDS = ("generate_audio", "watermark", "return_last_frame", "camera_fixed")
TOP_LEVEL = {"model", "content", "resolution", "ratio", "duration", "seed", "callback_url", "service_tier",
             "execution_expires_after", "priority", "safety_identifier", "draft", "frames", "tools", *BOOL_FIELDS}
CONTENT_TYPES = ("text", "image_url", "video_url", "audio_url")
IMAGE_ROLES = ("first_frame", "last_frame", "reference_image")
ACTIVE = ("queued", "running")
FAILURE_MESSAGES = {
    "OutputVideoSensitiveContentDetected": "The request failed because the output video may contain sensitive information.",
    "OutputAudioSensitiveContentDetected": "The request failed because the output audio may contain sensitive information.",
    "InputTextSensitiveContentDetected": "The request failed because the input text may contain sensitive information.",
    "InternalServiceError": "The service encountered an unexpected internal error.",
}


class ApiError(Exception):
    """An answer in the real error envelope."""

    def __init__(self, status, code, message, param="", type_=None, headers=None):
        super().__init__(message)
        self.status, self.code, self.message, self.param = status, code, message, param
        self.type = type_ or {400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound",
                              409: "Conflict", 429: "TooManyRequests"}.get(status, "InternalServerError")
        self.headers = headers or {}


def _invalid(param, why):
    return ApiError(400, "InvalidParameter", f"The parameter `{param}` specified in the request is not valid: {why}.",
                    param)


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def validate_create(body):
    """Checks a create body like the real API; returns the normalised parameters."""
    if not isinstance(body, dict):
        raise ApiError(400, "InvalidParameter", "The request body must be a JSON object.")
    for key in body:
        if key not in TOP_LEVEL:
            raise _invalid(key, "unknown parameter")
    if "model" not in body:
        raise ApiError(400, "MissingParameter", "The request failed because it is missing one or multiple "
                       "required parameters: `model`.", "model")
    model = body["model"]
    if not isinstance(model, str) or (model not in MODELS and not model.startswith("ep-")):
        raise ApiError(404, "InvalidEndpointOrModel.NotFound",
                       f"The model or endpoint {model} does not exist or you do not have access to it.", "model")
    content = body.get("content")
    if content is None:
        raise ApiError(400, "MissingParameter", "The request failed because it is missing one or multiple "
                       "required parameters: `content`.", "content")
    if not isinstance(content, list) or not content:
        raise _invalid("content", "must be a non-empty array")
    prompt = None
    first_frame = None
    for item in content:
        if not isinstance(item, dict) or item.get("type") not in CONTENT_TYPES:
            raise _invalid("content", "each item needs a type among " + ", ".join(CONTENT_TYPES))
        if item["type"] == "text":
            if not isinstance(item.get("text"), str) or not item["text"].strip():
                raise _invalid("content.text", "must be a non-empty string")
            prompt = item["text"]
        elif not isinstance(item.get(item["type"]), dict) or not isinstance(item[item["type"]].get("url"), str):
            raise _invalid(f"content.{item['type']}", "needs an object with a url")
        elif item["type"] == "image_url":
            if item.get("role", "reference_image") not in IMAGE_ROLES:
                raise _invalid("content.role", "an image's role must be one of " + ", ".join(IMAGE_ROLES))
            if item.get("role") == "first_frame":
                if first_frame is not None:
                    raise _invalid("content", "at most one first_frame image")
                first_frame = item["image_url"]["url"]
    fast = MODELS.get(model, False)
    resolution = body.get("resolution", "720p")
    if resolution not in RESOLUTIONS or (fast and resolution == "1080p"):
        raise _invalid("resolution", "must be one of 480p, 720p" + ("" if fast else ", 1080p"))
    ratio = body.get("ratio", "16:9")
    if ratio not in RATIOS:
        raise _invalid("ratio", "must be one of " + ", ".join(RATIOS))
    duration = body.get("duration", 5)
    if not _is_int(duration) or not (4 <= duration <= 15 or duration == -1):
        raise _invalid("duration", "must be an integer from 4 to 15, or -1")
    seed = body.get("seed", -1)
    if not _is_int(seed) or not -1 <= seed <= 4294967295:
        raise _invalid("seed", "must be an integer from -1 to 4294967295")
    for key in BOOL_FIELDS:
        if key in body and not isinstance(body[key], bool):
            raise _invalid(key, "must be a boolean")
    if "callback_url" in body and (not isinstance(body["callback_url"], str)
                                   or not body["callback_url"].startswith(("http://", "https://"))):
        raise _invalid("callback_url", "must be an http(s) URL")
    if body.get("service_tier", "default") != "default":
        raise ApiError(400, "InvalidParameter.UnsupportedParameter",
                       "The parameter `service_tier` is not supported by this model.", "service_tier")
    for key in ("draft", "frames"):
        if key in body:
            raise ApiError(400, "InvalidParameter.UnsupportedParameter",
                           f"The parameter `{key}` is not supported by this model.", key)
    expires = body.get("execution_expires_after", 172800)
    if not _is_int(expires) or not 3600 <= expires <= 259200:
        raise _invalid("execution_expires_after", "must be an integer from 3600 to 259200")
    return {"model": model, "prompt": prompt, "resolution": resolution, "ratio": ratio, "duration": duration,
            "seed": seed if seed != -1 else random.randint(0, 2**31 - 1),
            "generate_audio": body.get("generate_audio", True), "watermark": body.get("watermark", False),
            "return_last_frame": body.get("return_last_frame", False), "first_frame": first_frame,
            "execution_expires_after": expires}


def new_task_id(now):
    stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime(now))
    return f"cgt-{stamp}-" + "".join(random.choices(string.ascii_lowercase + string.digits, k=5))


class Task:
    def __init__(self, params, now, queued_s, running_s, failure, expire, video):
        self.id = new_task_id(now)
        self.params = params
        self.created = now
        self.queued_s, self.running_s = queued_s, running_s
        self.failure = failure  # (code, message) or None
        self.expire = expire
        self.video = video  # Future of the rendered file's path
        self.cancelled_at = None
        duration = params["duration"] if params["duration"] != -1 else 5
        self.width, self.height = frame_size(params["ratio"], params["resolution"])
        self.output_duration = duration

    def status(self, now):
        """(status, updated_at) at `now`."""
        if self.cancelled_at is not None:
            return "cancelled", self.cancelled_at
        start_running = self.created + self.queued_s
        if now < start_running:
            return "queued", self.created
        if self.expire:
            return "expired", start_running
        end = start_running + self.running_s
        if now < end:
            return "running", start_running
        if self.failure is not None:
            return "failed", end
        if not self.video.done():
            return "running", start_running
        if self.video.exception() is not None:
            return "failed", end
        return "succeeded", end

    def to_json(self, now, video_url, frame_url):
        status, updated = self.status(now)
        p = self.params
        out = {"id": self.id, "model": p["model"], "status": status, "created_at": int(self.created),
               "updated_at": int(updated), "seed": p["seed"], "resolution": p["resolution"], "ratio": p["ratio"],
               "duration": self.output_duration, "framespersecond": 24, "generate_audio": p["generate_audio"],
               "service_tier": "default", "execution_expires_after": p["execution_expires_after"]}
        if status == "succeeded":
            tokens = completion_tokens(self.width, self.height, self.output_duration)
            out["content"] = {"video_url": video_url}
            if p["return_last_frame"]:
                out["content"]["last_frame_url"] = frame_url
            out["usage"] = {"completion_tokens": tokens, "total_tokens": tokens}
        elif status == "failed":
            code, message = self.failure or ("InternalServiceError", None)
            out["error"] = {"code": code, "message": message or FAILURE_MESSAGES.get(
                code.split(".")[0], "The task failed.")}
        return out


def list_tasks(tasks, query, now):
    """The list endpoint: filters, newest first, pages. `query` is parse_qs output."""
    def one(key, default=None):
        values = query.get(key)
        return values[-1] if values else default

    try:
        page_num = int(one("page_num", "1"))
        page_size = int(one("page_size", "20"))
    except ValueError:
        raise _invalid("page_num", "page_num and page_size must be integers") from None
    if page_num < 1:
        raise _invalid("page_num", "must be at least 1")
    if not 1 <= page_size <= 500:
        raise _invalid("page_size", "must be from 1 to 500")
    status, model, tier = one("filter.status"), one("filter.model"), one("filter.service_tier")
    ids = set(query.get("filter.task_ids", []))
    week_ago = now - 7 * 86400
    matches = [t for t in tasks if t.created >= week_ago and (not ids or t.id in ids)
               and (model is None or t.params["model"] == model) and (tier in (None, "default"))
               and (status is None or t.status(now)[0] == status)]
    matches.sort(key=lambda t: t.created, reverse=True)
    start = (page_num - 1) * page_size
    return len(matches), matches[start:start + page_size]
