"""HTTP handler of the fake Ark server: routing, auth, faults, tasks and videos."""

import hashlib
import json
import socket
import struct
import time
import uuid

from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

import ark_faults
from ark_tasks import ACTIVE, ApiError, Task, list_tasks, validate_create
from ark_videos import parse_range

TASKS = "/api/v3/contents/generations/tasks"
URL_LIFETIME_S = 86400


class ArkHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-ark/1.0"

    # --- plumbing -------------------------------------------------------------------
    @property
    def fake(self):
        return self.server.fake

    def log_message(self, fmt, *args):  # request lines only: headers (the key) are never logged
        super().log_message(fmt, *args)

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _send(self, status, body, content_type="application/json", headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("x-request-id", self.request_id)
        for name, value in (headers or {}).items():
            self.send_header(name, str(value))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_json(self, status, obj, headers=None):
        body = json.dumps(obj).encode()
        if status == 200:
            with self.fake.lock:
                malformed = ark_faults.take(self.fake.faults, "malformed_json")
                truncated = not malformed and ark_faults.take(self.fake.faults, "truncated_json")
            if malformed:
                body = body.replace(b'"', b"", 2).replace(b":", b" = ", 1) + b",}"
            elif truncated:
                body = body[: max(1, len(body) // 2)]
        self._send(status, body, headers=headers)

    def _send_error(self, err):
        envelope = {"error": {"code": err.code, "message": f"{err.message} Request id: {self.request_id}",
                              "param": err.param, "type": err.type}}
        self._send(err.status, json.dumps(envelope).encode(), headers=err.headers)

    def _reset_connection(self):
        """Closes with RST: the client sees "connection reset by peer"."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass

    def _drop_connection(self):
        """Closes without answering: the client gets an empty reply."""
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    # --- dispatch -------------------------------------------------------------------
    def do_GET(self):
        self._dispatch()

    def do_HEAD(self):
        self._dispatch()

    def do_POST(self):
        self._dispatch()

    def do_DELETE(self):
        self._dispatch()

    def _dispatch(self):
        self.request_id = time.strftime("%Y%m%d%H%M%S") + uuid.uuid4().hex[:20]
        url = urlsplit(self.path)
        try:
            if url.path.startswith("/_fake/"):
                return self._control(url.path)
            if url.path.startswith("/videos/"):
                return self._video(url)
            if url.path.startswith("/frames/"):
                return self._frame(url)
            if url.path == TASKS or url.path.startswith(TASKS + "/"):
                return self._api(url)
            raise ApiError(404, "NotFound", f"The requested path {url.path} does not exist.")
        except ApiError as err:
            self._send_error(err)

    def _control(self, path):
        body = self._body()
        fake = self.fake
        with fake.lock:
            if path == "/_fake/stats" and self.command == "GET":
                now = time.time()
                stats = dict(fake.stats, tasks=len(fake.tasks),
                             active=sum(1 for t in fake.tasks.values() if t.status(now)[0] in ACTIVE))
                return self._send(200, json.dumps(stats).encode())
            if path == "/_fake/faults" and self.command == "GET":
                return self._send(200, json.dumps(fake.faults).encode())
            if path == "/_fake/faults" and self.command == "DELETE":
                fake.faults = ark_faults.defaults()
                return self._send(200, b"{}")
            if path == "/_fake/faults" and self.command == "POST":
                try:
                    fake.faults = ark_faults.parse_faults(fake.faults, json.loads(body or b"{}"))
                except (ark_faults.FaultError, ValueError) as e:
                    return self._send(400, json.dumps({"error": str(e)}).encode())
                return self._send(200, json.dumps(fake.faults).encode())
        raise ApiError(404, "NotFound", f"No control endpoint {self.command} {path}.")

    # --- the tasks API --------------------------------------------------------------
    def _api(self, url):
        fake = self.fake
        body = self._body()
        with fake.lock:
            fake.stats["requests"] += 1
            latency = fake.faults["latency_ms"]
        if latency:
            time.sleep(latency / 1000)
        with fake.lock:
            faults = fake.faults
            if ark_faults.take(faults, "reset"):
                return self._reset_connection()
            if self.headers.get("Authorization") != f"Bearer {fake.api_key}":
                fake.stats["rejected_auth"] += 1
                raise ApiError(401, "AuthenticationError", "The API key or AK/SK in the request is missing or invalid.")
            if ark_faults.take(faults, "server_error"):
                status = faults["server_error"]["status"]
                if status == 502:  # gateways answer in HTML, not in the API's envelope
                    return self._send(502, b"<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html")
                code = {500: "InternalServiceError", 503: "ServiceUnavailable", 504: "GatewayTimeout"}[status]
                raise ApiError(status, code, "The service is temporarily unable to handle the request.")
            if ark_faults.take(faults, "error"):
                e = faults["error"]
                raise ApiError(e["status"], e["code"], e["message"] or "The request failed.", type_=e["type"])
            if ark_faults.take(faults, "rate_limit"):
                rl = faults["rate_limit"]
                headers = {} if rl["retry_after"] is None else {"Retry-After": rl["retry_after"]}
                raise ApiError(429, rl["code"], "The request rate of your account has exceeded the limit. "
                               "Please retry later.", headers=headers)
        task_id = url.path[len(TASKS) + 1:] if url.path.startswith(TASKS + "/") else None
        if task_id is None and self.command == "POST":
            return self._create(body)
        if task_id is None and self.command == "GET":
            return self._list(url)
        if task_id and "/" not in task_id and self.command == "GET":
            return self._get(task_id)
        if task_id and "/" not in task_id and self.command == "DELETE":
            return self._delete(task_id)
        raise ApiError(404, "NotFound", f"The requested path {url.path} does not exist.")

    def _create(self, raw):
        fake = self.fake
        with fake.lock:
            fake.stats["create_requests"] += 1
        try:
            body = json.loads(raw)
        except ValueError:
            raise ApiError(400, "InvalidParameter", "The request body is not valid JSON.") from None
        params = validate_create(body)
        with fake.lock:
            now = time.time()
            faults = fake.faults
            active = sum(1 for t in fake.tasks.values() if t.status(now)[0] in ACTIVE)
            if faults["max_running"] is not None and active >= faults["max_running"]:
                raise ApiError(429, "QuotaExceeded", "The number of concurrent tasks of your account has reached "
                               f"its limit of {faults['max_running']}; wait for a task to finish.")
            if params["first_frame"] is not None and ark_faults.take(faults, "face_gate"):
                fake.stats["face_gate_refusals"] += 1
                raise ApiError(400, "InputImageSensitiveContentDetected.PrivacyInformation",
                               "The request failed because the input image may contain real person.")
            failure = None
            if ark_faults.take(faults, "fail_task"):
                failure = (faults["fail_task"]["code"], faults["fail_task"]["message"])
            expire = ark_faults.take(faults, "expire_task")
            lose = ark_faults.take(faults, "lose_create_response")
            task = Task(params, now, faults["queued_ms"] / 1000, faults["running_ms"] / 1000, failure, expire, None)
            task.video = fake.videos.render(task.width, task.height, task.output_duration)
            fake.tasks[task.id] = task
            fake.video_files[task.id] = task
            fake.stats["creates"] += 1
            # Tasks only become active here, so the peak is always seen at a create.
            fake.stats["max_active"] = max(fake.stats["max_active"], active + 1)
            fake.stats["last_create_body"] = body
            fake.stats["created_ids"].append(task.id)
            fake.stats["first_frame_urls"].append(params["first_frame"] or "")
        if lose:
            return self._drop_connection()
        self._send_json(200, {"id": task.id})

    def _signed_url(self, folder, name, task):
        expires = int(task.created) + URL_LIFETIME_S
        signature = hashlib.sha256(f"{task.id}:{expires}".encode()).hexdigest()[:32]
        return f"{self.fake.base_url}/{folder}/{name}?X-Expires={expires}&X-Signature={signature}"

    def _task_json(self, task, now):
        return task.to_json(now, self._signed_url("videos", f"{task.id}.mp4", task),
                            self._signed_url("frames", f"{task.id}.png", task))

    def _get(self, task_id):
        with self.fake.lock:
            self.fake.stats["gets"] += 1
            task = self.fake.tasks.get(task_id)
            if task is None:
                raise ApiError(404, "ResourceNotFound", f"The specified task {task_id} is not found.", "id")
            out = self._task_json(task, time.time())
        self._send_json(200, out)

    def _list(self, url):
        with self.fake.lock:
            self.fake.stats["lists"] += 1
            now = time.time()
            total, page = list_tasks(list(self.fake.tasks.values()), parse_qs(url.query), now)
            items = [self._task_json(t, now) for t in page]
        self._send_json(200, {"total": total, "items": items})

    def _delete(self, task_id):
        with self.fake.lock:
            self.fake.stats["deletes"] += 1
            task = self.fake.tasks.get(task_id)
            if task is None:
                raise ApiError(404, "ResourceNotFound", f"The specified task {task_id} is not found.", "id")
            now = time.time()
            status = task.status(now)[0]
            if status == "queued":
                task.cancelled_at = now
            elif status in ("running", "cancelled"):
                # The real service refuses; its exact status and code are not documented.
                raise ApiError(409, "InvalidAction.TaskStatus",
                               f"The task {task_id} cannot be cancelled or deleted while it is {status}.", "id")
            else:
                del self.fake.tasks[task_id]
        self._send_json(200, {})

    # --- result videos --------------------------------------------------------------
    def _video(self, url):
        fake = self.fake
        if self.headers.get("Authorization"):
            # Signed URLs need no credentials; a client sending its API key here leaks it
            # to the storage host, so the fake refuses loudly.
            return self._send(400, b"<Error><Code>InvalidArgument</Code><Message>Unexpected Authorization header"
                                   b"</Message></Error>", "application/xml")
        task_id = url.path[len("/videos/"):].removesuffix(".mp4")
        query = parse_qs(url.query)
        with fake.lock:
            fake.stats["downloads"] += 1
            if self.headers.get("Range"):
                fake.stats["range_downloads"] += 1
            task = fake.video_files.get(task_id)
            gone = ark_faults.take(fake.faults, "video_404")
            truncate = ark_faults.take(fake.faults, "video_truncate")
            slow_ms = fake.faults["video_slow_ms"]
        expires = int((query.get("X-Expires") or ["0"])[-1] or 0)
        if task is None or gone or not task.video.done() or task.video.exception() is not None:
            return self._send(404, b"<Error><Code>NoSuchKey</Code><Message>The specified key does not exist."
                                   b"</Message></Error>", "application/xml")
        if time.time() > expires:
            return self._send(403, b"<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>",
                              "application/xml")
        with open(task.video.result(), "rb") as f:
            data = f.read()
        self._send_range(data, truncate, slow_ms)

    def _frame(self, url):
        """The last picture of a succeeded task's video, as its last_frame_url serves it."""
        task_id = url.path[len("/frames/"):].removesuffix(".png")
        with self.fake.lock:
            self.fake.stats["frame_downloads"] += 1
            task = self.fake.video_files.get(task_id)
        if task is None or not task.video.done() or task.video.exception() is not None:
            return self._send(404, b"<Error><Code>NoSuchKey</Code><Message>The specified key does not exist."
                                   b"</Message></Error>", "application/xml")
        with open(self.fake.videos.last_frame(task.video.result()), "rb") as f:
            self._send(200, f.read(), "image/png")

    def _send_range(self, data, truncate, slow_ms):
        size = len(data)
        rng = parse_range(self.headers.get("Range"), size)
        if rng == "unsatisfiable":
            return self._send(416, b"", "application/octet-stream", {"Content-Range": f"bytes */{size}"})
        start, end = rng if rng else (0, size - 1)
        self.send_response(206 if rng else 200)
        self.send_header("Content-Type", "video/mp4")
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("ETag", '"' + hashlib.md5(data).hexdigest() + '"')
        if rng:
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.end_headers()
        if self.command == "HEAD":
            return
        body = data[start:end + 1]
        if truncate:
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            return self._drop_connection()
        chunks = 20 if slow_ms else 1
        step = max(1, -(-len(body) // chunks))
        try:
            for i in range(0, len(body), step):
                self.wfile.write(body[i:i + step])
                self.wfile.flush()
                if slow_ms:
                    time.sleep(slow_ms / 1000 / chunks)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
