import argparse
import json
import os

parser = argparse.ArgumentParser()
parser.add_argument("--mode")
parser.add_argument("--execution")
args = parser.parse_args()
os.makedirs("/opt/ml/processing/report", exist_ok=True)
score = 0.9 if args.mode == "fast" else 0.1
report = {"metrics": {"score": score}, "rows": 3, "labels": ["cat"], "execution": args.execution}
with open("/opt/ml/processing/report/report.json", "w") as handle:
    json.dump(report, handle)
print("wrote", report)
