"""Calendar feeds: secret iCalendar URLs of a project's or an organisation's dates."""

from hub.api.calendar.mutations.create_calendar_feed import CreateCalendarFeedMutation
from hub.api.calendar.mutations.revoke_calendar_feed import RevokeCalendarFeedMutation
from hub.api.calendar.queries import CalendarQueries

QUERIES: tuple[type, ...] = (CalendarQueries,)
TYPES: tuple[type, ...] = ()
MUTATIONS: tuple[type, ...] = (CreateCalendarFeedMutation, RevokeCalendarFeedMutation)
