"""Min-max scaling (golden-pipeline fixture)."""


def scale(values):
    low, high = min(values), max(values)
    return [(v - low) / (high - low) for v in values]
