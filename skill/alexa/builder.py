"""The composition root: the one skill that Lambda, Flask and the CLI use."""

from __future__ import annotations

from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder

from ..settings import Settings
from ..store import adapter_for
from .handlers import ApologiseExceptionHandler, request_handlers
from .interceptors import LocaleInterceptor, RetentionInterceptor, TurnLogInterceptor
from .operations import OperationsInterceptor


def skill_builder(settings: Settings | None = None) -> CustomSkillBuilder:
    """Assemble handlers, interceptors and the store named by ``settings``."""
    settings = settings or Settings.from_env()
    store = adapter_for(settings.store, settings.retention)
    # No API client: the SDK would read context.System on every request to
    # build service clients that only reminders use (reminders.services).
    builder = CustomSkillBuilder(persistence_adapter=store)
    builder.skill_id = settings.skill_id
    builder.add_global_request_interceptor(LocaleInterceptor())
    builder.add_global_request_interceptor(RetentionInterceptor(settings.retention))
    builder.add_global_response_interceptor(TurnLogInterceptor())
    builder.add_global_response_interceptor(OperationsInterceptor())
    for handler in request_handlers(store):
        builder.add_request_handler(handler)
    builder.add_exception_handler(ApologiseExceptionHandler())
    return builder


def build_skill(settings: Settings | None = None) -> CustomSkill:
    return skill_builder(settings).create()
