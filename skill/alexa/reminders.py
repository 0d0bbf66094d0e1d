"""A reminder to act on the advice, through the Alexa Reminders API.

After an urgent or soon result the skill offers one: in an hour to call the
cancer care team (urgent: today matters), or tomorrow at nine to book an
appointment (soon). The reminder's words name the action, not the reasons.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.services import ServiceException
from ask_sdk_model.ui import AskForPermissionsConsentCard

from .. import speech
from .turn import Turn

if TYPE_CHECKING:  # zoneinfo is imported on the first reminder, not at every cold start
    from zoneinfo import ZoneInfo

log = logging.getLogger(__name__)

PERMISSION = "alexa::alerts:reminders:skill:readwrite"


def reminder_request(level: str, text: str, locale: str, now: datetime, zone: ZoneInfo | None = None):
    """The Reminders API request. Its model classes are imported here, on
    the first reminder, to keep them out of every cold start.

    ``zone``: the device's time zone, so that "tomorrow at nine" is the
    person's tomorrow; unknown, the date is UTC's and Alexa reads the time
    in the device's zone."""
    from ask_sdk_model.services.reminder_management import (
        AlertInfo,
        PushNotification,
        PushNotificationStatus,
        ReminderRequest,
        SpokenInfo,
        SpokenText,
        Trigger,
        TriggerType,
    )

    if level == "urgent":
        trigger = Trigger(object_type=TriggerType.SCHEDULED_RELATIVE, offset_in_seconds=3600)
    elif level == "routine":  # the safety net: not better in two weeks?
        trigger = Trigger(object_type=TriggerType.SCHEDULED_RELATIVE, offset_in_seconds=14 * 24 * 3600)
    else:  # tomorrow at nine, in the device's own time zone
        local = now.astimezone(zone) if zone else now
        nine = (local + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
        trigger = Trigger(
            object_type=TriggerType.SCHEDULED_ABSOLUTE,
            scheduled_time=nine.replace(tzinfo=None),
            time_zone_id=zone.key if zone else None,
        )
    return ReminderRequest(
        request_time=now.replace(tzinfo=None),
        trigger=trigger,
        alert_info=AlertInfo(spoken_info=SpokenInfo(content=[SpokenText(locale=locale, text=text)])),
        push_notification=PushNotification(status=PushNotificationStatus.ENABLED),
    )


_api_client: Any = None


def services(handler_input: HandlerInput) -> Any:
    """The SDK's service clients for this request, built on first use.

    The skill is built without an API client, so that a request needing no
    service never reads ``context.System`` (some envelopes have no context)
    nor imports ``requests`` (about 65 ms of a cold start)."""
    global _api_client
    cached = handler_input.attributes_manager.request_attributes.get("_services")
    if cached is not None:
        return cached
    from ask_sdk_core.api_client import DefaultApiClient
    from ask_sdk_core.serialize import DefaultSerializer
    from ask_sdk_model.services import ApiConfiguration, ServiceClientFactory

    if _api_client is None:
        _api_client = DefaultApiClient()
    system = handler_input.request_envelope.context.system
    factory = ServiceClientFactory(ApiConfiguration(
        serializer=DefaultSerializer(), api_client=_api_client,
        authorization_value=system.api_access_token, api_endpoint=system.api_endpoint,
    ))
    handler_input.attributes_manager.request_attributes["_services"] = factory
    return factory


def device_time_zone(handler_input: HandlerInput) -> ZoneInfo | None:
    """The device's time zone, from the Alexa settings API; None if unknown."""
    try:
        device_id = handler_input.request_envelope.context.system.device.device_id
        from zoneinfo import ZoneInfo

        return ZoneInfo(services(handler_input).get_ups_service().get_system_time_zone(device_id))
    except Exception as e:  # noqa: BLE001 - without it the reminder still works (see reminder_request)
        log.info("device time zone unknown: %s", type(e).__name__)
        return None


def _has_permission(handler_input: HandlerInput) -> bool:
    user = handler_input.request_envelope.context.system.user
    return bool(user and user.permissions and user.permissions.consent_token)


def ask_for_permission(turn: Turn) -> Response:
    turn.handler_input.response_builder.set_card(AskForPermissionsConsentCard(permissions=[PERMISSION]))
    return turn.close(speech.escape(turn.strings["reminder.no_permission"]))


def set_reminder(turn: Turn, level: str) -> Response:
    """Create the reminder; without permission, send the consent card."""
    handler_input = turn.handler_input
    if not _has_permission(handler_input):
        return ask_for_permission(turn)
    interview = turn.interview
    answers = interview.answers if interview is not None else {}
    # Who hears "cancer": a cancer team only for someone who said they had cancer.
    none = "_none" if level in ("urgent", "soon") and speech.history_of(answers) != "yes" else ""
    text = turn.strings[f"reminder.text_{level}{none}"]
    zone = device_time_zone(handler_input) if level == "soon" else None
    request = reminder_request(level, text, turn.strings.locale, datetime.now(UTC), zone)
    try:
        services(handler_input).get_reminder_management_service().create_reminder(request)
    except ServiceException as e:
        if e.status_code in (401, 403):
            return ask_for_permission(turn)
        log.warning("reminder not created: HTTP %s", e.status_code)
        return turn.close(speech.escape(turn.strings["reminder.failed"]))
    except Exception as e:  # noqa: BLE001 - an unreachable API must not end in an error
        log.warning("reminder not created: %s", type(e).__name__)
        return turn.close(speech.escape(turn.strings["reminder.failed"]))
    log.info("reminder created")
    return turn.close(speech.escape(turn.strings[f"reminder.done_{level}"]))
