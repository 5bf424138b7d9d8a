"""Compile a pipeline's steps into definition JSON, as SageMaker's SDK orders them.

Steps are built first-in first-out: the listed steps in order, then every step that is
referenced only as an object (in ``depends_on`` or through a property) and not listed,
at top level after them. ConditionStep branches are built inline, nested in their
condition step. Each step is built inside a compile context (see ``pipeline_context``),
and its pipeline variables are rendered to expressions.

Problems the SDK would reject — duplicate step names, ``depends_on`` names that are not
steps — and ``JsonGet`` reads of property files that the target step does not declare
are raised as ``DefinitionError`` naming the step and field.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from dagmaker.errors import DefinitionError, Issue
from dagmaker.workflow._serialize import NotSerializable, iter_variables, to_json
from dagmaker.workflow._step_base import Step
from dagmaker.workflow.condition_step import ConditionStep
from dagmaker.workflow.entities import referenced_steps
from dagmaker.workflow.functions import JsonGet
from dagmaker.workflow.pipeline_context import StepCompileContext, compile_context
from dagmaker.workflow.pipeline_definition_config import PipelineDefinitionConfig
from dagmaker.workflow.step_collections import StepCollection


class _StepSet:
    """Steps in insertion order, compared by identity."""

    def __init__(self) -> None:
        self._steps: dict[int, Step] = {}

    def __contains__(self, step: Step) -> bool:
        return id(step) in self._steps

    def add(self, step: Step) -> None:
        self._steps.setdefault(id(step), step)

    def items(self) -> list[Step]:
        return list(self._steps.values())


class StepsCompiler:
    """Builds the ``Steps`` list of one definition; use once."""

    def __init__(
        self,
        pipeline_name: str,
        sagemaker_session: Any,
        steps: list[Any],
        pipeline_definition_config: PipelineDefinitionConfig | None = None,
    ) -> None:
        self.pipeline_name = pipeline_name
        self.sagemaker_session = sagemaker_session
        self.pipeline_definition_config = pipeline_definition_config
        self._input = list(steps)
        self._by_name: dict[str, Any] = {}
        self._map_names(self._input)
        self._known = _StepSet()
        self._queue: deque[Step] = deque()
        self._compiled: dict[str, dict[str, Any]] = {}
        self._json_gets: list[tuple[str, str, JsonGet]] = []
        self._used = False

    def build(self) -> list[dict[str, Any]]:
        """The compiled step objects, pure JSON."""
        if self._used:
            raise RuntimeError("a StepsCompiler builds one definition; create a new one")
        self._used = True
        self._push(self._simplify(self._input, "", "Steps"))
        compiled = []
        while self._queue:
            compiled.append(self._build(self._queue.popleft()))
        self._check_json_gets()
        return compiled

    # -- names -----------------------------------------------------------------------

    def _map_names(self, items: list[Any]) -> None:
        for item in items:
            if not isinstance(item, (Step, StepCollection)):
                raise DefinitionError(
                    f"{item!r} is not a step; Pipeline(steps=...) takes steps and step collections",
                    pipeline=self.pipeline_name,
                    field="Steps",
                )
            name = item.name
            if name in self._by_name:
                raise DefinitionError(
                    f"two steps are named {name!r}. Step names must be unique across the "
                    "pipeline, ConditionStep branches included; a step placed in a "
                    "ConditionStep branch must not also be listed in Pipeline(steps=...)",
                    pipeline=self.pipeline_name,
                    step=name,
                    field="Name",
                )
            self._by_name[name] = item
            if isinstance(item, ConditionStep):
                self._map_names(item.if_steps + item.else_steps)
            elif isinstance(item, StepCollection):
                self._map_names(item.steps)

    def _simplify(self, items: list[Any], owner: str, field: str) -> list[Step]:
        """Steps for a list of names, steps and collections (collections expanded)."""
        resolved = _StepSet()
        for item in items:
            target = self._resolve(item, owner, field) if isinstance(item, str) else item
            if isinstance(target, StepCollection):
                for sub_step in target.steps:
                    resolved.add(sub_step)
            elif isinstance(target, Step):
                resolved.add(target)
            else:
                raise DefinitionError(
                    f"{target!r} is not a step, a step name or a step collection",
                    pipeline=self.pipeline_name,
                    step=owner or None,
                    field=field,
                )
        return resolved.items()

    def _resolve(self, name: str, owner: str, field: str) -> Any:
        if name not in self._by_name:
            known = ", ".join(sorted(self._by_name)) or "(none)"
            raise DefinitionError(
                f"{field} names step {name!r}, which is not a step of this pipeline "
                f"(steps: {known}). Add it to Pipeline(steps=[...]) or pass the step object.",
                pipeline=self.pipeline_name,
                step=owner or None,
                field=field,
                value=name,
            )
        return self._by_name[name]

    # -- queue -----------------------------------------------------------------------

    def _push(self, steps: list[Step]) -> None:
        for step in steps:
            if step not in self._known:
                self._queue.append(step)
            if isinstance(step, ConditionStep):
                for member in self._flatten(step):
                    self._known.add(member)
            else:
                self._known.add(step)

    def _flatten(self, condition: ConditionStep) -> list[Step]:
        members = _StepSet()
        members.add(condition)
        branches = condition.if_steps + condition.else_steps
        for step in self._simplify(branches, condition.name, "Arguments.IfSteps"):
            nested = self._flatten(step) if isinstance(step, ConditionStep) else [step]
            for member in nested:
                members.add(member)
        return members.items()

    # -- building --------------------------------------------------------------------

    def _build(self, step: Step) -> dict[str, Any]:
        if isinstance(step, ConditionStep):
            return self._build_condition(step)
        context = StepCompileContext(
            self.pipeline_name, step.name, self.sagemaker_session, self.pipeline_definition_config
        )
        with compile_context(context):
            request = step.to_request()
        depends_on = self._dependencies(step, {k: v for k, v in request.items() if k != "Name"})
        if depends_on:
            request["DependsOn"] = [s.name for s in depends_on]
        return self._finish(step.name, request)

    def _build_condition(self, step: ConditionStep) -> dict[str, Any]:
        depends_on = self._dependencies(step, {"Arguments": step.step_only_arguments})
        if_requests = [self._build(s) for s in self._simplify(step.if_steps, step.name, "IfSteps")]
        else_steps = self._simplify(step.else_steps, step.name, "ElseSteps")
        else_requests = [self._build(s) for s in else_steps]
        request = step.to_request_with_branches(if_requests, else_requests)
        if depends_on:
            request["DependsOn"] = [s.name for s in depends_on]
        return self._finish(step.name, request)

    def _dependencies(self, step: Step, request: dict[str, Any]) -> list[Step]:
        """Resolve ``depends_on`` and queue every step the request reads from."""
        depends_on = self._simplify(step.depends_on or [], step.name, "DependsOn")
        upstream: list[Step] = []
        for path, variable in iter_variables(request):
            refs = referenced_steps(variable)
            upstream.extend(self._simplify(refs, step.name, path))
        for path, variable in iter_variables(request, deep=True):
            if isinstance(variable, JsonGet) and variable.property_file:
                self._json_gets.append((step.name, path, variable))
        self._push(depends_on)
        self._push(upstream)
        return depends_on

    def _finish(self, name: str, request: dict[str, Any]) -> dict[str, Any]:
        try:
            compiled: dict[str, Any] = to_json(request)
        except NotSerializable as exc:
            raise DefinitionError(
                str(exc), pipeline=self.pipeline_name, step=name, field=exc.path
            ) from None
        self._compiled[name] = compiled
        return compiled

    # -- JsonGet ---------------------------------------------------------------------

    def _check_json_gets(self) -> None:
        issues = []
        for owner, path, json_get in self._json_gets:
            problem = self._json_get_problem(json_get)
            if problem:
                issues.append(Issue(owner, path, problem))
        if len(issues) == 1:
            issue = issues[0]
            raise DefinitionError(
                issue.message,
                issues=issues,
                pipeline=self.pipeline_name,
                step=issue.step,
                field=issue.path,
            )
        if issues:
            raise DefinitionError.from_issues(issues, pipeline=self.pipeline_name)

    def _json_get_problem(self, json_get: JsonGet) -> str | None:
        target = json_get.step_name or ""
        file_name = json_get.property_file_name
        compiled = self._compiled.get(target)
        if compiled is None:
            return (
                f"JsonGet reads property file {file_name!r} of step {target!r}, not in the pipeline"
            )
        if compiled.get("Type") != "Processing":
            return (
                f"JsonGet reads property file {file_name!r} of step {target!r}, a "
                f"{compiled.get('Type')} step; property files exist only on Processing steps"
            )
        declared = {f.get("PropertyFileName"): f for f in compiled.get("PropertyFiles", [])}
        if file_name not in declared:
            names = ", ".join(sorted(str(n) for n in declared)) or "(none)"
            return (
                f"JsonGet reads property file {file_name!r}, but step {target!r} declares "
                f"only: {names}; add it to ProcessingStep(property_files=[...])"
            )
        output = declared[file_name].get("OutputName")
        outputs = (compiled.get("Arguments", {}).get("ProcessingOutputConfig") or {}).get(
            "Outputs", []
        )
        if output not in [o.get("OutputName") for o in outputs if isinstance(o, dict)]:
            return (
                f"property file {file_name!r} of step {target!r} is written to output "
                f"{output!r}, which the step's ProcessingOutputConfig does not have"
            )
        return None
