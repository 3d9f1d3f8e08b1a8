"""Trains the digit classifier with params.yaml, writes metrics.json and model/.

    python3 train.py [--params params.yaml] [--model-dir model] [--metrics metrics.json]

metrics.json holds the held-out numbers the pipeline's gate reads (accuracy, f1,
latency_p95_ms, ...); model/ holds model.pkl and model.json (version and metrics), which the
image ships.
"""

import argparse
import json
import os
import sys

import training


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--params", default="params.yaml")
    parser.add_argument("--model-dir", default="model")
    parser.add_argument("--metrics", default="metrics.json")
    args = parser.parse_args(argv)
    try:
        params = training.load_params(args.params)
    except (OSError, training.ParamsError) as e:
        print(f"train: {e}", file=sys.stderr)
        return 2
    print(f"training {params['classifier']} {params['hyperparameters']} "
          f"(model version {params['model_version']}, seed {params['seed']})")
    model, metrics = training.train(params)
    card = training.save(model, params, metrics, args.model_dir,
                         commit=os.environ.get("PW_COMMIT", ""))
    metrics["model_version"] = params["model_version"]
    with open(args.metrics, "w", encoding="utf-8") as f:
        json.dump(metrics, f, indent=2, sort_keys=True)
        f.write("\n")
    for name in ("accuracy", "f1", "latency_p50_ms", "latency_p95_ms"):
        print(f"  {name:15} {metrics[name]}")
    print(f"model {card['model_version']} saved to {args.model_dir}/ "
          f"(sha256 {card['sha256'][:12]}), metrics in {args.metrics}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
