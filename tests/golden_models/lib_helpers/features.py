"""A helper library shipped as a model dependency."""


def scale(values, factor=2.0):
    return [value * factor for value in values]
