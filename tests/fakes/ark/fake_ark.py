#!/usr/bin/env python3
"""A fake of the Ark (BytePlus ModelArk / Volcengine) video-generation tasks API.

Speaks the real wire protocol over HTTP on 127.0.0.1 so syncreel's Seedance provider can
be tested end to end without an account: create / retrieve / list / delete tasks under
/api/v3/contents/generations/tasks, bearer-key checks with the real error envelope,
strict create-body validation, real MP4 results served with Range support, and fault
switches for every failure the real service is known to produce (see ark_faults.py and
docs/seedance.md). Python 3 standard library only, plus the ffmpeg CLI for the videos.

    python3 tests/fakes/ark/fake_ark.py --port 0 --api-key test-key [--rate-limit 3 ...]

Prints "listening on http://127.0.0.1:PORT" once it accepts connections; stops on SIGTERM.
Control endpoints: GET /_fake/stats, GET|POST|DELETE /_fake/faults.
"""

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import threading

from http.server import ThreadingHTTPServer

# The sibling modules are imported from the source tree: leave no __pycache__ in it.
sys.dont_write_bytecode = True

import ark_faults  # noqa: E402  (after the bytecode switch on purpose)
from ark_handler import ArkHandler  # noqa: E402
from ark_videos import VideoCache  # noqa: E402


class FakeArk:
    """Shared state of one fake: tasks, faults and counters, guarded by `lock`."""

    def __init__(self, api_key, faults, videos):
        self.api_key = api_key
        self.faults = faults
        self.videos = videos
        self.lock = threading.Lock()
        self.tasks = {}  # id -> Task; deleted tasks leave this map
        self.video_files = {}  # task id -> Task, kept after deletion: URLs outlive records
        self.stats = {"requests": 0, "create_requests": 0, "creates": 0, "gets": 0, "lists": 0, "deletes": 0,
                      "downloads": 0, "range_downloads": 0, "rejected_auth": 0, "max_active": 0,
                      "last_create_body": None, "face_gate_refusals": 0, "frame_downloads": 0,
                      # Per accepted create, in order: the task id and its first_frame image
                      # URL ("" for a text-only task), so tests can check what was chained.
                      "created_ids": [], "first_frame_urls": []}
        self.base_url = ""


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0 picks a free port")
    p.add_argument("--api-key", default=os.environ.get("FAKE_ARK_API_KEY", "fake-ark-key"))
    p.add_argument("--cache-dir", help="where rendered MP4s are kept (default: a temporary folder)")
    p.add_argument("--queued-ms", type=int, help="time a new task stays queued (default 200)")
    p.add_argument("--running-ms", type=int, help="time a task runs before it succeeds (default 500)")
    p.add_argument("--latency-ms", type=int, help="added to every API answer")
    p.add_argument("--rate-limit", type=int, help="answer the next N API requests with 429")
    p.add_argument("--retry-after", help="Retry-After sent with those 429s (seconds or an HTTP-date)")
    p.add_argument("--server-error", type=int, help="answer the next N API requests with a 5xx")
    p.add_argument("--server-error-status", type=int, choices=(500, 502, 503, 504))
    p.add_argument("--reset", type=int, help="reset the connection of the next N API requests")
    p.add_argument("--malformed-json", type=int, help="garble the JSON of the next N successful answers")
    p.add_argument("--truncated-json", type=int, help="cut the JSON of the next N successful answers")
    p.add_argument("--lose-create-response", type=int, help="make the next N tasks, then close without answering")
    p.add_argument("--fail-task", metavar="CODE", help="the next created task fails with this error code")
    p.add_argument("--expire-task", type=int, help="the next N created tasks expire")
    p.add_argument("--video-404", type=int, help="the next N video downloads answer 404")
    p.add_argument("--video-truncate", type=int, help="the next N video downloads stop halfway")
    p.add_argument("--video-slow-ms", type=int, help="spread every video download over this long")
    p.add_argument("--max-running", type=int, help="creates beyond N active tasks get 429 QuotaExceeded")
    p.add_argument("--face-gate", type=int, help="refuse the next N creates that carry a first_frame image")
    p.add_argument("--faults", help="a JSON object of fault switches, as for POST /_fake/faults")
    return p.parse_args(argv)


def initial_faults(args):
    update = {}
    for key in ("queued_ms", "running_ms", "latency_ms", "reset", "malformed_json", "truncated_json",
                "lose_create_response", "expire_task", "video_404", "video_truncate", "video_slow_ms",
                "max_running", "face_gate"):
        if getattr(args, key) is not None:
            update[key] = getattr(args, key)
    if args.rate_limit is not None:
        retry = int(args.retry_after) if args.retry_after and args.retry_after.isdigit() else args.retry_after
        update["rate_limit"] = {"count": args.rate_limit, "retry_after": retry}
    if args.server_error is not None:
        update["server_error"] = {"count": args.server_error, "status": args.server_error_status or 503}
    if args.fail_task:
        update["fail_task"] = {"count": 1, "code": args.fail_task}
    faults = ark_faults.parse_faults(ark_faults.defaults(), update)
    if args.faults:
        faults = ark_faults.parse_faults(faults, json.loads(args.faults))
    return faults


def main(argv):
    args = parse_args(argv)
    try:
        faults = initial_faults(args)
    except (ark_faults.FaultError, ValueError) as e:
        print(f"fake_ark: {e}", file=sys.stderr)
        return 2
    own_cache = args.cache_dir is None
    cache_dir = tempfile.mkdtemp(prefix="fake-ark-") if own_cache else args.cache_dir
    videos = VideoCache(cache_dir)
    state = FakeArk(args.api_key, faults, videos)
    server = ThreadingHTTPServer((args.host, args.port), ArkHandler)
    server.daemon_threads = True
    server.fake = state
    host, port = server.server_address[:2]
    state.base_url = f"http://{host}:{port}"

    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    serving.start()
    print(f"listening on {state.base_url}", flush=True)
    while not stopping.wait(0.5):
        pass
    server.shutdown()
    server.server_close()
    videos.shutdown()
    if own_cache:
        shutil.rmtree(cache_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
