"""Result videos of the fake Ark server: real MP4s (picture and sound) made with the
ffmpeg CLI, once per size and duration, cached on disk and shared between runs."""

import concurrent.futures
import os
import subprocess
import threading

# Output pixel sizes of Seedance 2.0 per ratio and resolution (portrait ratios swap).
_LANDSCAPE = {
    "16:9": {"480p": (864, 496), "720p": (1280, 720), "1080p": (1920, 1080)},
    "4:3": {"480p": (752, 560), "720p": (1112, 834), "1080p": (1664, 1248)},
    "1:1": {"480p": (640, 640), "720p": (960, 960), "1080p": (1440, 1440)},
    "21:9": {"480p": (992, 432), "720p": (1470, 630), "1080p": (2206, 946)},
}
_PORTRAIT = {"9:16": "16:9", "3:4": "4:3"}


def frame_size(ratio, resolution):
    """Width and height of a clip; "adaptive" behaves like 16:9 for a text-only task."""
    if ratio == "adaptive":
        ratio = "16:9"
    if ratio in _PORTRAIT:
        w, h = _LANDSCAPE[_PORTRAIT[ratio]][resolution]
        return h, w
    return _LANDSCAPE[ratio][resolution]


def completion_tokens(width, height, duration):
    """Tokens billed for a clip: W x H x (24 d + 1) / 1024 with the height padded to 16."""
    padded = (height + 15) // 16 * 16
    return width * padded * (24 * duration + 1) // 1024


class VideoCache:
    """Renders each (width, height, duration) once; render() returns a Future of the path."""

    def __init__(self, cache_dir):
        self._dir = cache_dir
        os.makedirs(cache_dir, exist_ok=True)
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=2)
        self._lock = threading.Lock()
        self._futures = {}

    def render(self, width, height, duration):
        key = (width, height, duration)
        with self._lock:
            future = self._futures.get(key)
            if future is None or (future.done() and future.exception() is not None):
                future = self._pool.submit(self._make, width, height, duration)
                self._futures[key] = future
            return future

    def last_frame(self, video_path):
        """A PNG of the last picture of a rendered video, made once and cached beside it."""
        path = video_path.removesuffix(".mp4") + "-last.png"
        if os.path.exists(path):
            return path
        tmp = f"{path}.{os.getpid()}.{threading.get_ident()}.tmp.png"
        # -update keeps overwriting one picture: what is left is the last decoded frame.
        cmd = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-sseof", "-1", "-i", video_path,
               "-update", "1", "-f", "image2", "-c:v", "png", tmp]
        try:
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return path

    def shutdown(self):
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _make(self, width, height, duration):
        path = os.path.join(self._dir, f"testsrc2-{width}x{height}-{duration}s.mp4")
        if os.path.exists(path):
            return path
        # Another fake may render the same file at the same time: each writes its own
        # temporary file and the rename makes the first complete one win.
        tmp = f"{path}.{os.getpid()}.{threading.get_ident()}.tmp.mp4"
        cmd = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y",
               "-f", "lavfi", "-i", f"testsrc2=s={width}x{height}:r=24:d={duration}",
               "-f", "lavfi", "-i", f"sine=f=440:d={duration}",
               "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
               "-c:a", "aac", "-shortest", "-movflags", "+faststart", tmp]
        try:
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return path


def parse_range(header, size):
    """(start, end) inclusive for a single "bytes=" range, None for no usable range, or
    "unsatisfiable" when it starts past the end."""
    if not header or not header.startswith("bytes=") or "," in header:
        return None
    first, _, last = header[len("bytes="):].strip().partition("-")
    try:
        if first == "":
            length = int(last)
            if length <= 0:
                return None
            return max(0, size - length), size - 1
        start = int(first)
        end = int(last) if last else size - 1
    except ValueError:
        return None
    if start >= size:
        return "unsatisfiable"
    if end < start:
        return None
    return start, min(end, size - 1)
