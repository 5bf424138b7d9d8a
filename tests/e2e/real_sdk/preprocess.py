import os

import numpy as np
import pandas as pd

frame = pd.read_csv("/opt/ml/processing/input/data.csv", header=None)
data = frame.to_numpy()
np.random.default_rng(0).shuffle(data)
train, validation, test = np.split(data, [int(0.7 * len(data)), int(0.85 * len(data))])
for name, part in (("train", train), ("validation", validation), ("test", test)):
    os.makedirs(f"/opt/ml/processing/{name}", exist_ok=True)
    pd.DataFrame(part).to_csv(f"/opt/ml/processing/{name}/{name}.csv", header=False, index=False)
print("split", len(train), len(validation), len(test))
