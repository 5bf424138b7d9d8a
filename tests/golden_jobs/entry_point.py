"""A PyTorch training entry point (golden-pipeline fixture)."""

import os

print("training on", os.environ.get("SM_CHANNEL_TRAINING"))
