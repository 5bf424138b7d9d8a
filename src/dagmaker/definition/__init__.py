"""The pipeline-definition JSON IR: codec, expressions, step types, graph, validation."""
