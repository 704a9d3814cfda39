"""Fault switches of the fake Ark server.

Every switch is set at start from command-line flags and at run time by
POST /_fake/faults with a JSON object of the same keys. Counted switches ("the next N
requests") are consumed one request at a time under the server's lock.
"""

import copy

# key -> (kind, default). Kinds: count (int >= 0), ms (int >= 0), nullable_count,
# rate_limit / server_error / error / fail_task (objects, see parse_faults).
SWITCHES = {
    "latency_ms": ("ms", 0),
    "rate_limit": ("rate_limit", {"count": 0, "retry_after": None,
                                  "code": "RateLimitExceeded.EndpointRPMExceeded"}),
    "server_error": ("server_error", {"count": 0, "status": 503}),
    "error": ("error", {"count": 0, "status": 400, "code": "InvalidParameter",
                        "message": "One or more parameters specified in the request are not valid.",
                        "type": "BadRequest"}),
    "reset": ("count", 0),
    "malformed_json": ("count", 0),
    "truncated_json": ("count", 0),
    "lose_create_response": ("count", 0),
    "fail_task": ("fail_task", {"count": 0, "code": "OutputVideoSensitiveContentDetected", "message": None}),
    "expire_task": ("count", 0),
    # The next N creates that start from a first_frame image are refused like the real
    # face gate (real-person or photoreal faces in input images).
    "face_gate": ("count", 0),
    "video_404": ("count", 0),
    "video_truncate": ("count", 0),
    "video_slow_ms": ("ms", 0),
    "max_running": ("nullable_count", None),
    "queued_ms": ("ms", 200),
    "running_ms": ("ms", 500),
}


class FaultError(ValueError):
    """A fault description that does not parse; the control API answers 400."""


def defaults():
    return {key: copy.deepcopy(default) for key, (_, default) in SWITCHES.items()}


def _non_negative_int(key, value, allow_none=False):
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FaultError(f"{key} must be a non-negative integer")
    return value


def _merge_object(key, current, update, fields):
    if isinstance(update, int) and not isinstance(update, bool):
        update = {"count": update}  # shorthand: "rate_limit": 3
    if not isinstance(update, dict):
        raise FaultError(f"{key} must be an object or a count")
    merged = dict(current)
    for field, value in update.items():
        if field not in fields:
            raise FaultError(f"{key}.{field} is not a known field")
        if field in ("count", "status"):
            value = _non_negative_int(f"{key}.{field}", value)
        elif field == "retry_after":
            if value is not None and not isinstance(value, (int, str)):
                raise FaultError("rate_limit.retry_after must be seconds, an HTTP-date string or null")
        elif value is not None and not isinstance(value, str):
            raise FaultError(f"{key}.{field} must be a string")
        merged[field] = value
    return merged


def parse_faults(current, update):
    """Returns `current` with the switches in `update` applied; raises FaultError."""
    if not isinstance(update, dict):
        raise FaultError("faults must be a JSON object")
    result = copy.deepcopy(current)
    for key, value in update.items():
        if key not in SWITCHES:
            raise FaultError(f"unknown fault switch '{key}'")
        kind = SWITCHES[key][0]
        if kind in ("count", "ms"):
            result[key] = _non_negative_int(key, value)
        elif kind == "nullable_count":
            result[key] = _non_negative_int(key, value, allow_none=True)
        elif kind == "rate_limit":
            result[key] = _merge_object(key, result[key], value, ("count", "retry_after", "code"))
        elif kind == "server_error":
            merged = _merge_object(key, result[key], value, ("count", "status"))
            if merged["status"] not in (500, 502, 503, 504):
                raise FaultError("server_error.status must be 500, 502, 503 or 504")
            result[key] = merged
        elif kind == "error":
            result[key] = _merge_object(key, result[key], value, ("count", "status", "code", "message", "type"))
        elif kind == "fail_task":
            result[key] = _merge_object(key, result[key], value, ("count", "code", "message"))
    return result


def take(faults, key):
    """Consumes one use of a counted switch; True when it fired."""
    value = faults[key]
    if isinstance(value, dict):
        if value["count"] > 0:
            value["count"] -= 1
            return True
        return False
    if value > 0:
        faults[key] = value - 1
        return True
    return False
