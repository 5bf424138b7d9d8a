"""Model Monitor's schedules: when they run, the runs they start, what the runs emit.

A monitoring schedule is a long-lived execution (kind ``schedule``) of a one-step
definition whose step (``MonitoringSchedule``) is a composite step: the pure
`machine.ScheduleMachine` decides when a run is due; each run is a unit of type
``MonitoringExecution`` whose runner (`execution.MonitoringExecutionRunner`) turns the
schedule's job definition and the run's capture window into a processing job, runs it,
and reads what it found (violations, metrics).
"""
