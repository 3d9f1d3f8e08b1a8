"""Training and evaluation of the demo's handwritten-digit classifier.

The data is scikit-learn's bundled digits set (1,797 8x8 images, shipped with the package, so
nothing is downloaded). The hyperparameters come from params.yaml; the held-out part of a
seeded, stratified split gives the numbers the pipeline's gate reads.
"""

import hashlib
import json
import os
import pickle
import time

import numpy as np
import yaml
from sklearn.datasets import load_digits
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

N_FEATURES = 64
MODEL_FILE = "model.pkl"
CARD_FILE = "model.json"

# Each classifier with the hyperparameters params.yaml may set for it, and their types.
CLASSIFIERS = {
    "svc": (SVC, {"C": float, "gamma": float, "kernel": str}),
    "logistic": (LogisticRegression, {"C": float, "max_iter": int}),
    "knn": (KNeighborsClassifier, {"n_neighbors": int, "weights": str}),
    "random_forest": (RandomForestClassifier, {"n_estimators": int, "max_depth": int}),
}

DEFAULTS = {"test_size": 0.25, "seed": 42, "scale": True, "hyperparameters": {}}


class ParamsError(ValueError):
    """params.yaml names something unknown or gives a value of the wrong kind."""


def load_params(path):
    """Reads params.yaml (or .json) and checks every key; returns a complete dict."""
    with open(path, encoding="utf-8") as f:
        raw = json.load(f) if path.endswith(".json") else yaml.safe_load(f)
    if not isinstance(raw, dict):
        raise ParamsError(f"{path}: expected a mapping at the top")
    return check_params(raw, path)


def check_params(raw, origin="params"):
    known = {"model_version", "classifier", "test_size", "seed", "scale", "hyperparameters"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ParamsError(f"{origin}: unknown key(s) {', '.join(unknown)}")
    params = dict(DEFAULTS)
    params.update(raw)
    version = params.get("model_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ParamsError(f"{origin}: model_version must be an integer >= 1")
    if params.get("classifier") not in CLASSIFIERS:
        raise ParamsError(f"{origin}: classifier must be one of {', '.join(sorted(CLASSIFIERS))}")
    if not (isinstance(params["test_size"], float) and 0.05 <= params["test_size"] <= 0.5):
        raise ParamsError(f"{origin}: test_size must be a number in 0.05..0.5")
    if not isinstance(params["seed"], int):
        raise ParamsError(f"{origin}: seed must be an integer")
    _, allowed = CLASSIFIERS[params["classifier"]]
    hyper = params["hyperparameters"] or {}
    if not isinstance(hyper, dict):
        raise ParamsError(f"{origin}: hyperparameters must be a mapping")
    checked = {}
    for name, value in hyper.items():
        if name not in allowed:
            raise ParamsError(f"{origin}: {params['classifier']} has no hyperparameter {name!r}"
                              f" (known: {', '.join(sorted(allowed))})")
        kind = allowed[name]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise ParamsError(f"{origin}: {name} must be of type {kind.__name__}")
        checked[name] = value
    params["hyperparameters"] = checked
    return params


def split(params):
    """The seeded, stratified train/test split of the digits set."""
    features, labels = load_digits(return_X_y=True)
    return train_test_split(features, labels, test_size=params["test_size"],
                            random_state=params["seed"], stratify=labels)


def build_model(params):
    cls, _ = CLASSIFIERS[params["classifier"]]
    kwargs = dict(params["hyperparameters"])
    if "random_state" in cls().get_params():
        kwargs["random_state"] = params["seed"]
    estimator = cls(**kwargs)
    return make_pipeline(StandardScaler(), estimator) if params["scale"] else estimator


def evaluate(model, x_test, y_test):
    """Accuracy, macro F1 and single-sample prediction latency on the held-out part."""
    predicted = model.predict(x_test)
    latencies = []
    for row in x_test:
        start = time.perf_counter()
        model.predict(row.reshape(1, -1))
        latencies.append((time.perf_counter() - start) * 1000.0)
    return {
        "accuracy": round(float(accuracy_score(y_test, predicted)), 6),
        "f1": round(float(f1_score(y_test, predicted, average="macro")), 6),
        "latency_p50_ms": round(float(np.percentile(latencies, 50)), 4),
        "latency_p95_ms": round(float(np.percentile(latencies, 95)), 4),
        "test_samples": int(len(y_test)),
    }


def train(params):
    """Fits the model on the training part; returns (model, metrics on the held-out part)."""
    x_train, x_test, y_train, y_test = split(params)
    start = time.perf_counter()
    model = build_model(params).fit(x_train, y_train)
    metrics = evaluate(model, x_test, y_test)
    metrics["train_seconds"] = round(time.perf_counter() - start, 3)
    metrics["train_samples"] = int(len(y_train))
    return model, metrics


def save(model, params, metrics, out_dir, commit=""):
    """Writes model.pkl and model.json (version, hyperparameters, metrics, checksum)."""
    os.makedirs(out_dir, exist_ok=True)
    blob = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
    with open(os.path.join(out_dir, MODEL_FILE), "wb") as f:
        f.write(blob)
    card = {
        "model_version": params["model_version"],
        "classifier": params["classifier"],
        "hyperparameters": params["hyperparameters"],
        "commit": commit,
        "metrics": metrics,
        "sha256": hashlib.sha256(blob).hexdigest(),
        "n_features": N_FEATURES,
    }
    with open(os.path.join(out_dir, CARD_FILE), "w", encoding="utf-8") as f:
        json.dump(card, f, indent=2, sort_keys=True)
        f.write("\n")
    return card


def load(model_dir):
    """Reads a saved model back; refuses a model.pkl whose checksum is not the card's."""
    with open(os.path.join(model_dir, CARD_FILE), encoding="utf-8") as f:
        card = json.load(f)
    with open(os.path.join(model_dir, MODEL_FILE), "rb") as f:
        blob = f.read()
    if hashlib.sha256(blob).hexdigest() != card.get("sha256"):
        raise ValueError(f"{model_dir}: {MODEL_FILE} does not match the checksum in {CARD_FILE}")
    return pickle.loads(blob), card
