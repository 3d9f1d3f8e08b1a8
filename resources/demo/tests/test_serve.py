"""Tests of serve.py against a real server on a loopback port: the endpoints and the
Prometheus text format of /metrics."""

import json
import os
import re
import tempfile
import threading
import unittest
import urllib.error
import urllib.request

import serve
import training

SAMPLE_LINE = re.compile(
    r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*)\})? '
    r'(-?[0-9.e+-]+|\+Inf|NaN)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def parse_exposition(text):
    """Samples as (name, {label: value}, float), checking the format line by line."""
    samples, types = [], {}
    assert text.endswith("\n"), "exposition must end with a newline"
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ", 3)
            assert kind in ("counter", "gauge", "histogram", "summary", "untyped"), line
            assert name not in types, f"second TYPE line for {name}"
            types[name] = kind
            continue
        if line.startswith("# HELP ") or not line:
            continue
        m = SAMPLE_LINE.match(line)
        assert m, f"not a sample line: {line!r}"
        name = m.group(1)
        family = re.sub(r"_(bucket|sum|count)$", "", name)
        assert name in types or family in types, f"{name} has no TYPE line before it"
        samples.append((name, dict(LABEL.findall(m.group(3) or "")), float(m.group(4))))
    return samples, types


class ServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        params = training.check_params({"model_version": 7, "classifier": "logistic",
                                        "hyperparameters": {"C": 0.05, "max_iter": 300}})
        model, metrics = training.train(params)
        training.save(model, params, metrics, cls.dir.name, commit="from-training")
        cls.server = serve.make_server(cls.dir.name, 0, host="127.0.0.1", commit="c0ffee",
                                       quiet=True)
        cls.url = f"http://127.0.0.1:{cls.server.server_address[1]}"
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()
        here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        with open(os.path.join(here, "samples", "smoke-request.json"), "rb") as f:
            cls.sample = f.read()

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()
        cls.dir.cleanup()

    def request(self, path, body=None):
        req = urllib.request.Request(self.url + path, data=body,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, r.headers.get("Content-Type"), r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.headers.get("Content-Type"), e.read().decode()

    def metrics(self):
        status, ctype, text = self.request("/metrics")
        self.assertEqual(status, 200)
        self.assertEqual(ctype, "text/plain; version=0.0.4; charset=utf-8")
        return parse_exposition(text)

    def count(self, samples, handler, code):
        for name, labels, value in samples:
            if (name == "model_requests_total" and labels.get("handler") == handler
                    and labels.get("code") == code):
                return value
        return 0.0

    def test_healthz(self):
        self.assertEqual(self.request("/healthz")[0], 200)

    def test_predict_answers_the_known_digits(self):
        status, _, body = self.request("/predict", self.sample)
        self.assertEqual(status, 200)
        answer = json.loads(body)
        self.assertEqual(answer["predictions"], [0, 3, 6, 7])
        self.assertEqual(answer["model_version"], 7)

    def test_predict_refuses_bad_input_with_400(self):
        for body in (b"not json", b"{}", b'{"instances": []}', b'{"instances": [[1, 2]]}',
                     b'{"instances": [["a"] ]}', json.dumps({"instances": [[True] * 64]}).encode()):
            with self.subTest(body=body[:30]):
                status, _, text = self.request("/predict", body)
                self.assertEqual(status, 400)
                self.assertIn("error", json.loads(text))

    def test_version_reports_model_and_commit(self):
        status, _, body = self.request("/version")
        self.assertEqual(status, 200)
        version = json.loads(body)
        self.assertEqual(version["model_version"], 7)
        self.assertEqual(version["commit"], "c0ffee")  # the image's, over the training one
        self.assertEqual(version["classifier"], "logistic")

    def test_model_json_has_the_gate_numbers(self):
        numbers = json.loads(self.request("/model.json")[2])
        self.assertGreater(numbers["accuracy"], 0.9)
        self.assertEqual(numbers["model_version"], 7)

    def test_unknown_path_is_404_and_counted_as_other(self):
        before = self.count(self.metrics()[0], "other", "404")
        self.assertEqual(self.request("/nope")[0], 404)
        self.assertEqual(self.count(self.metrics()[0], "other", "404"), before + 1)

    def test_metrics_count_requests_by_status_code(self):
        before, _ = self.metrics()
        self.request("/predict", self.sample)
        self.request("/predict", self.sample)
        self.request("/predict", b"{}")
        after, types = self.metrics()
        self.assertEqual(types["model_requests_total"], "counter")
        self.assertEqual(self.count(after, "/predict", "200"),
                         self.count(before, "/predict", "200") + 2)
        self.assertEqual(self.count(after, "/predict", "400"),
                         self.count(before, "/predict", "400") + 1)

    def test_an_answered_request_is_already_counted(self):
        # The count is taken before the answer is written: no window in which a client has
        # its answer and /metrics does not show it yet. (Counting after the write failed this
        # only now and then, on a loaded machine: the window is a few microseconds.)
        for _ in range(30):
            before = self.count(self.metrics()[0], "/healthz", "200")
            self.request("/healthz")
            self.assertEqual(self.count(self.metrics()[0], "/healthz", "200"), before + 1)

    def test_latency_histogram_is_cumulative_and_consistent(self):
        self.request("/predict", self.sample)
        samples, types = self.metrics()
        self.assertEqual(types["model_request_duration_seconds"], "histogram")
        buckets = [(labels["le"], value) for name, labels, value in samples
                   if name == "model_request_duration_seconds_bucket"
                   and labels["handler"] == "/predict"]
        self.assertEqual([le for le, _ in buckets],
                         [repr(b) for b in serve.LATENCY_BUCKETS] + ["+Inf"])
        values = [v for _, v in buckets]
        self.assertEqual(values, sorted(values), "buckets must be cumulative")
        count = [v for name, labels, v in samples
                 if name == "model_request_duration_seconds_count"
                 and labels["handler"] == "/predict"]
        total = [v for name, labels, v in samples
                 if name == "model_request_duration_seconds_sum"
                 and labels["handler"] == "/predict"]
        self.assertEqual(count, [values[-1]])
        self.assertGreater(total[0], 0.0)
        self.assertGreaterEqual(values[-1], self.count(samples, "/predict", "200"))

    def test_model_version_metrics(self):
        samples, types = self.metrics()
        self.assertEqual(types["model_version"], "gauge")
        self.assertIn(("model_version", {}, 7.0), samples)
        info = [labels for name, labels, _ in samples if name == "model_info"]
        self.assertEqual(info, [{"classifier": "logistic", "commit": "c0ffee", "version": "7"}])

    def test_label_values_are_escaped(self):
        m = serve.Metrics({"version": 1, "classifier": "x", "commit": 'a"b\\c\nd'})
        samples, _ = parse_exposition(m.render())
        info = [labels for name, labels, _ in samples if name == "model_info"][0]
        self.assertEqual(info["commit"], 'a\\"b\\\\c\\nd')


if __name__ == "__main__":
    unittest.main()
