"""Unit tests of training.py: params checking, the seeded split, metrics, save and load."""

import json
import os
import tempfile
import unittest

import training

FAST = {"model_version": 3, "classifier": "logistic",
        "hyperparameters": {"C": 0.05, "max_iter": 300}}


class ParamsTest(unittest.TestCase):
    def write(self, name, text):
        path = os.path.join(self.dir.name, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.dir.cleanup()

    def test_yaml_and_json_give_the_same_params(self):
        from_yaml = training.load_params(self.write("p.yaml", (
            "model_version: 2\nclassifier: svc\nhyperparameters: {C: 10, gamma: 0.01}\n")))
        from_json = training.load_params(self.write("p.json", json.dumps(
            {"model_version": 2, "classifier": "svc",
             "hyperparameters": {"C": 10.0, "gamma": 0.01}})))
        self.assertEqual(from_yaml, from_json)
        self.assertEqual(from_yaml["hyperparameters"]["C"], 10.0)  # int taken as float
        self.assertEqual(from_yaml["seed"], 42)                    # default filled in

    def test_the_shipped_params_file_is_valid(self):
        here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        params = training.load_params(os.path.join(here, "params.yaml"))
        self.assertIn(params["classifier"], training.CLASSIFIERS)

    def test_rejects_what_it_does_not_know(self):
        cases = {
            "unknown key": dict(FAST, epochs=3),
            "unknown classifier": dict(FAST, classifier="xgboost"),
            "unknown hyperparameter": dict(FAST, hyperparameters={"gamma": 0.1}),
            "wrong type": dict(FAST, hyperparameters={"max_iter": "many"}),
            "bool as number": dict(FAST, hyperparameters={"C": True}),
            "no version": {k: v for k, v in FAST.items() if k != "model_version"},
            "version zero": dict(FAST, model_version=0),
            "test size": dict(FAST, test_size=0.9),
        }
        for name, raw in cases.items():
            with self.subTest(name):
                with self.assertRaises(training.ParamsError):
                    training.check_params(raw)

    def test_error_names_the_key(self):
        with self.assertRaisesRegex(training.ParamsError, "epochs"):
            training.check_params(dict(FAST, epochs=3))


class TrainingTest(unittest.TestCase):
    def test_split_is_seeded_and_stratified(self):
        params = training.check_params(FAST)
        a = training.split(params)
        b = training.split(params)
        for x, y in zip(a, b):
            self.assertTrue((x == y).all())
        other = training.split(dict(params, seed=7))
        self.assertFalse((a[1] == other[1]).all())
        _, x_test, _, y_test = a
        self.assertEqual(len(x_test), 450)  # 25 % of 1,797, rounded up
        self.assertEqual(sorted(set(y_test.tolist())), list(range(10)))

    def test_metrics_are_measured_on_the_held_out_part(self):
        model, metrics = training.train(training.check_params(FAST))
        for name in ("accuracy", "f1", "latency_p50_ms", "latency_p95_ms", "test_samples"):
            self.assertIn(name, metrics)
        self.assertEqual(metrics["test_samples"], 450)
        self.assertGreater(metrics["accuracy"], 0.9)
        self.assertLessEqual(metrics["accuracy"], 1.0)
        self.assertGreaterEqual(metrics["latency_p95_ms"], metrics["latency_p50_ms"])
        _, x_test, _, y_test = training.split(training.check_params(FAST))
        self.assertAlmostEqual(metrics["accuracy"], (model.predict(x_test) == y_test).mean(),
                               places=5)

    def test_hyperparameters_change_the_result(self):
        _, good = training.train(training.check_params(FAST))
        _, bad = training.train(training.check_params(
            dict(FAST, classifier="svc", hyperparameters={"C": 10.0, "gamma": 0.5})))
        self.assertLess(bad["accuracy"], good["accuracy"] - 0.3)

    def test_save_and_load_keep_predictions_and_version(self):
        params = training.check_params(FAST)
        model, metrics = training.train(params)
        with tempfile.TemporaryDirectory() as out:
            card = training.save(model, params, metrics, out, commit="abc123")
            loaded, read_card = training.load(out)
            self.assertEqual(read_card, card)
            self.assertEqual(read_card["model_version"], 3)
            self.assertEqual(read_card["commit"], "abc123")
            _, x_test, _, _ = training.split(params)
            self.assertTrue((loaded.predict(x_test) == model.predict(x_test)).all())

    def test_load_refuses_a_changed_model_file(self):
        params = training.check_params(FAST)
        model, metrics = training.train(params)
        with tempfile.TemporaryDirectory() as out:
            training.save(model, params, metrics, out)
            with open(os.path.join(out, training.MODEL_FILE), "ab") as f:
                f.write(b"tampered")
            with self.assertRaisesRegex(ValueError, "checksum"):
                training.load(out)


if __name__ == "__main__":
    unittest.main()
