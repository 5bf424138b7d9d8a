"""A framework-processor script living in a source directory (golden-pipeline fixture)."""

from helpers.scaling import scale

print(scale([1.0, 2.0, 3.0]))
