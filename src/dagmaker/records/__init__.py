"""Runtime vocabulary shared by the engine, storage and interfaces: statuses, events, records."""
