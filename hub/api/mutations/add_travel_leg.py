"""addTravelLeg: add one leg of the journeys to an activity; its carbon estimate (kg CO2e)
is computed from the mode's emission factor and frozen on the event.

Scope activities:write; a partner of the project the activity belongs to, or a manager.
"""

from __future__ import annotations

from decimal import Decimal

import strawberry

from domain.activities import TravelLeg, TravelMode
from hub.api.context import Info
from hub.api.mutations import read_back
from hub.api.mutations.common import CommandInput, CommandPayload, allowed, choice, parse_id
from hub.api.mutations.plumbing import execute
from hub.api.mutations.tenancy import require_activity_partner
from hub.api.permissions import require
from hub.commands import AddTravelLeg


@strawberry.input
class AddTravelLegInput(CommandInput):
    activity_id: strawberry.ID
    mode: str = strawberry.field(description=allowed(TravelMode))
    distance_km: Decimal
    travellers: int = 1


@strawberry.type
class AddTravelLegPayload(CommandPayload):
    pass


@strawberry.type
class AddTravelLegMutation:
    @strawberry.mutation(description="Add a travel leg to an activity.")
    async def add_travel_leg(self, info: Info, input: AddTravelLegInput) -> AddTravelLegPayload:
        require(info, "activities:write")
        activity_id = parse_id(input.activity_id, "activityId")
        partner = await require_activity_partner(info, activity_id)
        leg = TravelLeg(choice(TravelMode, input.mode, "mode"), input.distance_km, input.travellers)
        written = await execute(
            info, AddTravelLeg(activity_id, leg), input, read_models=read_back.ACTIVITIES,
            target=activity_id, on_behalf_of=partner,
        )  # fmt: skip
        return AddTravelLegPayload(**written.fields)
