"""Training script of the tuning goldens (never run by the golden tests)."""

import argparse

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--alpha", type=float, default=1.0)
    parser.add_argument("--max_depth", type=int, default=3)
    parser.add_argument("--criterion", type=str, default="squared_error")
    args = parser.parse_args()
    print(f"validation:rmse={args.alpha / args.max_depth}")
