"""The composition root: the one skill that Lambda, Flask and the CLI use."""

from __future__ import annotations

from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_model.services import ApiClient, ApiClientRequest, ApiClientResponse

from ..settings import Settings
from ..store import adapter_for
from .handlers import ApologiseExceptionHandler, request_handlers
from .interceptors import LocaleInterceptor, RetentionInterceptor, TurnLogInterceptor


class LazyApiClient(ApiClient):
    """The SDK's ``DefaultApiClient``, imported on first use: it pulls in
    ``requests`` (about 65 ms of every cold start), and only reminders need it."""

    def __init__(self) -> None:
        self._client: ApiClient | None = None

    def invoke(self, request: ApiClientRequest) -> ApiClientResponse:
        if self._client is None:
            from ask_sdk_core.api_client import DefaultApiClient

            self._client = DefaultApiClient()
        return self._client.invoke(request)


def skill_builder(settings: Settings | None = None) -> CustomSkillBuilder:
    """Assemble handlers, interceptors and the store named by ``settings``."""
    settings = settings or Settings.from_env()
    store = adapter_for(settings.store, keep_days=settings.history_days)
    builder = CustomSkillBuilder(persistence_adapter=store, api_client=LazyApiClient())
    builder.skill_id = settings.skill_id
    builder.add_global_request_interceptor(LocaleInterceptor())
    builder.add_global_request_interceptor(RetentionInterceptor(settings.retention))
    builder.add_global_response_interceptor(TurnLogInterceptor())
    for handler in request_handlers(store):
        builder.add_request_handler(handler)
    builder.add_exception_handler(ApologiseExceptionHandler())
    return builder


def build_skill(settings: Settings | None = None) -> CustomSkill:
    return skill_builder(settings).create()
