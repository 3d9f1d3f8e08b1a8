"""HTTP server for the digit classifier (Python's standard library only, one thread a request).

    GET  /healthz     200 "ok" once the model is loaded
    POST /predict     {"instances": [[64 numbers], ...]} -> {"predictions": [...], ...}
    GET  /version     model version, classifier, commit
    GET  /model.json  the model card's numbers (what the environment's metric gate reads)
    GET  /metrics     Prometheus text exposition format 0.0.4

Environment: MODEL_DIR (default ./model), PORT (8080), MODEL_COMMIT (overrides the commit
recorded at training in model.json).
"""

import json
import os
import pickle
import hashlib
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY = 1 << 20
MAX_INSTANCES = 1000
# Seconds; the last bucket (+Inf) is implied.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
HANDLERS = ("/healthz", "/predict", "/version", "/model.json", "/metrics")


def load_model(model_dir):
    with open(os.path.join(model_dir, "model.json"), encoding="utf-8") as f:
        card = json.load(f)
    with open(os.path.join(model_dir, "model.pkl"), "rb") as f:
        blob = f.read()
    if hashlib.sha256(blob).hexdigest() != card.get("sha256"):
        raise ValueError(f"{model_dir}: model.pkl does not match the checksum in model.json")
    return pickle.loads(blob), card


def escape_label(value):
    return str(value).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


class Metrics:
    """Request counts by handler and status code, a latency histogram by handler."""

    def __init__(self, info):
        self._lock = threading.Lock()
        self._requests = {}  # (handler, code) -> count
        self._buckets = {h: [0] * (len(LATENCY_BUCKETS) + 1) for h in HANDLERS + ("other",)}
        self._sums = dict.fromkeys(self._buckets, 0.0)
        self._info = info

    def observe(self, handler, code, seconds):
        with self._lock:
            key = (handler, str(code))
            self._requests[key] = self._requests.get(key, 0) + 1
            buckets = self._buckets[handler]
            for i, bound in enumerate(LATENCY_BUCKETS):
                if seconds <= bound:
                    buckets[i] += 1
                    break
            else:
                buckets[-1] += 1
            self._sums[handler] += seconds

    def render(self):
        with self._lock:
            requests = dict(self._requests)
            buckets = {h: list(b) for h, b in self._buckets.items()}
            sums = dict(self._sums)
        out = [
            "# HELP model_requests_total HTTP requests answered, by handler and status code.",
            "# TYPE model_requests_total counter",
        ]
        for (handler, code), n in sorted(requests.items()):
            out.append(f'model_requests_total{{handler="{handler}",code="{code}"}} {n}')
        out += [
            "# HELP model_request_duration_seconds Time to answer a request, by handler.",
            "# TYPE model_request_duration_seconds histogram",
        ]
        for handler in sorted(buckets):
            counts = buckets[handler]
            if not any(counts):
                continue
            cumulative = 0
            for bound, n in zip(LATENCY_BUCKETS + (None,), counts):
                cumulative += n
                le = "+Inf" if bound is None else repr(bound)
                out.append(f'model_request_duration_seconds_bucket{{handler="{handler}",'
                           f'le="{le}"}} {cumulative}')
            out.append(f'model_request_duration_seconds_sum{{handler="{handler}"}} '
                       f"{sums[handler]:.6f}")
            out.append(f'model_request_duration_seconds_count{{handler="{handler}"}} '
                       f"{cumulative}")
        labels = ",".join(f'{k}="{escape_label(v)}"' for k, v in sorted(self._info.items()))
        out += [
            "# HELP model_info The model being served; the value is always 1.",
            "# TYPE model_info gauge",
            f"model_info{{{labels}}} 1",
            "# HELP model_version Version of the model being served.",
            "# TYPE model_version gauge",
            f"model_version {self._info['version']}",
        ]
        return "\n".join(out) + "\n"


class ModelHandler(BaseHTTPRequestHandler):
    server_version = "pipewright-demo"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # one line per request on stderr, without the date
        if not self.server.quiet:
            sys.stderr.write(f"{self.address_string()} {fmt % args}\n")

    # Handlers return (code, body, content type); the request is counted before its answer is
    # written, so a client that has the answer finds it in /metrics.
    @staticmethod
    def _text(code, body, content_type="application/json"):
        return code, body.encode("utf-8"), content_type

    def _json(self, code, obj):
        return self._text(code, json.dumps(obj) + "\n")

    def _timed(self, route):
        start = time.perf_counter()
        path = self.path.split("?", 1)[0]
        handler = path if path in HANDLERS else "other"
        try:
            code, data, content_type = route(path)
        except Exception as e:  # a bug in a handler answers 500, the server keeps serving
            code, data, content_type = self._json(500, {"error": f"internal error: "
                                                                 f"{type(e).__name__}"})
        self.server.metrics.observe(handler, code, time.perf_counter() - start)
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def do_GET(self):
        self._timed(self._get)

    def do_HEAD(self):
        self._timed(self._get)

    def do_POST(self):
        self._timed(self._post)

    def _get(self, path):
        card = self.server.card
        if path == "/healthz":
            return self._text(200, "ok\n", "text/plain; charset=utf-8")
        if path == "/version":
            return self._json(200, {"model_version": card["model_version"],
                                    "classifier": card["classifier"],
                                    "commit": self.server.commit,
                                    "sha256": card["sha256"]})
        if path == "/model.json":
            numbers = {k: v for k, v in card["metrics"].items() if isinstance(v, (int, float))}
            numbers["model_version"] = card["model_version"]
            return self._json(200, numbers)
        if path == "/metrics":
            return self._text(200, self.server.metrics.render(),
                              "text/plain; version=0.0.4; charset=utf-8")
        if path == "/predict":
            return self._json(405, {"error": "use POST"})
        return self._json(404, {"error": f"no such path: {path}"})

    def _post(self, path):
        if path != "/predict":
            return self._json(404 if path not in HANDLERS else 405,
                              {"error": f"POST {path} is not served"})
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            return self._json(411, {"error": "Content-Length required"})
        if length > MAX_BODY:
            return self._json(413, {"error": f"body over {MAX_BODY} bytes"})
        try:
            instances = parse_instances(self.rfile.read(length), self.server.card["n_features"])
        except ValueError as e:
            return self._json(400, {"error": str(e)})
        predictions = self.server.model.predict(instances)
        return self._json(200, {"predictions": [int(p) for p in predictions],
                                "model_version": self.server.card["model_version"]})


def parse_instances(body, n_features):
    """{"instances": [[n numbers], ...]} -> list of rows; ValueError says what is wrong."""
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise ValueError("body is not JSON") from None
    rows = doc.get("instances") if isinstance(doc, dict) else None
    if not isinstance(rows, list) or not rows:
        raise ValueError('expected {"instances": [[...], ...]} with at least one row')
    if len(rows) > MAX_INSTANCES:
        raise ValueError(f"at most {MAX_INSTANCES} instances a request")
    for i, row in enumerate(rows):
        if not isinstance(row, list) or len(row) != n_features:
            raise ValueError(f"instance {i}: expected a list of {n_features} numbers")
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in row):
            raise ValueError(f"instance {i}: every value must be a number")
    return rows


def make_server(model_dir, port, host="0.0.0.0", commit=None, quiet=False):
    model, card = load_model(model_dir)
    server = ThreadingHTTPServer((host, port), ModelHandler)
    server.daemon_threads = True
    server.quiet = quiet
    server.model = model
    server.card = card
    server.commit = commit if commit is not None else (os.environ.get("MODEL_COMMIT")
                                                       or card.get("commit", ""))
    server.metrics = Metrics({"version": card["model_version"],
                              "classifier": card["classifier"],
                              "commit": server.commit})
    return server


def main():
    model_dir = os.environ.get("MODEL_DIR", os.path.join(os.path.dirname(__file__), "model"))
    port = int(os.environ.get("PORT", "8080"))
    # Loaded before the port opens: a connection accepted means a model ready to answer.
    server = make_server(model_dir, port)
    print(f"serving model {server.card['model_version']} ({server.card['classifier']}, "
          f"commit {server.commit or 'unknown'}) on port {port}", flush=True)

    # As PID 1 in a container SIGTERM has no default action: stop serving on it.
    def stop(signum, frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    server.serve_forever()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
