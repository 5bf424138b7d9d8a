"""Schedule expressions a monitoring schedule accepts."""

from __future__ import annotations

__all__ = ["CronExpressionGenerator"]


class CronExpressionGenerator:
    """Builds the cron expressions Model Monitor schedules accept (whole hours only)."""

    @staticmethod
    def hourly() -> str:
        """Every hour, on the hour: ``cron(0 * ? * * *)``."""
        return "cron(0 * ? * * *)"

    @staticmethod
    def daily(hour: int = 0) -> str:
        """Once a day at ``hour`` (UTC): ``cron(0 <hour> ? * * *)``."""
        return f"cron(0 {hour} ? * * *)"

    @staticmethod
    def daily_every_x_hours(hour_interval: int, starting_hour: int = 0) -> str:
        """Every ``hour_interval`` hours from ``starting_hour``: ``cron(0 <start>/<n> ? * * *)``."""
        return f"cron(0 {starting_hour}/{hour_interval} ? * * *)"

    @staticmethod
    def now() -> str:
        """One run, right away: ``NOW`` (needs an analysis window)."""
        return "NOW"
