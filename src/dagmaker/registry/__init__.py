"""The model registry: versioned model packages in groups, approval with history."""
