import argparse
import os

import joblib
import numpy as np
import pandas as pd
from sklearn.linear_model import Ridge

parser = argparse.ArgumentParser()
parser.add_argument("--alpha", type=float, default=1.0)
parser.add_argument("--model-dir", default=os.environ.get("SM_MODEL_DIR"))
parser.add_argument("--train", default=os.environ.get("SM_CHANNEL_TRAIN"))
parser.add_argument("--validation", default=os.environ.get("SM_CHANNEL_VALIDATION"))
args = parser.parse_args()

train = pd.read_csv(os.path.join(args.train, "train.csv"), header=None)
validation = pd.read_csv(os.path.join(args.validation, "validation.csv"), header=None)
model = Ridge(alpha=args.alpha).fit(train.iloc[:, 1:], train.iloc[:, 0])
error = float(np.mean((model.predict(validation.iloc[:, 1:]) - validation.iloc[:, 0]) ** 2))
print(f"val_mse={error:.4f}")
joblib.dump(model, os.path.join(args.model_dir, "model.joblib"))
