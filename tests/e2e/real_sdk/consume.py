import json

with open("/opt/ml/processing/input/report.json") as handle:
    report = json.load(handle)
print("consumed score", report["metrics"]["score"])
